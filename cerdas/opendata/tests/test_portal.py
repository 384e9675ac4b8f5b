"""The portal's pages: search with facets, previews, and who sees and changes what."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cerdas.opendata.models import Dataset, Resource, Row


def login(client, user):
    client.force_login(user)


def names(response) -> list[str]:
    return re.findall(r'class="card item dataset" data-name="([^"]+)"', response.content.decode())


def test_search_and_facets(client, portal):
    roads, people, draft, submitted = portal.roads, portal.people, portal.draft, portal.submitted
    page = client.get("/data/")
    assert page.status_code == 200
    assert sorted(names(page)) == sorted([roads.name, people.name])
    html = page.content.decode()
    assert 'data-facet="tahun"' in html and 'data-facet="organisasi"' in html
    assert draft.title not in html and submitted.title not in html
    assert names(client.get("/data/", {"tag": "jalan"})) == [roads.name]
    assert names(client.get("/data/", {"tahun": "2024"})) == [people.name]
    assert names(client.get("/data/", {"q": "jalan"})) == [roads.name]
    assert names(client.get("/data/", {"tahun": "2024", "tag": "jalan"})) == []
    assert names(client.get("/data/", {"format": "CSV", "urut": "nama"})) == [
        people.name,
        roads.name,
    ]
    # a facet link toggles its filter
    faceted = client.get("/data/", {"grup": "infrastruktur"}).content.decode()
    assert "aria-current" in faceted and '<strong id="result-count">1</strong>' in faceted


def test_resource_page_previews_and_charts(client, portal):
    roads = portal.roads
    resource = roads.resources.get()
    page = client.get(f"/data/dataset/{roads.name}/sumber/{resource.id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<th scope="col">panjang_km</th>' in html and "<td>Wenang</td>" in html
    assert html.count("<rect ") == 2  # one bar per kecamatan
    assert 'width="300.0"' in html  # the longest bar (Wenang, 42.5) fills the scale
    download = client.get(f"/data/dataset/{roads.name}/sumber/{resource.id}/unduh/jalan.csv")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("who", [None, "citizen", "other_officer", "leader"])
def test_drafts_are_invisible_to_others(client, portal, data_city, who):
    if who:
        login(client, getattr(data_city, who))
    for dataset in (portal.draft, portal.submitted):
        resource = dataset.resources.get()
        assert client.get(f"/data/dataset/{dataset.name}/").status_code == 404
        base = f"/data/dataset/{dataset.name}/sumber/{resource.id}/"
        assert client.get(base).status_code == 404
        assert client.get(base + f"unduh/{resource.filename}").status_code == 404


@pytest.mark.parametrize("who", ["officer", "head", "walidata"])
def test_producers_and_walidata_see_drafts(client, portal, data_city, who):
    login(client, getattr(data_city, who))
    draft = portal.draft
    page = client.get(f"/data/dataset/{draft.name}/")
    assert page.status_code == 200 and "belum tampil untuk publik" in page.content.decode()


def test_producer_screens_create_upload_and_submit(client, data_city):
    login(client, data_city.officer)
    response = client.post(
        "/data/kelola/baru/",
        {"title": "Titik banjir", "frequency": "tahunan", "year": 2024, "license_id": "cc-by"},
    )
    dataset = Dataset.objects.get()
    assert response.status_code == 302 and dataset.state == "draf"
    bad = SimpleUploadedFile("banjir.csv", b"kelurahan;titik\nTikala Baru;3\nBanjer\n")
    response = client.post(
        f"/data/dataset/{dataset.name}/tambah-sumber/",
        {"kind": "upload", "name": "Titik", "file": bad},
    )
    assert response.status_code == 400
    assert "Baris 3: 1 kolom, seharusnya 2" in response.content.decode()
    assert (Resource.objects.count(), Row.objects.count()) == (0, 0)
    good = SimpleUploadedFile("banjir.csv", b"kelurahan;titik\nTikala Baru;3\nBanjer;5\n")
    response = client.post(
        f"/data/dataset/{dataset.name}/tambah-sumber/",
        {"kind": "upload", "name": "Titik", "file": good},
    )
    assert response.status_code == 302 and Row.objects.count() == 2
    response = client.post(f"/data/dataset/{dataset.name}/ajukan/")
    dataset.refresh_from_db()
    assert response.status_code == 302 and dataset.state == "diajukan"
    # the producer may not publish it themselves
    assert client.post(f"/data/dataset/{dataset.name}/terbitkan/").status_code == 403
    dataset.refresh_from_db()
    assert dataset.state == "diajukan"


def test_walidata_publishes_and_returns_through_the_screens(client, make_dataset, data_city):
    dataset = make_dataset(state="diajukan")
    login(client, data_city.walidata)
    queue = client.get("/data/kelola/").content.decode()
    assert f'data-name="{dataset.name}"' in queue
    client.post(f"/data/dataset/{dataset.name}/terbitkan/")
    dataset.refresh_from_db()
    assert dataset.state == "terbit"
    client.post(f"/data/dataset/{dataset.name}/kembalikan/", {"note": "Data tahun salah."})
    dataset.refresh_from_db()
    assert dataset.state == "dikembalikan" and dataset.review_note == "Data tahun salah."


@pytest.mark.parametrize("who", ["citizen", "other_officer", "leader"])
def test_others_cannot_change_or_publish_an_agencys_dataset(client, make_dataset, data_city, who):
    submitted = make_dataset(state="diajukan")
    published = make_dataset("Sudah terbit")
    login(client, getattr(data_city, who))
    for action in ("terbitkan", "kembalikan", "ajukan"):
        response = client.post(f"/data/dataset/{submitted.name}/{action}/", {"note": "x"})
        # 403 without a producer's role; another OPD's officer: it does not exist for them
        assert response.status_code == (404 if who == "other_officer" else 403)
        response = client.post(f"/data/dataset/{published.name}/{action}/", {"note": "x"})
        assert response.status_code == 403
    for path in ("ubah/", "tambah-sumber/"):
        assert client.get(f"/data/dataset/{published.name}/{path}").status_code == 403
    resource = published.resources.get()
    response = client.post(f"/data/dataset/{published.name}/sumber/{resource.id}/hapus/")
    assert response.status_code == 403
    submitted.refresh_from_db()
    published.refresh_from_db()
    assert (submitted.state, published.state) == ("diajukan", "terbit")
    assert published.resources.count() == 1


def test_anonymous_is_sent_to_login(client, make_dataset):
    published = make_dataset()
    response = client.post(f"/data/dataset/{published.name}/kembalikan/", {"note": "x"})
    assert response.status_code == 302 and "/akun/" in response["Location"]
    assert client.get("/data/kelola/").status_code == 302
    published.refresh_from_db()
    assert published.state == "terbit"
