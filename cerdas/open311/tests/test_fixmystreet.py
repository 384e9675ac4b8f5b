"""Cerdas as FixMyStreet's Open311 endpoint, with the requests FixMyStreet really sends.

The parameters below follow mysociety/fixmystreet `perllib/Open311.pm`
(`_populate_service_request_params`, `_populate_service_request_update_params`) and
`perllib/Open311/GetServiceRequestUpdates.pm`: the XML endpoints, `api_key` and
`jurisdiction_id` in the body, names split in two, coordinates cut to six decimals, the
description as title, detail and the report's address; with `upload_files` on, photos
come as multipart `photo1`, `photo2`, ... (and attachments as `file_<name>`) and
`media_url` is left out. FixMyStreet reads `request/service_request_id` and
`request_update/update_id` from the XML answer and counts anything else (any 4xx) as a
failed send that it retries at its next run.
"""

import io
import itertools

import pytest
from django.utils import timezone

from cerdas.complaints import services
from cerdas.complaints.models import Action, Complaint, ComplaintEvent, PhotoKind, State
from conftest import PASAR_45, jpeg_bytes

from .util import BASE, xml_root

REQUESTS = f"{BASE}/requests.xml"
UPDATES = f"{BASE}/servicerequestupdates.xml"
_COMMENT_IDS = itertools.count(90001)


def _photo(name: str) -> io.BytesIO:
    data = io.BytesIO(jpeg_bytes())
    data.name = name
    return data


def fms_problem(key, **extra) -> dict:
    """A problem as `send_service_request` posts it (extended_description, UK-less)."""
    lat, lon = PASAR_45
    params = {
        "api_key": key.raw,
        "jurisdiction_id": "manado",
        "description": (
            "Lubang di Jl. Sam Ratulangi\n\nLubang besar depan toko roti, motor jatuh.\n\n"
            "https://fixmystreet.manado.example/report/4471\n"
        ),
        "service_code": "jalan-rusak",
        "first_name": "Budi",
        "last_name": "Santoso",
        "email": "budi@example.com",
        "phone": "+6281234567890",
        "lat": f"{lat:.6f}",
        "long": f"{lon:.6f}",
    }
    params.update(extra)
    return params


def fms_comment(key, complaint, status: str, text: str, **extra) -> dict:
    """A comment as `post_service_request_update` posts it."""
    params = {
        "api_key": key.raw,
        "jurisdiction_id": "manado",
        "updated_datetime": timezone.now().replace(microsecond=0).isoformat(),
        "service_request_id": complaint.code,
        "status": status,
        "description": text,
        "last_name": "Santoso",
        "first_name": "Budi",
        "email": "budi@example.com",
        "update_id": str(next(_COMMENT_IDS)),
    }
    params.update(extra)
    return params


def _sent_id(response) -> str:
    """What FixMyStreet reads from the answer: `$obj->{request}->[0]->{service_request_id}`."""
    assert response.status_code == 200, response.content
    return xml_root(response).findtext("request/service_request_id")


def _update_id(response) -> str:
    assert response.status_code == 200, response.content
    return xml_root(response).findtext("request_update/update_id")


def test_photos_uploaded_as_photo1_photo2_are_kept(client, city, keys):
    response = client.post(
        REQUESTS,
        fms_problem(keys.submit, photo1=_photo("1.jpeg"), photo2=_photo("2.jpeg")),
    )
    complaint = Complaint.objects.get(code=_sent_id(response))
    assert complaint.photos.filter(kind=PhotoKind.REPORT).count() == 2
    assert "_media_url" not in complaint.attributes


