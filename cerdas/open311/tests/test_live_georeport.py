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


def test_georeport_client_follows_a_report_to_its_closure(live_server, areas, city, keys):
    """What a citizen's app does after filing: poll the request until it is closed, and
    read the steps on the way (mySociety's servicerequestupdates)."""
    root = f"{live_server.url}/open311/v2"
    lat, lon = PASAR_45
    response = http.post(
        f"{root}/requests.json",
        data={
            "api_key": keys.submit.raw,
            "service_code": "sampah",
            "lat": lat,
            "long": lon,
            "description": "Sampah menumpuk di depan pasar sejak Senin.",
        },
    )
    assert response.status_code == 200, response.text
    code = response.json()[0]["service_request_id"]
    client = GeoReport(root, output_format="json")
    # Read back at once, as the client does after its own POST: before verification a
    # minimal record (no text, place or photos), not a 404.
    pending = client.get_service_request(code)
    validate("request", pending)
    assert pending["service_request_id"] == code and pending["status"] == "open"
    assert pending["description"] is None and pending["lat"] is None
    complaint = Complaint.objects.get(code=code)
    complaint = services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.dlh)
    assert client.get_service_request(code)["status"] == "open"
    complaint = services.complaint_accept(complaint=complaint, user=city.other_head)
    complaint = services.complaint_follow_up(
        complaint=complaint,
        user=city.other_officer,
        note="Sampah sudah diangkut truk DLH.",
        photos=[services.Upload(name="bukti.jpg", data=jpeg_bytes())],
    )
    services.complaint_validate(complaint=complaint, user=city.operator)

    closed = client.get_service_request(code)
    validate("request", closed)
    assert closed["status"] == "closed"
    assert closed["agency_responsible"] == "Dinas Lingkungan Hidup"
    assert client.get_service_requests(service_request_id=code, status="closed") == [closed]
    updates = http.get(
        f"{root}/servicerequestupdates.json", params={"api_key": keys.submit.raw}
    ).json()
    mine = [u for u in updates if u["service_request_id"] == code]
    assert [u["status"] for u in mine][-1] == "fixed"
    assert [u["description"] for u in mine] == [
        "Laporan diterima",
        "Diverifikasi dan diteruskan ke OPD: Dinas Lingkungan Hidup",
        "Diterima OPD",
        "Tindak lanjut dilaporkan. Sampah sudah diangkut truk DLH.",
        "Tindak lanjut divalidasi",
    ]
