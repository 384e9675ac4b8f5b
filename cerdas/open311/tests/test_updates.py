"""mySociety's extension: GET and POST servicerequestupdates.{fmt}, as FixMyStreet uses it."""

import io
import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from cerdas.api.models import ApiSubmission
from cerdas.complaints import services
from cerdas.complaints.models import Action, ComplaintEvent, Privacy, State
from conftest import jpeg_bytes

from .util import BASE, as_dict, assert_no_personal_data, get_json, get_xml, xml_root

URL = f"{BASE}/servicerequestupdates.json"


def _lifecycle(city, submit, photo):
    """A public case from report to validated fix, with internal steps in between."""
    c = submit(photos=[photo])
    c = services.complaint_dispose(complaint=c, user=city.operator, agency=city.pupr)
    c = services.complaint_accept(complaint=c, user=city.head, officer=city.officer)
    c = services.complaint_comment(complaint=c, user=city.officer, note="Catatan internal.")
    c = services.complaint_follow_up(
        complaint=c, user=city.officer, note="Lubang sudah ditambal.", photos=[photo]
    )
    return services.complaint_validate(complaint=c, user=city.operator, note="Sudah dicek.")


def _filed_by(key, complaint):
    ApiSubmission.objects.create(key=key.key, complaint=complaint)
    return complaint


def test_each_public_step_becomes_an_update(client, city, submit, photo):
    complaint = _lifecycle(city, submit, photo)
    response, data = get_json(client, "servicerequestupdates.json")
    assert response.status_code == 200
    assert [u["status"] for u in data] == [
        "open",
        "action_scheduled",
        "in_progress",
        "in_progress",  # reported done, not yet validated
        "fixed",
    ]
    assert [u["external_status_code"] for u in data] == [
        "baru",
        "disposisi",
        "diproses",
        "menunggu_validasi",
        "selesai",
    ]
    for update in data:
        assert set(update) == {
            "update_id",
            "service_request_id",
            "status",
            "updated_datetime",
            "description",
            "media_url",
            "external_status_code",
        }
        assert update["service_request_id"] == complaint.code
        assert update["updated_datetime"].endswith("+08:00")
    events = complaint.events.filter(is_public=True).order_by("created_at", "id")
    assert [u["update_id"] for u in data] == [str(e.pk) for e in events]
    assert "Catatan internal" not in response.content.decode()  # internal steps stay in
    assert data[1]["description"].endswith(": Dinas Pekerjaan Umum dan Penataan Ruang")
    assert "Lubang sudah ditambal." in data[3]["description"]
    evidence = complaint.photos.filter(kind="bukti").get()
    assert data[3]["media_url"] == f"http://testserver/foto/{evidence.pk}/"
    assert data[2]["media_url"] == ""
    assert_no_personal_data(response.content)


def test_updates_in_xml_as_fixmystreet_reads_them(client, city, submit, photo):
    complaint = _lifecycle(city, submit, photo)
    response, root = get_xml(client, "servicerequestupdates.xml", api_key="")
    assert root.tag == "service_request_updates"
    updates = [as_dict(e) for e in root.findall("request_update")]
    assert len(updates) == 5
    assert updates[-1]["status"] == "fixed"
    assert updates[-1]["service_request_id"] == complaint.code
    report_photo = complaint.photos.filter(kind="laporan").get()
    assert updates[0]["media_url"] == f"http://testserver/foto/{report_photo.pk}/"
    assert updates[1]["media_url"] == ""  # XML: an empty element


def test_default_window_is_the_last_day(client, city, submit, time_machine):
    now = timezone.now()
    old = submit(now=now - timedelta(hours=30))
    services.complaint_dispose(
        complaint=old, user=city.operator, agency=city.pupr, now=now - timedelta(hours=26)
    )
    services.complaint_accept(complaint=old, user=city.head, now=now - timedelta(hours=2))
    time_machine.move_to(now, tick=False)
    _, data = get_json(client, "servicerequestupdates.json")
    assert [u["status"] for u in data] == ["in_progress"]
    start = (now - timedelta(hours=48)).isoformat()
    end = (now - timedelta(hours=25)).isoformat()
    _, data = get_json(client, "servicerequestupdates.json", start_date=start, end_date=end)
    assert [u["status"] for u in data] == ["open", "action_scheduled"]
    response, data = get_json(client, "servicerequestupdates.json", start_date="kemarin")
    assert response.status_code == 400


