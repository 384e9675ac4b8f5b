"""The command center's queue and entry form, the agency inbox and the shared case page.

Every test checks the HTTP status and what the database holds afterwards.
"""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cerdas.accounts.models import Role
from cerdas.complaints import services
from cerdas.complaints.models import (
    Action,
    Channel,
    Complaint,
    ComplaintEvent,
    PhotoKind,
    Privacy,
    State,
)
from conftest import PASAR_45, jpeg_bytes, make_user

PHONE = "+6281234567890"
EMAIL = "budi@example.com"
CODE = re.compile(r'href="/kasus/([A-Z0-9-]+)/"')


def _act(client, complaint, action, data):
    return client.post(f"/kasus/{complaint.code}/tindakan/{action}/", data)


def _snapshot(complaint):
    """The whole row and its number of events: a refused request changes neither."""
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    return row, ComplaintEvent.objects.filter(complaint=complaint).count()


def _listed(response) -> list[str]:
    """The case codes in a queue table, in the order shown."""
    return CODE.findall(response.content.decode())


def _bring_to(city, complaint, stage: str, photo) -> Complaint:
    """Walk a fresh case through the services to `stage`."""
    steps = ["baru", "disposisi", "diproses", "transfer", "menunggu_validasi"]
    if stage == "menunggu_info":
        return services.complaint_request_info(
            complaint=complaint, user=city.operator, question="Di sisi mana?"
        )
    target = steps.index(stage)
    if target >= 1:
        complaint = services.complaint_dispose(
            complaint=complaint, user=city.operator, agency=city.pupr
        )
    if target >= 2:
        complaint = services.complaint_accept(complaint=complaint, user=city.officer)
    if stage == "transfer":
        complaint = services.complaint_request_transfer(
            complaint=complaint, user=city.officer, target=city.dlh, reason="Ini urusan sampah."
        )
    if stage == "menunggu_validasi":
        complaint = services.complaint_follow_up(
            complaint=complaint, user=city.officer, note="Sudah ditambal.", photos=[photo]
        )
    return complaint


# --- the command center's queue ------------------------------------------------------------


def test_queue_shows_open_cases_most_urgent_deadline_first(client, city, submit, photo):
    now = timezone.now()
    soon = submit()
    late = submit()
    later = _bring_to(city, submit(), "disposisi", photo)
    waiting = _bring_to(city, submit(), "menunggu_info", photo)  # clock paused: no deadline
    rejected = services.complaint_reject(complaint=submit(), user=city.operator, reason="Spam.")
    done = services.complaint_validate(
        complaint=_bring_to(city, submit(), "menunggu_validasi", photo), user=city.operator
    )
    Complaint.objects.filter(pk=soon.pk).update(due_at=now + timedelta(hours=5))
    Complaint.objects.filter(pk=late.pk).update(due_at=now - timedelta(days=2))
    Complaint.objects.filter(pk=later.pk).update(due_at=now + timedelta(days=4))
    client.force_login(city.operator)

    response = client.get("/cc/antrian/")

    assert response.status_code == 200
    assert _listed(response) == [late.code, soon.code, later.code, waiting.code]
    assert rejected.code not in response.content.decode()
    assert done.code not in response.content.decode()
    assert Complaint.objects.open().count() == 4


def test_queue_counters_count_new_validation_and_overdue_cases(client, city, submit, photo):
    submit()
    _bring_to(city, submit(), "menunggu_validasi", photo)
    late = submit()
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    client.force_login(city.operator)

    response = client.get("/cc/antrian/")

    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts == {"new": 2, "validation": 1, "transfers": 0, "overdue": 1}
    assert Complaint.objects.count() == 3


