"""The command center and agency screens over HTTP: every action, status and database."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cerdas.complaints import services
from cerdas.complaints.models import Channel, Complaint, Privacy, State
from conftest import PASAR_45, jpeg_bytes


def _act(client, complaint, action, data):
    return client.post(f"/kasus/{complaint.code}/tindakan/{action}/", data)


def _state(complaint):
    return Complaint.objects.get(pk=complaint.pk).state


def test_operator_walks_a_case_through_every_command_center_action(client, city, submit):
    client.force_login(city.operator)
    complaint = submit()
    assert (
        _act(client, complaint, "request_info", {"request_info-note": "Di sisi mana?"}).status_code
        == 302
    )
    assert _state(complaint) == State.NEEDS_INFO
    response = _act(client, complaint, "dispose", {"dispose-agency": city.pupr.pk})
    assert response.status_code == 302 and _state(complaint) == State.DISPOSED

    other = submit()
    assert _act(client, other, "reject", {"reject-note": "Laporan tidak jelas."}).status_code == 302
    assert _state(other) == State.REJECTED

    dup = submit()
    response = _act(client, dup, "mark_duplicate", {"mark_duplicate-master_code": complaint.code})
    assert response.status_code == 302 and _state(dup) == State.DUPLICATE

    pln = submit()
    response = _act(
        client, pln, "hand_off", {"hand_off-body": city.pln.pk, "hand_off-note": "Urusan PLN."}
    )
    assert response.status_code == 302 and _state(pln) == State.HANDED_OFF


def test_agency_and_operator_finish_a_case_over_http(client, city, submit):
    complaint = submit()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    client.force_login(city.head)
    assert (
        _act(client, complaint, "accept", {"accept-officer": city.officer2.pk}).status_code == 302
    )
    assert Complaint.objects.get(pk=complaint.pk).assigned_officer == city.officer2
    client.force_login(city.officer2)
    photo = SimpleUploadedFile("bukti.jpg", jpeg_bytes(), "image/jpeg")
    response = _act(
        client,
        complaint,
        "follow_up",
        {"follow_up-note": "Sudah ditambal.", "follow_up-photos": photo},
    )
    assert response.status_code == 302 and _state(complaint) == State.AWAITING_VALIDATION
    client.force_login(city.operator)
    response = _act(client, complaint, "reject_follow_up", {"reject_follow_up-note": "Foto buram."})
    assert response.status_code == 302 and _state(complaint) == State.IN_PROGRESS
    assert Complaint.objects.get(pk=complaint.pk).rework_count == 1


def test_follow_up_without_photo_is_refused_and_changes_nothing(client, city, submit):
    complaint = submit()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=complaint, user=city.officer)
    client.force_login(city.officer)
    events = complaint.events.count()
    response = _act(client, complaint, "follow_up", {"follow_up-note": "Sudah."})
    assert response.status_code == 400
    assert _state(complaint) == State.IN_PROGRESS and complaint.events.count() == events


def test_transfer_asked_by_agency_and_approved_by_operator(client, city, submit):
    complaint = submit()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    client.force_login(city.officer)
    response = _act(
        client,
        complaint,
        "request_transfer",
        {"request_transfer-target": city.dlh.pk, "request_transfer-reason": "Ini sampah."},
    )
    assert response.status_code == 302
    client.force_login(city.operator)
    assert _act(client, complaint, "approve_transfer", {}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.agency == city.dlh and complaint.state == State.DISPOSED


def test_invalid_transition_shows_the_message_and_changes_nothing(client, city, submit):
    complaint = submit()
    client.force_login(city.operator)
    response = _act(client, complaint, "validate", {})
    assert response.status_code == 400
    assert "tidak bisa dilakukan" in response.content.decode()
    assert _state(complaint) == State.NEW


def test_queue_orders_by_deadline_and_htmx_gets_only_the_table(client, city, submit):
    late = submit()
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timezone.timedelta(days=2))
    fresh = submit()
    client.force_login(city.operator)
    page = client.get("/cc/antrian/").content.decode()
    assert page.index(late.code) < page.index(fresh.code)
    partial = client.get("/cc/antrian/?overdue=on", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and late.code in partial and fresh.code not in partial


def test_operator_enters_a_phone_call(client, city):
    client.force_login(city.operator)
    response = client.post(
        "/cc/catat/",
        {
            "category": city.road.pk,
            "description": "Penelepon melaporkan lampu jalan mati.",
            "latitude": PASAR_45[0],
            "longitude": PASAR_45[1],
            "privacy": Privacy.PUBLIC,
            "reporter_name": "Penelepon",
            "channel": Channel.PHONE,
            "submission_key": "tel-1",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kasus/{complaint.code}/"
    assert complaint.channel == Channel.PHONE
    assert complaint.events.get().actor == city.operator


def test_agency_sees_no_contact_and_no_anonim_name(client, city, submit):
    complaint = submit(privacy=Privacy.ANONYMOUS, reporter_name="Ronald Wenas")
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    client.force_login(city.officer)
    page = client.get(f"/kasus/{complaint.code}/").content.decode()
    assert "Wenas" not in page and "+6281234567890" not in page and "budi@example.com" not in page
    client.force_login(city.operator)
    page = client.get(f"/kasus/{complaint.code}/").content.decode()
    assert "Wenas" in page and "+6281234567890" in page


def test_queue_filters_by_kecamatan_and_kelurahan(client, city, submit):
    complaint = submit()  # Pinaesaan, kecamatan Wenang
    client.force_login(city.operator)
    wenang = complaint.area.parent.code
    assert complaint.code in client.get("/cc/antrian/", {"area": wenang}).content.decode()
    assert (
        complaint.code in client.get("/cc/antrian/", {"area": complaint.area.code}).content.decode()
    )
    elsewhere = client.get("/cc/antrian/", {"area": "71.71.09"}).content.decode()  # Malalayang
    assert complaint.code not in elsewhere


def test_follow_up_withdraws_a_pending_transfer_request(city, submit, photo):
    complaint = submit()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=complaint, user=city.officer)
    services.complaint_request_transfer(
        complaint=complaint, user=city.officer, target=city.dlh, reason="Mungkin urusan DLH."
    )
    complaint = services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah kami tangani.", photos=[photo]
    )
    assert complaint.transfer_to is None and complaint.transfer_reason == ""
    assert Complaint.objects.get(pk=complaint.pk).transfer_to_id is None
