"""Editors write in the Django admin: the Humas group may, other staff may not; an
uploaded picture is stored re-encoded, without its EXIF."""

import io

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cerdas.accounts.models import Role
from cerdas.news.apps import HUMAS_GROUP
from cerdas.news.models import Article, EmergencyBanner
from conftest import jpeg_bytes, make_user

FORM = {
    "kind": "berita",
    "title": "Festival Pesona Manado",
    "slug": "",
    "summary": "",
    "body": "Festival budaya di kawasan Boulevard.",
    "image_caption": "",
    "publish_at_0": "2026-12-01",
    "publish_at_1": "09:00:00",
}


def test_humas_editor_publishes_with_a_clean_image(client, city):
    editor = make_user("humas", Role.OPERATOR, is_staff=True)
    editor.groups.add(Group.objects.get(name=HUMAS_GROUP))
    client.force_login(editor)
    upload = SimpleUploadedFile("foto.jpg", jpeg_bytes(gps=(1.47, 124.84)), "image/jpeg")
    response = client.post("/admin/news/article/add/", {**FORM, "image": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.slug == "festival-pesona-manado" and article.created_by == editor
    with article.image.open("rb") as f, Image.open(io.BytesIO(f.read())) as image:
        assert image.format == "JPEG" and len(image.getexif()) == 0


def test_a_bad_image_is_refused_and_nothing_saved(client, city):
    client.force_login(city.admin)
    upload = SimpleUploadedFile("foto.jpg", b"bukan gambar", "image/jpeg")
    response = client.post("/admin/news/article/add/", {**FORM, "image": upload})
    assert response.status_code == 200
    assert "bukan foto" in response.content.decode()
    assert not Article.objects.exists()


def test_staff_without_the_humas_group_cannot_edit_news(client, city):
    clerk = make_user("staf", Role.OPERATOR, is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/news/article/add/").status_code == 403
    assert client.post("/admin/news/emergencybanner/add/", {"text": "x"}).status_code == 403
    client.force_login(city.citizen)
    assert client.get("/admin/news/article/add/").status_code == 302
    assert not EmergencyBanner.objects.exists()


def test_banner_end_before_start_is_a_form_error(client, city):
    client.force_login(city.admin)
    response = client.post(
        "/admin/news/emergencybanner/add/",
        {
            "text": "Banjir",
            "level": "siaga",
            "link": "",
            "starts_at_0": "2026-12-01",
            "starts_at_1": "10:00:00",
            "expires_at_0": "2026-12-01",
            "expires_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "Waktu berakhir harus setelah waktu mulai" in response.content.decode()
    assert not EmergencyBanner.objects.exists()
