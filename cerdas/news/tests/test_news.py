import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from PIL import Image

from cerdas.complaints.services import Upload
from cerdas.complaints.workflow import WorkflowError
from cerdas.news.models import Article
from cerdas.news.services import clean_article_image
from conftest import jpeg_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


def test_scheduled_article_is_hidden_until_its_time(client, make_article):
    later = make_article(title="Pengumuman lelang", publish_at=timezone.now() + timedelta(days=1))
    now_one = make_article(title="Kerja bakti Minggu ini")
    draft = make_article(title="Draf rahasia", is_draft=True)
    html = client.get("/berita/").content.decode()
    assert "Kerja bakti Minggu ini" in html
    assert "Pengumuman lelang" not in html and "Draf rahasia" not in html
    assert client.get(f"/berita/{later.slug}/").status_code == 404
    assert client.get(f"/berita/{draft.slug}/").status_code == 404
    assert client.get(f"/berita/{now_one.slug}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert client.get(f"/berita/{later.slug}/").status_code == 200
        assert "Pengumuman lelang" in client.get("/berita/").content.decode()


def test_list_filters_by_category_and_kind(client, make_article, category):
    make_article(title="Bersih sungai", category=category)
    make_article(title="Libur nasional", kind="pengumuman")
    html = client.get("/berita/?kategori=lingkungan").content.decode()
    assert "Bersih sungai" in html and "Libur nasional" not in html
    html = client.get("/berita/?jenis=pengumuman").content.decode()
    assert "Libur nasional" in html and "Bersih sungai" not in html


def test_slugs_are_unique_and_made_from_the_title(make_article):
    a = make_article(title="Rapat Warga")
    b = make_article(title="Rapat Warga")
    assert a.slug == "rapat-warga" and b.slug.startswith("rapat-warga-") and a.slug != b.slug


def test_images_are_reencoded_without_exif(client, make_article):
    raw = jpeg_bytes(gps=(1.4748, 124.8421), size=(80, 60))
    article = make_article(image=clean_article_image(Upload(name="banjir.jpg", data=raw)))
    response = client.get(f"/berita/gambar/{article.pk}/")
    data = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (80, 60)
        assert len(image.getexif()) == 0
    with pytest.raises(WorkflowError, match="bukan foto"):
        clean_article_image(Upload(name="x.jpg", data=b"not an image at all"))


def test_image_of_a_scheduled_article_is_not_served(client, make_article):
    raw = jpeg_bytes()
    article = make_article(
        image=clean_article_image(Upload(name="a.jpg", data=raw)),
        publish_at=timezone.now() + timedelta(hours=3),
    )
    assert client.get(f"/berita/gambar/{article.pk}/").status_code == 404


def test_rss_feed_parses_and_lists_only_published(client, make_article, category):
    make_article(title="Kerja bakti", category=category)
    make_article(title="Besok saja", publish_at=timezone.now() + timedelta(days=1))
    response = client.get("/berita/rss/")
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own output)
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Kerja bakti"]
    assert (
        items[0]
        .findtext("link")
        .endswith(f"/berita/{Article.objects.get(title='Kerja bakti').slug}/")
    )
    assert items[0].findtext("category") == "Lingkungan"
    assert items[0].findtext("pubDate")


def test_atom_feed_parses(client, make_article):
    make_article(title="Kerja bakti")
    response = client.get("/berita/atom/")
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Kerja bakti"]
    assert entries[0].findtext(f"{ATOM}updated")
