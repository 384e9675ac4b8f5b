"""A real third-party Open311 client (PyPI `georeport`) against a live server."""

import pytest
import requests
from georeport import GeoReport

from cerdas.areas.models import Area
from cerdas.complaints import services
from cerdas.complaints.models import Complaint
from conftest import PASAR_45, jpeg_bytes

from .util import validate


@pytest.fixture
def areas(transactional_db):
    # Normally loaded once per session; an earlier transactional test may have flushed them.
    if not Area.objects.exists():
        from cerdas.areas.services import areas_load

        areas_load()


class http:  # noqa: N801 (used like the requests module)
    """Our own calls, each on a fresh connection the server closes with its answer: no
    server thread is left waiting on an idle keep-alive socket when the session's live
    server stops (and then trips over the shared in-memory SQLite connection)."""

    @staticmethod
    def get(url, **kwargs):
        return requests.get(url, headers={"Connection": "close"}, timeout=30, **kwargs)

    @staticmethod
    def post(url, **kwargs):
        return requests.post(url, headers={"Connection": "close"}, timeout=30, **kwargs)


def test_georeport_client_reads_services_and_requests(live_server, areas, city, questions, keys):
    root = f"{live_server.url}/open311/v2"
    # File a report over HTTP as an app would (georeport itself only reads), with a photo.
    lat, lon = PASAR_45
    response = http.post(
        f"{root}/requests.json",
        data={
            "api_key": keys.submit.raw,
            "service_code": "jalan-rusak",
            "lat": lat,
            "long": lon,
            "description": "Lubang besar di depan pasar.",
            "first_name": "Budi",
            "attribute[ukuran]": "besar",
            "attribute[bahaya][]": ["motor", "mobil"],
        },
        files={"media": ("lubang.jpg", jpeg_bytes(), "image/jpeg")},
    )
    assert response.status_code == 200, response.text
    code = response.json()[0]["service_request_id"]
    complaint = Complaint.objects.get(code=code)
    assert complaint.attributes == {"ukuran": "besar", "bahaya": ["motor", "mobil"]}
    # Public once the command center has verified it.
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)

    client = GeoReport(root, jurisdiction="manadokota.go.id", output_format="json")
    service_list = client.get_service_list()
    validate("services", service_list)
    assert [s["service_code"] for s in service_list] == ["jalan-rusak", "pungli", "sampah"]
    definition = client.get_service_definition("jalan-rusak")
    validate("service-definition", definition)
    assert definition["attributes"][0]["code"] == "ukuran"
    listed = client.get_service_requests(status="open", service_code="jalan-rusak")
    validate("requests", listed)
    assert [r["service_request_id"] for r in listed] == [code]
    one = client.get_service_request(code)
    validate("request", one)
    assert one["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert one["media_url"].startswith(live_server.url + "/foto/")
    photo = http.get(one["media_url"])
    assert photo.headers["Content-Type"] == "image/jpeg" and photo.content
    assert client.get_service_requests(service_request_id=f"{code},MDO-XXXX-XX") == [one]

    xml_client = GeoReport(root, output_format="xml")
    services_xml = xml_client.get_service_list()
    assert [s["service_code"] for s in services_xml] == ["jalan-rusak", "pungli", "sampah"]
    assert services_xml[0]["metadata"] == "true"
    definition_xml = xml_client.get_service_definition("jalan-rusak")
    first = definition_xml["attributes"]["attribute"][0]
    assert first["code"] == "ukuran"
    assert [v["key"] for v in first["values"]["value"]] == ["kecil", "besar"]
    one_xml = xml_client.get_service_request(code)  # a single request: one element
    assert one_xml["service_request_id"] == code and one_xml["status"] == "open"
    assert one_xml["requested_datetime"] == one["requested_datetime"]
    assert xml_client.get_service_requests(start_date=one["requested_datetime"])["lat"] == str(lat)
    missing = http.get(f"{root}/requests/MDO-XXXX-XX.xml")
    assert missing.status_code == 404 and "<code>404</code>" in missing.text
    for text in ("Budi", "081234567890", "budi@example.com"):
        assert text not in http.get(f"{root}/requests.xml").text