@pytest.fixture
def mixed_queue(city, submit, photo):
    road_new = submit()
    garbage_new = submit(category=city.garbage)
    at_pupr = _bring_to(city, submit(), "diproses", photo)
    at_dlh = services.complaint_dispose(
        complaint=submit(category=city.garbage), user=city.operator, agency=city.dlh
    )
    overdue = submit()
    Complaint.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(days=1))
    return {
        "road_new": road_new,
        "garbage_new": garbage_new,
        "at_pupr": at_pupr,
        "at_dlh": at_dlh,
        "overdue": overdue,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"road_new", "garbage_new", "at_pupr", "at_dlh", "overdue"}),
        ({"state": "baru"}, {"road_new", "garbage_new", "overdue"}),
        ({"state": "diproses"}, {"at_pupr"}),
        ({"category": "garbage"}, {"garbage_new", "at_dlh"}),
        ({"agency": "dlh"}, {"at_dlh"}),
        ({"agency": "pupr"}, {"at_pupr"}),
        ({"overdue": "on"}, {"overdue"}),
        ({"state": "baru", "category": "garbage"}, {"garbage_new"}),
    ],
    ids=lambda v: "&".join(f"{k}={w}" for k, w in v.items()) if isinstance(v, dict) else None,
)
def test_queue_filters_narrow_the_list(client, city, mixed_queue, query, expected):
    params = {}
    for key, value in query.items():
        if key == "category":
            value = getattr(city, value).pk
        elif key == "agency":
            value = getattr(city, value).pk
        params[key] = value
    client.force_login(city.operator)

    response = client.get("/cc/antrian/", params)

    assert response.status_code == 200
    assert set(_listed(response)) == {mixed_queue[name].code for name in expected}
    assert Complaint.objects.count() == 5


def test_queue_search_finds_a_case_by_part_of_its_code(client, city, mixed_queue):
    wanted = mixed_queue["at_dlh"]
    client.force_login(city.operator)
    response = client.get("/cc/antrian/", {"q": wanted.code[4:8].lower()})
    assert response.status_code == 200
    assert wanted.code in _listed(response)
    assert Complaint.objects.count() == 5