def test_closing_steps_map_to_extended_statuses(client, city, submit, keys):
    master = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    duplicate = _filed_by(keys.submit, submit())
    services.complaint_mark_duplicate(complaint=duplicate, user=city.operator, master=master)
    rejected = _filed_by(keys.submit, submit())
    services.complaint_reject(complaint=rejected, user=city.operator, reason="Bukan laporan.")
    handed = services.complaint_hand_off(
        complaint=submit(), user=city.operator, body=city.pln, note="Urusan PLN."
    )
    moved = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    moved = services.complaint_request_transfer(
        complaint=moved, user=city.officer, target=city.dlh, reason="Soal sampah."
    )
    services.complaint_approve_transfer(complaint=moved, user=city.operator)

    _, data = get_json(client, URL.removeprefix(f"{BASE}/"), api_key=keys.submit.raw)
    last = {}
    for update in data:
        last[update["service_request_id"]] = update
    assert last[duplicate.code]["status"] == "duplicate"
    assert last[rejected.code]["status"] == "no_further_action"
    assert "Bukan laporan." in last[rejected.code]["description"]
    assert last[handed.code]["status"] == "not_councils_responsibility"
    assert last[handed.code]["description"].endswith("PT PLN (Persero) UP3 Manado. Urusan PLN.")
    assert last[moved.code]["status"] == "internal_referral"
    assert "Soal sampah" not in str(data)  # the transfer request itself is internal

    # Without the key that filed them, rejected and duplicate cases are not public.
    _, public = get_json(client, "servicerequestupdates.json")
    assert {u["service_request_id"] for u in public} == {master.code, handed.code, moved.code}
    _, other = get_json(client, "servicerequestupdates.json", api_key=keys.other_submit.raw)
    assert {u["service_request_id"] for u in other} == {master.code, handed.code, moved.code}


def test_rahasia_never_appears_not_even_to_the_key_that_filed_it(client, city, submit, keys):
    secret = _filed_by(keys.submit, submit(privacy=Privacy.CONFIDENTIAL))
    services.complaint_dispose(complaint=secret, user=city.operator, agency=city.pupr)
    for params in ({}, {"api_key": keys.submit.raw}, {"api_key": keys.pupr.raw}):
        response, data = get_json(client, "servicerequestupdates.json", **params)
        assert response.status_code == 200 and data == []


def test_anonymous_report_updates_carry_no_name(client, city, submit):
    complaint = submit(privacy=Privacy.ANONYMOUS, reporter_name="Rina Anonim")
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.dlh)
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/servicerequestupdates.{fmt}")
        assert response.status_code == 200
        assert_no_personal_data(response.content)


# --- POST -------------------------------------------------------------------------------


_UPDATE_IDS = itertools.count(5501)  # FixMyStreet's comment ids: one per comment


def update_form(key, complaint, status, description="Sudah saya lengkapi.", **extra):
    """What FixMyStreet posts for a comment on a report it sent."""
    data = {
        "jurisdiction_id": "manadokota.go.id",
        "api_key": key.raw,
        "service_request_id": complaint.code,
        "update_id": str(next(_UPDATE_IDS)),
        "status": status,
        "description": description,
        "updated_datetime": "2026-11-23T09:15:00+08:00",
        "first_name": "Budi",
        "last_name": "Santoso",
        "email": "budi@example.com",
        "public_anonymity_required": "FALSE",
    }
    data.update(extra)
    return data


@pytest.fixture
def needs_info(city, submit, keys):
    complaint = _filed_by(keys.submit, submit())
    return services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Di depan nomor berapa?"
    )


def test_post_without_key_is_403(client, city, needs_info):
    data = {"service_request_id": needs_info.code, "status": "OPEN", "description": "Ini."}
    response = client.post(URL, data)
    assert response.status_code == 403 and response.json()[0]["code"] == 403