def test_file_attachments_are_photos_too_and_a_non_image_is_refused(client, city, keys):
    response = client.post(REQUESTS, fms_problem(keys.submit, file_foto_lokasi=_photo("a.jpg")))
    complaint = Complaint.objects.get(code=_sent_id(response))
    assert complaint.photos.count() == 1

    text = io.BytesIO(b"bukan gambar")
    text.name = "catatan.txt"
    before = Complaint.objects.count()
    response = client.post(REQUESTS, fms_problem(keys.submit, photo1=text))
    assert response.status_code == 400
    assert xml_root(response).findtext("error/description")
    assert Complaint.objects.count() == before  # nothing half-written


def test_a_report_just_sent_reads_back_before_verification(client, city, keys):
    code = _sent_id(client.post(REQUESTS, fms_problem(keys.submit)))
    response = client.get(f"{BASE}/requests.xml", {"service_request_id": code})
    assert response.status_code == 200
    request = xml_root(response).find("request")
    assert request.findtext("service_request_id") == code
    assert request.findtext("status") == "open"
    assert request.findtext("description") == ""
    assert "Sam Ratulangi" not in response.content.decode()


def test_the_same_comment_sent_twice_is_one_update(client, city, keys):
    code = _sent_id(client.post(REQUESTS, fms_problem(keys.submit)))
    complaint = Complaint.objects.get(code=code)
    complaint = services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Di depan nomor berapa?"
    )
    comment = fms_comment(keys.submit, complaint, "OPEN", "Depan nomor 12.")
    first = _update_id(client.post(UPDATES, {**comment, "photo1": _photo("1.jpeg")}))
    again = _update_id(client.post(UPDATES, {**comment, "photo1": _photo("1.jpeg")}))
    assert first == again
    event = ComplaintEvent.objects.get(pk=first)
    assert event.action == Action.PROVIDE_INFO and event.photos.count() == 1
    assert (
        ComplaintEvent.objects.filter(complaint=complaint, action=Action.PROVIDE_INFO).count() == 1
    )
    complaint.refresh_from_db()
    assert complaint.state == State.NEW


def test_a_reopened_report_is_an_update_fixmystreet_understands(client, city, keys):
    """GetServiceRequestUpdates only moves a report to a state it knows (visible_states):
    `reopen` would leave it fixed on FixMyStreet while the agency works on it again."""
    complaint = services.complaint_submit(
        category=city.road,
        description="Lubang di depan pasar.",
        latitude=1.4917,
        longitude=124.8410,
    )
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    complaint = services.complaint_accept(complaint=complaint, user=city.head)
    complaint = services.complaint_follow_up(
        complaint=complaint,
        user=city.officer,
        note="Sudah ditambal.",
        photos=[services.Upload(name="bukti.jpg", data=jpeg_bytes())],
    )
    complaint = services.complaint_validate(complaint=complaint, user=city.operator)
    services.complaint_reopen(
        complaint=complaint, user=None, reason="Lubangnya muncul lagi.", reporter_link=True
    )
    response = client.get(UPDATES)
    updates = xml_root(response).findall("request_update")
    statuses = [u.findtext("status") for u in updates]
    assert statuses[-2:] == ["fixed", "in_progress"]
    fms_visible = {
        "open", "investigating", "in_progress", "action_scheduled", "fixed", "closed",
        "duplicate", "not_councils_responsibility", "no_further_action", "internal_referral",
    }  # fmt: skip
    assert set(statuses) <= fms_visible
    assert updates[-1].findtext("external_status_code") == State.IN_PROGRESS


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_update_answer_is_what_fixmystreet_reads(client, city, keys, fmt):
    code = _sent_id(client.post(REQUESTS, fms_problem(keys.submit)))
    complaint = services.complaint_request_info(
        complaint=Complaint.objects.get(code=code), user=city.operator, question="Nomor rumah?"
    )
    response = client.post(
        f"{BASE}/servicerequestupdates.{fmt}", fms_comment(keys.submit, complaint, "OPEN", "12.")
    )
    assert response.status_code == 200, response.content
    if fmt == "xml":
        assert _update_id(response).isdigit()
    else:
        assert response.json()[0]["update_id"].isdigit()