def test_htmx_request_gets_only_the_table(client, city, mixed_queue):
    client.force_login(city.operator)

    response = client.get("/cc/antrian/", {"overdue": "on"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<form" not in body
    assert body.lstrip().startswith('<div id="queue-table">')
    assert _listed(response) == [mixed_queue["overdue"].code]
    assert Complaint.objects.count() == 5


def test_full_queue_page_has_the_layout_and_the_filters(client, city, mixed_queue):
    client.force_login(city.operator)
    response = client.get("/cc/antrian/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body and 'hx-target="#queue-table"' in body and 'id="queue-table"' in body
    assert Complaint.objects.count() == 5


def test_queue_query_count_does_not_grow_with_the_cases(
    client, city, submit, django_assert_max_num_queries
):
    for _ in range(20):
        submit()
    client.force_login(city.operator)
    with django_assert_max_num_queries(15):
        response = client.get("/cc/antrian/")
    assert response.status_code == 200
    assert len(_listed(response)) == 20


# --- operator entry for a caller or a walk-in ----------------------------------------------


def _entry(city, **overrides):
    data = {
        "category": city.road.pk,
        "description": "Penelepon: lubang besar di Jl. Sam Ratulangi.",
        "latitude": PASAR_45[0],
        "longitude": PASAR_45[1],
        "address": "",
        "privacy": Privacy.PUBLIC,
        "reporter_name": "Ibu Penelepon",
        "reporter_phone": "0812-3456-7890",
        "channel": Channel.PHONE,
        "submission_key": "telepon-1",
    }
    data.update(overrides)
    return data


def test_operator_entry_form_is_shown(client, city):
    client.force_login(city.operator)
    response = client.get("/cc/catat/")
    assert response.status_code == 200
    assert 'name="channel"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_operator_entry_creates_a_phone_case_and_opens_it(client, city):
    client.force_login(city.operator)

    response = client.post("/cc/catat/", _entry(city))

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kasus/{complaint.code}/"
    assert complaint.channel == Channel.PHONE
    assert complaint.state == State.NEW
    assert complaint.reporter is None
    assert complaint.reporter_name == "Ibu Penelepon"
    assert complaint.reporter_phone == PHONE
    assert complaint.area.name == "Pinaesaan"
    event = complaint.events.get()
    assert (event.actor, event.actor_label) == (city.operator, "Command Center")
    page = client.get(response["Location"]).content.decode()
    assert f"Pengaduan {complaint.code} tercatat" in page


def test_operator_entry_of_a_walk_in_with_only_an_address(client, city):
    client.force_login(city.admin)
    response = client.post(
        "/cc/catat/",
        _entry(city, channel=Channel.WALK_IN, latitude="", longitude="", address="Pasar 45"),
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.channel == Channel.WALK_IN
    assert complaint.latitude is None and complaint.address == "Pasar 45"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"channel": Channel.WEB}, "Masukkan pilihan yang valid"),
        ({"latitude": "", "longitude": "", "address": ""}, "Tandai lokasi di peta"),
        ({"description": ""}, "Bidang ini tidak boleh kosong"),
    ],
    ids=["web-is-not-an-operator-channel", "no-location", "no-description"],
)
def test_invalid_operator_entry_is_refused_and_saves_nothing(client, city, overrides, message):
    client.force_login(city.operator)
    response = client.post("/cc/catat/", _entry(city, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


# --- every action through the detail page -----------------------------------------------------


def _evidence():
    return SimpleUploadedFile("bukti.jpg", jpeg_bytes(color=(10, 200, 10)), "image/jpeg")


# action: (who acts, the stage the case starts in, the form data, the state after)
ACTIONS = {
    "dispose": (
        "operator",
        "baru",
        lambda city, master: {"dispose-agency": city.dlh.pk, "dispose-note": "Ke DLH."},
        State.DISPOSED,
    ),
    "request_info": (
        "operator",
        "baru",
        lambda city, master: {"request_info-note": "Di sisi jalan yang mana?"},
        State.NEEDS_INFO,
    ),
    "reject": (
        "operator",
        "baru",
        lambda city, master: {"reject-note": "Laporan iseng."},
        State.REJECTED,
    ),
    "mark_duplicate": (
        "operator",
        "menunggu_info",
        lambda city, master: {"mark_duplicate-master_code": master.code.lower()},
        State.DUPLICATE,
    ),
    "hand_off": (
        "operator",
        "baru",
        lambda city, master: {"hand_off-body": city.pln.pk, "hand_off-note": "Urusan PLN."},
        State.HANDED_OFF,
    ),
    "accept": (
        "head",
        "disposisi",
        lambda city, master: {"accept-officer": city.officer2.pk, "accept-note": "Segera."},
        State.IN_PROGRESS,
    ),
    "assign": (
        "head",
        "diproses",
        lambda city, master: {"assign-officer": city.officer2.pk},
        State.IN_PROGRESS,
    ),
    "request_transfer": (
        "officer",
        "diproses",
        lambda city, master: {
            "request_transfer-target": city.dlh.pk,
            "request_transfer-reason": "Ini tumpukan sampah, bukan jalan.",
        },
        State.IN_PROGRESS,
    ),
    "approve_transfer": (
        "operator",
        "transfer",
        lambda city, master: {"approve_transfer-note": "Setuju."},
        State.DISPOSED,
    ),
    "decline_transfer": (
        "operator",
        "transfer",
        lambda city, master: {"decline_transfer-note": "Tetap di PUPR."},
        State.IN_PROGRESS,
    ),
    "follow_up": (
        "officer",
        "diproses",
        lambda city, master: {"follow_up-note": "Sudah ditambal.", "follow_up-photos": _evidence()},
        State.AWAITING_VALIDATION,
    ),
    "validate": (
        "operator",
        "menunggu_validasi",
        lambda city, master: {"validate-note": "Terverifikasi di lapangan."},
        State.RESOLVED,
    ),
    "reject_follow_up": (
        "operator",
        "menunggu_validasi",
        lambda city, master: {"reject_follow_up-note": "Foto buram."},
        State.IN_PROGRESS,
    ),
    "comment": (
        "officer",
        "diproses",
        lambda city, master: {"comment-note": "Menunggu aspal dari gudang."},
        State.IN_PROGRESS,
    ),
}

# What else each action leaves in the row (checked after a reload).
AFTER = {
    "dispose": lambda c, city, master: c.agency == city.dlh and c.response_due_at is not None,
    "request_info": lambda c, city, master: c.paused_at is not None and c.due_at is None,
    "reject": lambda c, city, master: c.closed_at is not None,
    "mark_duplicate": lambda c, city, master: c.duplicate_of == master,
    "hand_off": lambda c, city, master: c.external_body == city.pln,
    "accept": lambda c, city, master: c.assigned_officer == city.officer2,
    "assign": lambda c, city, master: c.assigned_officer == city.officer2,
    "request_transfer": lambda c, city, master: c.transfer_to == city.dlh,
    "approve_transfer": lambda c, city, master: c.agency == city.dlh and c.transfer_to is None,
    "decline_transfer": lambda c, city, master: c.agency == city.pupr and c.transfer_to is None,
    "follow_up": lambda c, city, master: c.photos.filter(kind=PhotoKind.EVIDENCE).count() == 1,
    "validate": lambda c, city, master: c.resolved_at is not None,
    "reject_follow_up": lambda c, city, master: c.rework_count == 1,
    "comment": lambda c, city, master: not c.events.order_by("id").last().is_public,
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_through_the_case_page_moves_the_case_and_records_an_event(
    client, city, submit, photo, action
):
    who, stage, data, expected_state = ACTIONS[action]
    master = _bring_to(city, submit(), "disposisi", photo)
    complaint = _bring_to(city, submit(), stage, photo)
    events = complaint.events.count()
    before = complaint.state
    client.force_login(getattr(city, who))

    response = _act(client, complaint, action, data(city, master))

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == f"/kasus/{complaint.code}/"
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.state == expected_state
    assert complaint.events.count() == events + 1
    event = complaint.events.order_by("id").last()
    assert (event.action, event.from_state, event.to_state) == (action, before, expected_state)
    assert event.actor == getattr(city, who)
    assert AFTER[action](complaint, city, master)
    page = client.get(response["Location"]).content.decode()
    assert f"Tersimpan: {Action(action).label}" in page


def test_an_action_the_state_does_not_allow_is_refused_with_the_reason(client, city, submit):
    complaint = submit()
    before = _snapshot(complaint)
    client.force_login(city.operator)

    response = _act(client, complaint, "validate", {"validate-note": "Selesai."})

    assert response.status_code == 400
    assert (
        "Tindakan ini tidak bisa dilakukan pada pengaduan berstatus “Menunggu verifikasi”."
        in response.content.decode()
    )
    assert _snapshot(complaint) == before


def test_an_action_of_another_role_is_refused_with_the_reason(client, city, submit, photo):
    complaint = _bring_to(city, submit(), "diproses", photo)
    before = _snapshot(complaint)
    client.force_login(city.operator)

    response = _act(
        client,
        complaint,
        "follow_up",
        {"follow_up-note": "Beres.", "follow_up-photos": _evidence()},
    )

    assert response.status_code == 400
    assert "Anda tidak berwenang melakukan tindakan ini" in response.content.decode()
    assert _snapshot(complaint) == before
    assert not complaint.photos.filter(kind=PhotoKind.EVIDENCE).exists()


@pytest.mark.parametrize(
    ("who", "stage", "action", "data", "message"),
    [
        ("operator", "baru", "reject", {"reject-note": ""}, "Bidang ini tidak boleh kosong"),
        (
            "officer",
            "diproses",
            "follow_up",
            {"follow_up-note": "Sudah."},
            "Bidang ini tidak boleh kosong",
        ),
        (
            "operator",
            "baru",
            "dispose",
            {"dispose-agency": "pln"},
            "Masukkan pilihan yang valid",
        ),
        (
            "operator",
            "baru",
            "mark_duplicate",
            {"mark_duplicate-master_code": "MDO-2222-22"},
            "Pengaduan dengan kode itu tidak ada",
        ),
        (
            "operator",
            "baru",
            "mark_duplicate",
            {"mark_duplicate-master_code": "self"},
            "tidak bisa menjadi duplikat dirinya sendiri",
        ),
        (
            "officer",
            "diproses",
            "request_transfer",
            {"request_transfer-target": "pupr", "request_transfer-reason": "Salah OPD."},
            "OPD tujuan sama dengan OPD saat ini",
        ),
        (
            "officer",
            "diproses",
            "accept",
            {"accept-note": ""},
            "tidak bisa dilakukan pada pengaduan berstatus",
        ),
        (
            "operator",
            "diproses",
            "approve_transfer",
            {},
            "Tidak ada permintaan pengalihan yang menunggu",
        ),
    ],
    ids=[
        "reject-without-reason",
        "follow-up-without-photo",
        "dispose-to-an-external-body",
        "duplicate-of-an-unknown-code",
        "duplicate-of-itself",
        "transfer-to-the-same-agency",
        "accept-twice",
        "approve-without-request",
    ],
)
def test_invalid_action_input_is_refused_with_a_message_and_changes_nothing(
    client, city, submit, photo, who, stage, action, data, message
):
    complaint = _bring_to(city, submit(), stage, photo)
    resolved = {}
    for key, value in data.items():
        if value == "self":
            value = complaint.code
        elif value in ("pln", "pupr"):
            value = getattr(city, value).pk
        resolved[key] = value
    before = _snapshot(complaint)
    client.force_login(getattr(city, who))

    response = _act(client, complaint, action, resolved)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot(complaint) == before


def test_unknown_action_is_404_and_changes_nothing(client, city, submit):
    complaint = submit()
    before = _snapshot(complaint)
    client.force_login(city.operator)
    assert _act(client, complaint, "hapus", {}).status_code == 404
    assert _act(client, complaint, "rate", {"rate-rating": "5"}).status_code == 404
    assert _snapshot(complaint) == before


def test_actions_need_post(client, city, submit):
    complaint = submit()
    client.force_login(city.operator)
    response = client.get(f"/kasus/{complaint.code}/tindakan/reject/")
    assert response.status_code == 405
    assert Complaint.objects.get(pk=complaint.pk).state == State.NEW


def test_case_page_offers_only_the_actions_of_the_viewer(client, city, submit, photo):
    complaint = _bring_to(city, submit(), "diproses", photo)
    client.force_login(city.officer)
    officer_page = client.get(f"/kasus/{complaint.code}/").content.decode()
    client.force_login(city.head)
    head_page = client.get(f"/kasus/{complaint.code}/").content.decode()
    client.force_login(city.operator)
    operator_page = client.get(f"/kasus/{complaint.code}/").content.decode()

    assert 'id="form-follow_up"' in officer_page and 'id="form-assign"' not in officer_page
    assert 'id="form-assign"' in head_page
    assert 'id="form-follow_up"' not in operator_page and 'id="form-comment"' in operator_page
    assert 'id="form-validate"' not in operator_page
    assert Complaint.objects.get(pk=complaint.pk).state == State.IN_PROGRESS


# --- the agency inbox ---------------------------------------------------------------------------


@pytest.fixture
def agencies_cases(city, submit):
    at_pupr = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    at_uptd = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.uptd)
    at_dlh = services.complaint_dispose(
        complaint=submit(category=city.garbage), user=city.operator, agency=city.dlh
    )
    untriaged = submit()
    return {"pupr": at_pupr, "uptd": at_uptd, "dlh": at_dlh, "new": untriaged}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("officer", {"pupr", "uptd"}),  # a parent agency follows its UPTD
        ("head", {"pupr", "uptd"}),
        ("other_officer", {"dlh"}),
        ("other_head", {"dlh"}),
        ("uptd_officer", {"uptd"}),  # a UPTD does not see its parent's cases
    ],
)
def test_agency_inbox_lists_only_that_agencys_cases(client, city, agencies_cases, who, expected):
    if who == "uptd_officer":
        user = make_user("petugas_uptd", Role.OFFICER, city.uptd)
    else:
        user = getattr(city, who)
    client.force_login(user)

    response = client.get("/opd/kotak-masuk/")

    assert response.status_code == 200
    assert set(_listed(response)) == {agencies_cases[name].code for name in expected}
    assert Complaint.objects.filter(state=State.DISPOSED).count() == 3