def test_reporter_answers_a_question_with_open(client, city, keys, needs_info):
    photo = io.BytesIO(jpeg_bytes())
    photo.name = "depan.jpg"
    response = client.post(URL, {**update_form(keys.submit, needs_info, "OPEN"), "media": photo})
    assert response.status_code == 200, response.content
    (body,) = response.json()
    event = ComplaintEvent.objects.get(pk=body["update_id"])
    assert event.action == Action.PROVIDE_INFO and event.note == "Sudah saya lengkapi."
    assert event.photos.count() == 1
    needs_info.refresh_from_db()
    assert needs_info.state == State.NEW
    assert needs_info.reporter_email == "budi@example.com"  # contact details unchanged
    # Its own comment does not come back to the client in the feed.
    _, feed = get_json(client, "servicerequestupdates.json", api_key=keys.submit.raw)
    assert body["update_id"] not in {u["update_id"] for u in feed}
    assert {u["status"] for u in feed} == {"open", "investigating"}


def test_post_answers_in_xml(client, city, keys, needs_info):
    response = client.post(
        f"{BASE}/servicerequestupdates.xml", update_form(keys.submit, needs_info, "OPEN")
    )
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_request_updates"
    update_id = root.findtext("request_update/update_id")
    assert ComplaintEvent.objects.filter(pk=update_id, action=Action.PROVIDE_INFO).exists()


@pytest.mark.parametrize("status", ["REOPEN", "OPEN", "reopen"])
def test_reporter_reopens_a_resolved_case(client, city, submit, photo, keys, status):
    complaint = _filed_by(keys.submit, _lifecycle(city, submit, photo))
    response = client.post(
        URL, update_form(keys.submit, complaint, status, "Lubangnya muncul lagi.")
    )
    assert response.status_code == 200, response.content
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS and complaint.reopen_count == 1


def test_agency_key_accepts_and_reports_the_fix(client, city, submit, keys):
    complaint = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    response = client.post(URL, update_form(keys.pupr, complaint, "IN_PROGRESS", "Kami tangani."))
    assert response.status_code == 200, response.content
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS

    # FIXED needs the evidence photo the workflow asks for.
    response = client.post(URL, update_form(keys.pupr, complaint, "FIXED", "Sudah ditambal."))
    assert response.status_code == 400
    assert "foto" in response.json()[0]["description"]
    evidence = io.BytesIO(jpeg_bytes())
    evidence.name = "bukti.jpg"
    response = client.post(
        URL, {**update_form(keys.pupr, complaint, "FIXED", "Sudah ditambal."), "media": evidence}
    )
    assert response.status_code == 200, response.content
    complaint.refresh_from_db()
    assert complaint.state == State.AWAITING_VALIDATION


def test_agency_note_without_a_state_change_is_internal(client, city, submit, keys):
    complaint = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=complaint, user=city.head)
    response = client.post(URL, update_form(keys.pupr, complaint, "ACTION_SCHEDULED", "Besok."))
    assert response.status_code == 200
    event = ComplaintEvent.objects.get(pk=response.json()[0]["update_id"])
    assert event.action == Action.COMMENT and not event.is_public


@pytest.mark.parametrize(
    ("key_name", "status", "message"),
    [
        ("pupr", "DUPLICATE", "tidak berwenang"),  # command center decisions
        ("pupr", "NOT_COUNCILS_RESPONSIBILITY", "tidak berwenang"),
        ("pupr", "NO_FURTHER_ACTION", "tidak berwenang"),
        ("pupr", "INTERNAL_REFERRAL", "REST API"),  # needs the target agency
        ("pupr", "CLOSED", "tidak dipetakan"),
        ("pupr", "FOR_TRIAGE", "tidak dipetakan"),
        ("pupr", "SELESAI", "status tidak dikenal"),
    ],
)
def test_a_status_without_an_allowed_step_is_400(
    client, city, submit, keys, key_name, status, message
):
    complaint = _filed_by(keys.submit, submit())
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    response = client.post(URL, update_form(getattr(keys, key_name), complaint, status))
    assert response.status_code == 400, response.content
    assert message in response.json()[0]["description"]
    assert complaint.events.count() == 2


def test_a_case_the_key_may_not_read_is_404(client, city, submit, keys, needs_info):
    response = client.post(URL, update_form(keys.other_submit, needs_info, "OPEN"))
    assert response.status_code == 404
    response = client.post(URL, update_form(keys.submit, needs_info, "OPEN", service_request_id=""))
    assert response.status_code == 400
    # A public case another client filed: readable, but this key is not its reporter.
    public = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    response = client.post(URL, update_form(keys.other_submit, public, "OPEN"))
    assert response.status_code == 400 and "tidak berwenang" in response.json()[0]["description"]
