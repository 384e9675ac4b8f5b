"""Who may open and change what: every role against every screen that shows or changes a case.

The expectations are written out as one table per view, so a change of policy shows up
as a change of this file. Every refused POST leaves the case exactly as it was.
"""

import pytest

from cerdas.complaints import services
from cerdas.complaints.links import reporter_token
from cerdas.complaints.models import Complaint, ComplaintEvent, State

ROLES = [
    "anonymous",
    "citizen",
    "reporter",
    "operator",
    "admin",
    "leader",
    "officer",
    "head",
    "other_officer",
    "other_head",
]

LOGIN = "login"  # 302 to the login page

GET_EXPECTED = {
    "/cc/antrian/": {
        "anonymous": LOGIN,
        "citizen": 403,
        "reporter": 403,
        "operator": 200,
        "admin": 200,
        "leader": 403,
        "officer": 403,
        "head": 403,
        "other_officer": 403,
        "other_head": 403,
    },
    "/cc/catat/": {
        "anonymous": LOGIN,
        "citizen": 403,
        "reporter": 403,
        "operator": 200,
        "admin": 200,
        "leader": 403,
        "officer": 403,
        "head": 403,
        "other_officer": 403,
        "other_head": 403,
    },
    "/opd/kotak-masuk/": {
        "anonymous": LOGIN,
        "citizen": 403,
        "reporter": 403,
        "operator": 403,
        "admin": 403,
        "leader": 403,
        "officer": 200,
        "head": 200,
        "other_officer": 200,
        "other_head": 200,
    },
    "/kasus/{code}/": {
        "anonymous": LOGIN,
        "citizen": 403,
        "reporter": 403,
        "operator": 200,
        "admin": 200,
        "leader": 200,
        "officer": 200,
        "head": 200,
        "other_officer": 404,
        "other_head": 404,
    },
}

# POST an action on a case waiting for validation (only the command center may validate)
# and on a case in progress (only its agency may post the follow-up).
POST_EXPECTED = {
    "validate": {
        "anonymous": LOGIN,
        "citizen": 403,
        "reporter": 403,
        "operator": 302,
        "admin": 302,
        "leader": 400,
        "officer": 400,
        "head": 400,
        "other_officer": 404,
        "other_head": 404,
    },
    "comment": {
        "anonymous": LOGIN,
        "citizen": 403,
        "reporter": 403,
        "operator": 302,
        "admin": 302,
        "leader": 400,
        "officer": 302,
        "head": 302,
        "other_officer": 404,
        "other_head": 404,
    },
}

# The citizen-side actions, through the public tracking page.
REPORTER_POST_EXPECTED = {
    "anonymous": 403,
    "citizen": 403,
    "reporter": 302,
    "operator": 403,
    "admin": 403,
    "leader": 403,
    "officer": 403,
    "head": 403,
    "other_officer": 403,
    "other_head": 403,
}


@pytest.fixture
def case_at_pupr(city, submit, photo):
    complaint = submit(reporter=city.citizen)
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    complaint = services.complaint_accept(complaint=complaint, user=city.officer)
    return services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah ditambal.", photos=[photo]
    )


def _login_as(client, city, role, complaint):
    if role == "anonymous":
        return
    if role == "reporter":
        client.force_login(city.citizen)  # the account that filed the case
        return
    user = city.other_citizen if role == "citizen" else getattr(city, role)
    client.force_login(user)


def _snapshot(complaint):
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    return row, ComplaintEvent.objects.filter(complaint=complaint).count()


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(GET_EXPECTED))
def test_who_may_open_each_staff_screen(client, city, case_at_pupr, path, role):
    _login_as(client, city, role, case_at_pupr)
    response = client.get(path.format(code=case_at_pupr.code))
    _check(response, GET_EXPECTED[path][role])


@pytest.mark.parametrize("role", ROLES)
def test_other_agency_inbox_never_lists_the_case(client, city, case_at_pupr, role):
    _login_as(client, city, role, case_at_pupr)
    response = client.get("/opd/kotak-masuk/?state=menunggu_validasi")
    if response.status_code == 200:
        listed = case_at_pupr.code in response.content.decode()
        assert listed == (role in ("officer", "head"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(POST_EXPECTED))
def test_who_may_act_on_a_case_and_refusals_change_nothing(
    client, city, case_at_pupr, action, role
):
    before = _snapshot(case_at_pupr)
    _login_as(client, city, role, case_at_pupr)
    data = {"validate-note": "Baik.", "comment-note": "Catatan internal."}
    response = client.post(f"/kasus/{case_at_pupr.code}/tindakan/{action}/", data)
    expected = POST_EXPECTED[action][role]
    _check(response, expected)
    if expected == 302:
        assert _snapshot(case_at_pupr) != before
    else:
        assert _snapshot(case_at_pupr) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_reporter_may_rate(client, city, case_at_pupr, role):
    complaint = services.complaint_validate(complaint=case_at_pupr, user=city.operator)
    assert complaint.state == State.RESOLVED
    before = _snapshot(complaint)
    _login_as(client, city, role, complaint)
    response = client.post(
        f"/lacak/{complaint.code}/tindakan/rate/", {"rating": "4", "comment": "Cepat."}
    )
    _check(response, REPORTER_POST_EXPECTED[role])
    after = _snapshot(complaint)
    if REPORTER_POST_EXPECTED[role] == 302:
        assert after[0]["state"] == State.CLOSED and after[0]["rating"] == 4
    else:
        assert after == before


def test_private_link_alone_makes_a_reporter(client, city, case_at_pupr):
    complaint = services.complaint_validate(complaint=case_at_pupr, user=city.operator)
    client.get(f"/lacak/{complaint.code}/?k={reporter_token(complaint.code)}")
    response = client.post(
        f"/lacak/{complaint.code}/tindakan/reopen/", {"reason": "Berlubang lagi."}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS and complaint.reopen_count == 1


def test_a_forged_private_link_gives_no_rights(client, city, case_at_pupr):
    complaint = services.complaint_validate(complaint=case_at_pupr, user=city.operator)
    client.get(f"/lacak/{complaint.code}/?k=forged-token")
    response = client.post(f"/lacak/{complaint.code}/tindakan/reopen/", {"reason": "x"})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.state == State.RESOLVED


@pytest.mark.parametrize("role", ROLES)
def test_rahasia_photo_is_served_only_to_those_who_may_see_the_case(
    client, city, submit, photo, role
):
    complaint = submit(
        category=city.confidential, privacy="rahasia", photos=[photo], reporter=city.citizen
    )
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    _login_as(client, city, role, complaint)
    response = client.get(f"/foto/{complaint.photos.get().pk}/")
    may_see = {"reporter", "operator", "admin", "officer", "head"}
    assert response.status_code == (200 if role in may_see else 404)