def test_agency_inbox_never_lists_another_agencys_case_whatever_the_filter(
    client, city, agencies_cases
):
    client.force_login(city.officer)
    dlh = agencies_cases["dlh"]
    for params in ({"agency": city.dlh.pk}, {"q": dlh.code}, {"state": "disposisi"}):
        response = client.get("/opd/kotak-masuk/", params)
        assert response.status_code == 200
        assert dlh.code not in _listed(response)
    assert Complaint.objects.get(pk=dlh.pk).agency == city.dlh


def test_agency_inbox_htmx_gets_only_the_table(client, city, agencies_cases):
    client.force_login(city.other_officer)
    response = client.get("/opd/kotak-masuk/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert _listed(response) == [agencies_cases["dlh"].code]
    assert Complaint.objects.count() == 4


def test_agency_inbox_mine_filter_shows_my_assignments(client, city, agencies_cases):
    services.complaint_accept(complaint=agencies_cases["pupr"], user=city.officer2)
    client.force_login(city.officer2)
    response = client.get("/opd/kotak-masuk/", {"mine": "on"})
    assert response.status_code == 200
    assert _listed(response) == [agencies_cases["pupr"].code]
    assert Complaint.objects.get(pk=agencies_cases["pupr"].pk).assigned_officer == city.officer2


def test_parent_agency_acts_on_its_uptds_case(client, city, agencies_cases):
    complaint = agencies_cases["uptd"]
    client.force_login(city.officer)
    assert client.get(f"/kasus/{complaint.code}/").status_code == 200
    response = _act(client, complaint, "accept", {"accept-note": ""})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).state == State.IN_PROGRESS


