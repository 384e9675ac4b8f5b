"""Workflow steps through the API: who may take them, and what each refusal leaves."""

from django.test import Client

from cerdas.accounts.models import Role, User
from cerdas.complaints import services
from cerdas.complaints.models import Complaint, ComplaintEvent, ComplaintPhoto, State
from conftest import jpeg_bytes

from .util import API, b64_photo, post_json, report

URL = f"{API}/complaints"


def act(client, complaint, action, data=None, headers=None):
    return post_json(client, f"{URL}/{complaint.code}/actions/{action}", data or {}, headers)


def fresh(complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def test_agency_key_accepts_and_follows_up_its_own_case(client, city, cases, keys):
    offered = client.get(f"{URL}/{cases.pupr.code}/actions", headers=keys.pupr.headers).json()
    assert {a["action"] for a in offered} == {"accept", "assign", "request_transfer", "comment"}
    response = act(client, cases.pupr, "accept", {"note": "Tim meluncur."}, keys.pupr.headers)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.IN_PROGRESS
    case = fresh(cases.pupr)
    assert case.state == State.IN_PROGRESS
    event = case.events.get(action="accept")
    assert event.actor_label == "Dinas PUPR"
    assert event.actor.username == f"api-{keys.pupr.key.prefix}-pupr"
    assert event.actor.is_active is False and not event.actor.has_usable_password()
    # The service account acts, but is never credited as the case's officer.
    assert response.json()["assigned_officer"] is None

    photos = [b64_photo(), "data:image/jpeg;base64," + b64_photo(color=(10, 10, 10))]
    response = act(
        client,
        cases.pupr,
        "follow_up",
        {"note": "Sudah ditambal.", "photos": photos},
        keys.pupr.headers,
    )
    assert response.status_code == 200, response.content
    assert fresh(cases.pupr).state == State.AWAITING_VALIDATION
    assert ComplaintPhoto.objects.filter(complaint=cases.pupr, kind="bukti").count() == 2
    assert len(response.json()["photos"]) == 2


def test_agency_key_assigns_its_own_officer_and_acts_on_its_units_cases(client, city, cases, keys):
    response = act(client, cases.pupr, "accept", {"officer": "petugas_dlh"}, keys.pupr.headers)
    assert response.status_code == 400 and "Petugas" in response.json()["detail"]
    assert fresh(cases.pupr).state == State.DISPOSED
    response = act(client, cases.pupr, "accept", {"officer": "petugas_pupr"}, keys.pupr.headers)
    assert response.status_code == 200, response.content
    assert fresh(cases.pupr).assigned_officer == city.officer
    response = act(client, cases.uptd, "accept", {}, keys.pupr.headers)  # held by its UPTD
    assert response.status_code == 200, response.content
    assert fresh(cases.uptd).state == State.IN_PROGRESS


def test_agency_key_cannot_act_on_another_agencys_case(client, city, cases, keys):
    public = act(client, cases.dlh_anon, "accept", {}, keys.pupr.headers)
    assert public.status_code == 403  # readable (it is public) but not theirs
    hidden = act(client, cases.dlh_secret, "accept", {}, keys.pupr.headers)
    assert hidden.status_code == 404  # rahasia of another agency: it does not exist for them
    assert (
        client.get(f"{URL}/{cases.dlh_secret.code}", headers=keys.pupr.headers).status_code == 404
    )
    assert fresh(cases.dlh_anon).state == fresh(cases.dlh_secret).state == State.DISPOSED
    assert not ComplaintEvent.objects.filter(action="accept").exists()


def test_read_all_key_reads_everything_but_cannot_act(client, city, cases, keys):
    assert (
        client.get(f"{URL}/{cases.pupr.code}/actions", headers=keys.read_all.headers).json() == []
    )
    for complaint, action in (
        (cases.pupr, "accept"),
        (cases.new, "dispose"),
        (cases.pupr, "comment"),
    ):
        response = act(
            client, complaint, action, {"agency": "pupr", "note": "x"}, keys.read_all.headers
        )
        assert response.status_code == 403
    assert fresh(cases.pupr).state == State.DISPOSED and fresh(cases.new).state == State.NEW
    assert ComplaintEvent.objects.filter(action__in=["accept", "dispose", "comment"]).count() == 5


def test_a_step_the_state_no_longer_allows_is_a_conflict(client, city, cases, keys):
    assert act(client, cases.pupr, "accept", {}, keys.pupr.headers).status_code == 200
    again = act(client, cases.pupr, "accept", {}, keys.pupr.headers)
    assert again.status_code == 409 and "Sedang ditindaklanjuti" in again.json()["detail"]
    assert cases.pupr.events.filter(action="accept").count() == 1


def test_refused_input_is_bad_request_and_changes_nothing(client, city, cases, keys):
    act(client, cases.pupr, "accept", {}, keys.pupr.headers)
    events = ComplaintEvent.objects.count()
    no_photo = act(client, cases.pupr, "follow_up", {"note": "Sudah."}, keys.pupr.headers)
    assert no_photo.status_code == 400 and "foto" in no_photo.json()["detail"]
    no_note = act(client, cases.pupr, "comment", {"note": "  "}, keys.pupr.headers)
    assert no_note.status_code == 400
    bad_rating = act(client, cases.pupr, "rate", {"rating": 9}, keys.pupr.headers)
    assert bad_rating.status_code == 422
    unknown = act(client, cases.pupr, "terbang", {}, keys.pupr.headers)
    assert unknown.status_code == 422
    assert fresh(cases.pupr).state == State.IN_PROGRESS
    assert ComplaintEvent.objects.count() == events


def test_anonymous_caller_cannot_act(client, cases):
    response = act(client, cases.pupr, "accept")
    assert response.status_code == 401
    assert client.get(f"{URL}/{cases.pupr.code}/actions").json() == []
    assert fresh(cases.pupr).state == State.DISPOSED


def test_operator_session_disposes_with_csrf(city, cases):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(city.operator)
    browser.get("/lapor/")  # any page with a form sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    body = {"agency": "dlh", "note": "Urusan sampah."}
    refused = act(browser, cases.new, "dispose", body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert fresh(cases.new).state == State.NEW
    response = act(browser, cases.new, "dispose", body, {"X-CSRFToken": token})
    assert response.status_code == 200, response.content
    case = fresh(cases.new)
    assert case.state == State.DISPOSED and case.agency == city.dlh
    assert case.events.get(action="dispose").actor == city.operator
    # The command center sees the reporter's contact in the answer.
    assert response.json()["reporter"]["phone"] == "+6281234567890"
    unknown = act(browser, cases.pupr, "approve_transfer", {}, {"X-CSRFToken": token})
    assert unknown.status_code == 409  # no transfer is waiting


def test_operator_refusal_with_bad_input_is_400(client, city, cases):
    client.force_login(city.operator)
    response = act(client, cases.new, "dispose", {"agency": "pln"})
    assert response.status_code == 400 and "OPD" in response.json()["detail"]
    response = act(client, cases.new, "mark_duplicate", {"master_code": "MDO-XXXX-XX"})
    assert response.status_code == 400
    response = act(client, cases.new, "mark_duplicate", {"master_code": cases.pupr.code.lower()})
    assert response.status_code == 200 and fresh(cases.new).duplicate_of == cases.pupr
    assert fresh(cases.new).state == State.DUPLICATE


def _resolve(city, complaint):
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=complaint, user=city.officer)
    services.complaint_follow_up(
        complaint=complaint,
        user=city.officer,
        note="Selesai.",
        photos=[services.Upload(name="b.jpg", data=jpeg_bytes())],
    )
    return services.complaint_validate(complaint=complaint, user=city.operator)


def test_submit_key_acts_as_the_reporter_of_what_it_filed(client, city, keys):
    code = post_json(client, URL, report(), keys.submit.headers).json()["code"]
    complaint = Complaint.objects.get(code=code)
    services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Nomor rumah?"
    )
    offered = client.get(f"{URL}/{code}/actions", headers=keys.submit.headers).json()
    assert [a["action"] for a in offered] == ["provide_info"]
    response = act(
        client, complaint, "provide_info", {"note": "Depan no. 12."}, keys.submit.headers
    )
    assert response.status_code == 200 and fresh(complaint).state == State.NEW
    assert complaint.events.get(action="provide_info").actor_label == "Pelapor"

    _resolve(city, complaint)
    other = act(client, complaint, "rate", {"rating": 5}, keys.other_submit.headers)
    assert other.status_code == 403  # a public case, but not theirs
    response = act(client, complaint, "rate", {"rating": 4, "note": "Cepat."}, keys.submit.headers)
    assert response.status_code == 200, response.content
    case = fresh(complaint)
    assert case.state == State.CLOSED and case.rating == 4 and case.rating_comment == "Cepat."
    assert act(client, complaint, "rate", {"rating": 1}, keys.submit.headers).status_code == 409


def test_signed_in_citizen_reopens_own_report(client, city):
    client.force_login(city.citizen)
    response = post_json(client, URL, report())
    # A session POST needs CSRF only when the test client enforces it; the reporter is the account.
    assert response.status_code == 201
    complaint = Complaint.objects.get(code=response.json()["code"])
    assert complaint.reporter == city.citizen
    _resolve(city, complaint)
    response = act(client, complaint, "reopen", {"note": "Lubangnya muncul lagi."})
    assert response.status_code == 200 and fresh(complaint).state == State.IN_PROGRESS
    client.force_login(city.other_citizen)
    assert act(client, complaint, "rate", {"rating": 1}).status_code == 403


def test_service_account_is_one_per_key_and_agency(client, city, cases, keys):
    act(client, cases.pupr, "comment", {"note": "a"}, keys.pupr.headers)
    act(client, cases.uptd, "comment", {"note": "b"}, keys.pupr.headers)
    accounts = User.objects.filter(username__startswith="api-")
    assert accounts.count() == 1
    account = accounts.get()
    assert account.role == Role.AGENCY_HEAD and account.agency == city.pupr
