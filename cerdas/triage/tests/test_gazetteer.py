import pytest
from django.urls import reverse

from cerdas.triage import gazetteer

pytestmark = pytest.mark.django_db


def test_kelurahan_with_misspelling():
    best = gazetteer.find("jalan rusak di kel. pinaesan dekat gereja")[0]
    assert best.entry.kind == "kelurahan" and best.area.name == "Pinaesaan"
    assert best.area.parent.name == "Wenang"
    assert best.lat is not None


def test_well_known_place_and_old_name():
    best = gazetteer.find("sampah numpuk di psr 45")[0]
    assert best.entry.name == "Pasar 45" and best.area.name == "Pinaesaan"
    assert (best.lat, best.lon) == (1.4917, 124.8410)
    airport = gazetteer.find("lampu mati dekat bandara mapanget")[0]
    assert airport.entry.name == "Bandara Sam Ratulangi" and airport.area.name == "Lapangan"


def test_kecamatan_and_nothing():
    best = gazetteer.find("banjir di kecamatan tikala")[0]
    assert best.area.name == "Tikala"
    assert gazetteer.find("tolong segera diperbaiki ya pak") == []
    assert gazetteer.find("") == []


def test_places_endpoint(client):
    data = client.get(reverse("triage:places"), {"q": "dekat megamas"}).json()
    assert data["places"][0]["label"].startswith("Kawasan Megamas")
    assert data["places"][0]["lat"] is not None


def test_operator_sees_places_of_a_report_without_point(city, submit, client):
    complaint = submit(latitude=None, longitude=None, address="depan psr 45, kel pinaesan")
    url = reverse("complaints:detail", args=[complaint.code])
    client.force_login(city.operator)
    page = client.get(url).content.decode()
    assert 'id="place-suggestions"' in page and "Pasar 45 (Kel. Pinaesaan" in page
    client.force_login(city.leader)
    assert 'id="place-suggestions"' not in client.get(url).content.decode()