def test_other_agency_cannot_open_the_case(client, city, agencies_cases):
    client.force_login(city.other_officer)
    response = client.get(f"/kasus/{agencies_cases['pupr'].code}/")
    assert response.status_code == 404
    assert Complaint.objects.get(pk=agencies_cases["pupr"].pk).agency == city.pupr


# --- what the case page tells each role about the reporter ---------------------------------


@pytest.fixture
def named_citizen(city):
    city.citizen.first_name, city.citizen.last_name = "Ronald", "Wenas"
    city.citizen.save()
    return city.citizen


def _detail(client, user, complaint) -> str:
    client.force_login(user)
    response = client.get(f"/kasus/{complaint.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_case_page_shows_contact_details_to_the_command_center_only(client, city, submit):
    complaint = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)

    for staff in (city.operator, city.admin):
        page = _detail(client, staff, complaint)
        assert PHONE in page and EMAIL in page and "Budi Santoso" in page
    for staff in (city.officer, city.head, city.leader):
        page = _detail(client, staff, complaint)
        assert PHONE not in page and EMAIL not in page
        assert "Budi Santoso" in page  # a publik report names its reporter to the staff
    assert Complaint.objects.get(pk=complaint.pk).reporter_phone == PHONE


def test_case_page_hides_an_anonim_name_from_the_agency_and_the_leaders(
    client, city, submit, named_citizen
):
    complaint = submit(privacy=Privacy.ANONYMOUS, reporter=named_citizen, reporter_name="")
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    assert complaint.reporter_name == "Ronald Wenas"

    for staff in (city.officer, city.head, city.leader):
        page = _detail(client, staff, complaint)
        assert "Wenas" not in page, staff.username  # neither in the facts nor the timeline
        assert "Disembunyikan (anonim)" in page
        assert PHONE not in page and EMAIL not in page
    page = _detail(client, city.operator, complaint)
    assert "Ronald Wenas" in page and PHONE in page
    assert Complaint.objects.get(pk=complaint.pk).privacy == Privacy.ANONYMOUS


def test_case_page_of_a_rahasia_report_hides_the_reporter_from_the_agency(
    client, city, submit, named_citizen
):
    complaint = submit(
        category=city.confidential,
        privacy=Privacy.CONFIDENTIAL,
        reporter=named_citizen,
        reporter_name="",
    )
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )

    page = _detail(client, city.officer, complaint)

    assert "Wenas" not in page and PHONE not in page and EMAIL not in page
    assert complaint.description in page  # the agency handling it sees the case itself
    client.force_login(city.leader)
    assert client.get(f"/kasus/{complaint.code}/").status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).state == State.DISPOSED
