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
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cerdas.complaints import services
from cerdas.complaints.models import Action, Complaint, ComplaintEvent, PhotoKind, State
from cerdas.notifications.models import Notification
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


@pytest.fixture
def sent(client, city, keys):
    """A report FixMyStreet sent, and a helper to move it along as the city would."""
    code = _sent_id(client.post(REQUESTS, fms_problem(keys.submit)))
    return Complaint.objects.get(code=code)


def _with_agency(city, complaint):
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    return services.complaint_accept(complaint=complaint, user=city.head)


def _fixed(city, complaint):
    complaint = services.complaint_follow_up(
        complaint=_with_agency(city, complaint),
        user=city.officer,
        note="Sudah ditambal.",
        photos=[services.Upload(name="bukti.jpg", data=jpeg_bytes())],
    )
    return services.complaint_validate(complaint=complaint, user=city.operator)


def _post(client, keys, complaint, status, text, **files):
    response = client.post(UPDATES, {**fms_comment(keys.submit, complaint, status, text), **files})
    event = ComplaintEvent.objects.get(pk=_update_id(response))
    complaint.refresh_from_db()
    return event, complaint


@pytest.mark.parametrize("status", ["OPEN", "IN_PROGRESS", "ACTION_SCHEDULED", "INVESTIGATING"])
def test_a_comment_on_an_open_case_is_information_and_moves_nothing(
    client, city, keys, sent, status, django_capture_on_commit_callbacks
):
    """The comment reaches the city (the agency holding the case is told) and the case
    stays where it was, whatever FixMyStreet thinks the report's state is."""
    city.officer.email = "petugas@pupr.example.com"
    city.officer.save()
    complaint = services.complaint_accept(
        complaint=services.complaint_dispose(complaint=sent, user=city.operator, agency=city.pupr),
        user=city.head,
        officer=city.officer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        event, after = _post(
            client, keys, complaint, status, "Sekarang ada genangan juga.", photo1=_photo("1.jpeg")
        )
    assert event.action == Action.ADD_INFO
    assert event.note == "Sekarang ada genangan juga." and event.photos.count() == 1
    assert after.state == State.IN_PROGRESS and event.to_state == State.IN_PROGRESS
    assert Notification.objects.filter(complaint=after, template="officer_reporter_info").exists()


def test_a_comment_before_verification_is_information_too(client, city, keys, sent):
    event, after = _post(client, keys, sent, "OPEN", "Lubangnya makin lebar.")
    assert event.action == Action.ADD_INFO and after.state == State.NEW


@pytest.mark.parametrize("status", ["CLOSED", "FIXED"])
def test_marked_fixed_by_the_user_is_the_reporters_sudah_beres(client, city, keys, sent, status):
    complaint = _with_agency(city, sent)
    event, after = _post(client, keys, complaint, status, "Sudah diperbaiki kemarin, terima kasih.")
    assert event.action == Action.CONFIRM_FIXED
    assert after.state == State.IN_PROGRESS  # the command center decides, not the comment
    # The operator and the agency see it among the case's events; the key that sent it
    # does not get it back as an update, another reader does.
    response = client.get(UPDATES, {"api_key": keys.submit.raw})
    sent_back = [u.findtext("update_id") for u in xml_root(response).findall("request_update")]
    assert str(event.pk) not in sent_back
    response = client.get(UPDATES, {"api_key": keys.read_all.raw})
    (update,) = [
        u for u in xml_root(response).findall("request_update")
        if u.findtext("update_id") == str(event.pk)
    ]  # fmt: skip
    assert update.findtext("status") == "in_progress"  # the report stays where it is


def test_marked_fixed_on_a_resolved_report_is_kept_as_information(client, city, keys, sent):
    complaint = _fixed(city, sent)
    event, after = _post(client, keys, complaint, "CLOSED", "Betul, sudah bagus.")
    assert event.action == Action.ADD_INFO and after.state == State.RESOLVED


@pytest.mark.parametrize("status", ["OPEN", "REOPEN"])
def test_reopened_by_the_user_reopens_the_case(client, city, keys, sent, status):
    complaint = _fixed(city, sent)
    event, after = _post(client, keys, complaint, status, "Lubangnya muncul lagi.")
    assert event.action == Action.REOPEN and after.state == State.IN_PROGRESS


def test_reopened_after_the_window_is_kept_as_information(client, city, keys, sent):
    complaint = _fixed(city, sent)
    later = complaint.resolved_at + timedelta(days=30)
    with time_machine.travel(later, tick=False):
        event, after = _post(client, keys, complaint, "OPEN", "Masih rusak.")
    assert event.action == Action.ADD_INFO and after.state == State.RESOLVED


def test_a_comment_on_a_rejected_report_is_kept(client, city, keys, sent):
    complaint = services.complaint_reject(complaint=sent, user=city.operator, reason="Spam.")
    event, after = _post(client, keys, complaint, "CLOSED", "Ini bukan spam, lubangnya nyata.")
    assert event.action == Action.ADD_INFO and after.state == State.REJECTED


def test_another_key_cannot_comment_on_a_report_it_did_not_send(client, city, keys, sent):
    comment = fms_comment(keys.other_submit, _with_agency(city, sent), "OPEN", "Halo.")
    response = client.post(UPDATES, comment)
    assert response.status_code == 400  # it may read the public case, not act as its reporter
    assert "tidak berwenang" in xml_root(response).findtext("error/description")
    assert not ComplaintEvent.objects.filter(action=Action.ADD_INFO).exists()
