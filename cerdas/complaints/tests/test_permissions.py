"""Who may open and do what on the staff screens: every role against every view and action.

EXPECTED is the whole policy in one table, so a change of policy is a change of this
table. LOGIN means a redirect to the login page. A refused POST (anything but 302)
must leave the case exactly as it was: same row, same number of events.

The case each action is tried on sits in the state where that action makes sense,
held by Dinas PUPR (the "officer"/"head" columns) unless it is still in triage,
where no agency holds it and every agency gets 404.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cerdas.complaints import services
from cerdas.complaints.models import Complaint, ComplaintEvent, Privacy
from cerdas.complaints.views.operator import STAFF_ACTIONS
from conftest import PASAR_45, jpeg_bytes

LOGIN = "login"

ROLES = (
    "anonymous",
    "citizen",
    "reporter",  # the citizen account that filed the case
    "operator",
    "admin",
    "leader",
    "officer",  # officer of the agency holding the case (Dinas PUPR)
    "head",  # head of that agency
    "other_officer",  # DLH
    "other_head",  # DLH
)

# One row per view or action, one column per role in the order of ROLES.
# fmt: off
EXPECTED = {
    #                         anon   citzn reptr oper  admin leadr offcr head  o_off o_hd
    "GET queue":             (LOGIN, 403,  403,  200,  200,  403,  403,  403,  403,  403),
    "GET enter":             (LOGIN, 403,  403,  200,  200,  403,  403,  403,  403,  403),
    "POST enter":            (LOGIN, 403,  403,  302,  302,  403,  403,  403,  403,  403),
    "GET inbox":             (LOGIN, 403,  403,  403,  403,  403,  200,  200,  200,  200),
    "GET detail":            (LOGIN, 403,  403,  200,  200,  200,  200,  200,  404,  404),
    # Command center, on a case in triage (no agency holds it yet).
    "POST dispose":          (LOGIN, 403,  403,  302,  302,  400,  404,  404,  404,  404),
    "POST request_info":     (LOGIN, 403,  403,  302,  302,  400,  404,  404,  404,  404),
    "POST reject":           (LOGIN, 403,  403,  302,  302,  400,  404,  404,  404,  404),
    "POST mark_duplicate":   (LOGIN, 403,  403,  302,  302,  400,  404,  404,  404,  404),
    "POST hand_off":         (LOGIN, 403,  403,  302,  302,  400,  404,  404,  404,  404),
    # Agency, on a case held by Dinas PUPR.
    "POST accept":           (LOGIN, 403,  403,  400,  400,  400,  302,  302,  404,  404),
    "POST assign":           (LOGIN, 403,  403,  400,  400,  400,  400,  302,  404,  404),
    "POST request_transfer": (LOGIN, 403,  403,  400,  400,  400,  302,  302,  404,  404),
    "POST follow_up":        (LOGIN, 403,  403,  400,  400,  400,  302,  302,  404,  404),
    # Command center decides on what the agency did.
    "POST approve_transfer": (LOGIN, 403,  403,  302,  302,  400,  400,  400,  404,  404),
    "POST decline_transfer": (LOGIN, 403,  403,  302,  302,  400,  400,  400,  404,  404),
    "POST validate":         (LOGIN, 403,  403,  302,  302,  400,  400,  400,  404,  404),
    "POST reject_follow_up": (LOGIN, 403,  403,  302,  302,  400,  400,  400,  404,  404),
    # Internal notes: the command center and the holding agency.
    "POST comment":          (LOGIN, 403,  403,  302,  302,  400,  302,  302,  404,  404),
}
# fmt: on

# The stage of the case each action is tried on.
STAGE = {
    "dispose": "baru",
    "request_info": "baru",
    "reject": "baru",
    "mark_duplicate": "menunggu_info",
    "hand_off": "baru",
    "accept": "disposisi",
    "assign": "diproses",
    "request_transfer": "diproses",
    "follow_up": "diproses",
    "approve_transfer": "transfer",
    "decline_transfer": "transfer",
    "validate": "menunggu_validasi",
    "reject_follow_up": "menunggu_validasi",
    "comment": "diproses",
}


def _data(action, city, master):
    """Valid input for each action, so only the permission decides."""
    return {
        "dispose": {"dispose-agency": city.pupr.pk},
        "request_info": {"request_info-note": "Di sisi jalan yang mana?"},
        "reject": {"reject-note": "Laporan iseng."},
        "mark_duplicate": {"mark_duplicate-master_code": master.code},
        "hand_off": {"hand_off-body": city.pln.pk, "hand_off-note": "Urusan PLN."},
        "accept": {"accept-note": "Diterima."},
        "assign": {"assign-officer": city.officer2.pk},
        "request_transfer": {
            "request_transfer-target": city.dlh.pk,
            "request_transfer-reason": "Ini urusan sampah.",
        },
        "follow_up": {
            "follow_up-note": "Sudah ditambal.",
            "follow_up-photos": SimpleUploadedFile("bukti.jpg", jpeg_bytes(), "image/jpeg"),
        },
        "approve_transfer": {"approve_transfer-note": "Setuju."},
        "decline_transfer": {"decline_transfer-note": "Tetap di PUPR."},
        "validate": {"validate-note": "Baik."},
        "reject_follow_up": {"reject_follow_up-note": "Foto buram."},
        "comment": {"comment-note": "Catatan internal."},
    }[action]


def _case(city, submit, photo, stage):
    complaint = submit(reporter=city.citizen)
    if stage == "menunggu_info":
        return services.complaint_request_info(
            complaint=complaint, user=city.operator, question="Di mana?"
        )
    if stage == "baru":
        return complaint
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    if stage == "disposisi":
        return complaint
    complaint = services.complaint_accept(complaint=complaint, user=city.officer)
    if stage == "transfer":
        return services.complaint_request_transfer(
            complaint=complaint, user=city.officer, target=city.dlh, reason="Sampah."
        )
    if stage == "menunggu_validasi":
        return services.complaint_follow_up(
            complaint=complaint, user=city.officer, note="Sudah.", photos=[photo]
        )
    return complaint


def _login(client, city, role):
    users = {"citizen": city.other_citizen, "reporter": city.citizen}
    if role != "anonymous":
        client.force_login(users.get(role) or getattr(city, role))


def _snapshot(complaint):
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    return row, ComplaintEvent.objects.filter(complaint=complaint).count()


def _check_status(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/?next=")
    else:
        assert response.status_code == expected


def _rows(*, actions: bool):
    """(view, role, expected) for the screens, or for the actions."""
    return [
        pytest.param(view, role, expected, id=f"{view.replace(' ', '-')}-{role}")
        for view, row in EXPECTED.items()
        if (view.split()[1] in STAGE) == actions
        for role, expected in zip(ROLES, row, strict=True)
    ]


def test_the_table_covers_every_staff_action():
    assert {f"POST {a}" for a in STAFF_ACTIONS} == {v for v in EXPECTED if v.split()[1] in STAGE}
    assert set(STAGE) == {a.value for a in STAFF_ACTIONS}


@pytest.mark.parametrize(("view", "role", "expected"), _rows(actions=False))
def test_who_may_open_each_staff_screen(client, city, submit, photo, view, role, expected):
    complaint = _case(city, submit, photo, "diproses")
    before = _snapshot(complaint)
    _login(client, city, role)
    method, name = view.split()

    if method == "POST":  # operator entry of a phone call
        response = client.post(
            "/cc/catat/",
            {
                "category": city.road.pk,
                "description": "Penelepon: lampu jalan mati.",
                "latitude": PASAR_45[0],
                "longitude": PASAR_45[1],
                "privacy": Privacy.PUBLIC,
                "channel": "telepon",
            },
        )
    else:
        path = {
            "queue": "/cc/antrian/",
            "enter": "/cc/catat/",
            "inbox": "/opd/kotak-masuk/",
            "detail": f"/kasus/{complaint.code}/",
        }[name]
        response = client.get(path)

    _check_status(response, expected)
    created = Complaint.objects.exclude(pk=complaint.pk).count()
    assert created == (1 if expected == 302 else 0)
    assert _snapshot(complaint) == before


@pytest.mark.parametrize(("view", "role", "expected"), _rows(actions=True))
def test_who_may_do_each_action_and_refusals_change_nothing(
    client, city, submit, photo, view, role, expected
):
    action = view.split()[1]
    master = _case(city, submit, photo, "disposisi")  # for mark_duplicate
    complaint = _case(city, submit, photo, STAGE[action])
    before = _snapshot(complaint)
    master_before = _snapshot(master)
    _login(client, city, role)

    response = client.post(
        f"/kasus/{complaint.code}/tindakan/{action}/", _data(action, city, master)
    )

    _check_status(response, expected)
    after = _snapshot(complaint)
    if expected == 302:
        assert response["Location"] == f"/kasus/{complaint.code}/"
        assert after[1] == before[1] + 1
        assert ComplaintEvent.objects.filter(complaint=complaint).last().action == action
    else:
        assert after == before
    assert _snapshot(master) == master_before
    if expected == 400:
        # The workflow refused: the page says why rather than failing silently.
        page = response.content.decode()
        assert 'class="msg error"' in page or 'class="error box"' in page


@pytest.mark.parametrize("role", ["leader", "other_officer", "other_head", "citizen"])
def test_rahasia_case_does_not_exist_for_those_outside_it(client, city, submit, role):
    complaint = submit(category=city.confidential, privacy=Privacy.CONFIDENTIAL)
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    before = _snapshot(complaint)
    _login(client, city, role)

    opened = client.get(f"/kasus/{complaint.code}/")
    acted = client.post(f"/kasus/{complaint.code}/tindakan/comment/", {"comment-note": "x"})

    expected = 403 if role == "citizen" else 404
    assert opened.status_code == acted.status_code == expected
    assert _snapshot(complaint) == before


@pytest.mark.parametrize("role", ["operator", "officer", "head"])
def test_rahasia_case_is_open_to_the_command_center_and_the_holding_agency(
    client, city, submit, role
):
    complaint = submit(category=city.confidential, privacy=Privacy.CONFIDENTIAL)
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    _login(client, city, role)
    response = client.get(f"/kasus/{complaint.code}/")
    assert response.status_code == 200
    assert complaint.description in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).privacy == Privacy.CONFIDENTIAL


def test_inactive_staff_account_is_treated_as_signed_out(client, city, submit):
    complaint = submit()
    city.operator.is_active = False
    city.operator.save()
    client.force_login(city.operator)
    response = client.post(f"/kasus/{complaint.code}/tindakan/reject/", {"reject-note": "x"})
    _check_status(response, LOGIN)
    assert Complaint.objects.get(pk=complaint.pk).state == "baru"
