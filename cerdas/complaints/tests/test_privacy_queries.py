"""Who sees which complaints: the public list, each signed-in role, and the reporter's name."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from cerdas.accounts.models import Role, User
from cerdas.complaints import services
from cerdas.complaints.models import Complaint, Privacy, State

PUBLIC_STATES = {
    State.DISPOSED,
    State.IN_PROGRESS,
    State.AWAITING_VALIDATION,
    State.RESOLVED,
    State.CLOSED,
    State.HANDED_OFF,
}
HIDDEN_STATES = {State.NEW, State.NEEDS_INFO, State.REJECTED, State.DUPLICATE}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The city fixture hashes ten passwords; the default hasher takes seconds for that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make(city, submit):
    """A case put straight into `state` (these tests are about reading, not the workflow)."""

    def _make(state=State.DISPOSED, privacy=Privacy.PUBLIC, agency=None, **kwargs):
        complaint = submit(privacy=privacy, **kwargs)
        changes = {"state": state}
        if state in PUBLIC_STATES - {State.HANDED_OFF}:
            changes["agency"] = agency or city.pupr
        elif state == State.DUPLICATE:
            changes["duplicate_of"] = submit()
        elif state == State.HANDED_OFF:
            changes["external_body"] = city.pln
        elif agency is not None:
            changes["agency"] = agency
        Complaint.objects.filter(pk=complaint.pk).update(**changes)
        return Complaint.objects.get(pk=complaint.pk)

    return _make


def test_state_lists_cover_every_state():
    assert PUBLIC_STATES | HIDDEN_STATES == set(State)
    assert not PUBLIC_STATES & HIDDEN_STATES


# --- the public list -------------------------------------------------------------------


def test_public_list_shows_verified_cases_and_never_rahasia(make):
    made = {
        (state, privacy): make(state=state, privacy=privacy).pk
        for state, privacy in itertools.product(State, Privacy)
    }
    expected = {
        pk
        for (state, privacy), pk in made.items()
        if state in PUBLIC_STATES and privacy != Privacy.CONFIDENTIAL
    }
    assert set(Complaint.objects.public().values_list("pk", flat=True)) == expected
    assert len(expected) == len(PUBLIC_STATES) * 2


@pytest.mark.parametrize("state", sorted(HIDDEN_STATES), ids=str)
def test_public_list_leaves_out_unverified_rejected_and_duplicate_cases(make, state):
    complaint = make(state=state)
    assert not Complaint.objects.public().filter(pk=complaint.pk).exists()


@pytest.mark.parametrize("state", sorted(PUBLIC_STATES), ids=str)
def test_public_list_never_shows_a_rahasia_case(make, state):
    hidden = make(state=state, privacy=Privacy.CONFIDENTIAL)
    shown = make(state=state, privacy=Privacy.ANONYMOUS)
    assert list(Complaint.objects.public()) == [shown]
    assert not hidden.is_public
    assert shown.is_public


def test_a_case_in_a_confidential_category_stays_off_the_public_list(city, make):
    complaint = make(category=city.confidential, privacy="")
    assert complaint.privacy == Privacy.CONFIDENTIAL
    assert not Complaint.objects.public().exists()


# --- visible_to --------------------------------------------------------------------------


@pytest.fixture
def cases(city, make):
    return {
        "new": make(state=State.NEW, reporter=city.citizen),
        "pupr": make(agency=city.pupr, reporter=city.citizen),
        "pupr_rahasia": make(agency=city.pupr, privacy=Privacy.CONFIDENTIAL),
        "uptd": make(state=State.IN_PROGRESS, agency=city.uptd),
        "dlh": make(state=State.RESOLVED, agency=city.dlh, reporter=city.other_citizen),
        "dlh_rahasia": make(agency=city.dlh, privacy=Privacy.CONFIDENTIAL),
        "handed_off": make(state=State.HANDED_OFF),
        "rejected": make(state=State.REJECTED, reporter=city.other_citizen),
    }


def visible(user, cases) -> set[str]:
    pks = set(Complaint.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, complaint in cases.items() if complaint.pk in pks}


@pytest.mark.parametrize("who", ["operator", "admin"])
def test_command_center_sees_every_case(city, cases, who):
    assert visible(getattr(city, who), cases) == set(cases)


def test_leader_sees_every_case_but_rahasia_ones(city, cases):
    # DESIGN.md: a rahasia report is seen only by the operator and the assigned OPD.
    assert visible(city.leader, cases) == {n for n in cases if "rahasia" not in n}


@pytest.mark.parametrize("who", ["officer", "officer2", "head"])
def test_officer_sees_own_agencys_cases_and_its_uptds_never_dlhs(city, cases, who):
    assert visible(getattr(city, who), cases) == {"pupr", "pupr_rahasia", "uptd"}


@pytest.mark.parametrize("who", ["other_officer", "other_head"])
def test_dlh_staff_see_only_dlh_cases(city, cases, who):
    assert visible(getattr(city, who), cases) == {"dlh", "dlh_rahasia"}


def test_uptd_officer_sees_the_uptds_cases_but_not_the_parent_agencys(city, cases):
    officer = User.objects.create(username="petugas_uptd", role=Role.OFFICER, agency=city.uptd)
    assert visible(officer, cases) == {"uptd"}


def test_citizen_sees_only_own_reports(city, cases):
    assert visible(city.citizen, cases) == {"new", "pupr"}
    assert visible(city.other_citizen, cases) == {"dlh", "rejected"}


def test_anonymous_visitor_sees_no_case(cases):
    assert visible(AnonymousUser(), cases) == set()


def test_case_transferred_away_leaves_the_old_agencys_view(city, submit):
    complaint = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    assert Complaint.objects.visible_to(city.officer).filter(pk=complaint.pk).exists()
    services.complaint_request_transfer(
        complaint=complaint, user=city.officer, target=city.dlh, reason="Sampah."
    )
    services.complaint_approve_transfer(complaint=complaint, user=city.operator)
    assert not Complaint.objects.visible_to(city.officer).filter(pk=complaint.pk).exists()
    assert Complaint.objects.visible_to(city.other_officer).filter(pk=complaint.pk).exists()


# --- the reporter's name in public --------------------------------------------------------


@pytest.mark.parametrize(
    ("privacy", "name", "shown"),
    [
        (Privacy.PUBLIC, "Budi Santoso", "Budi"),
        (Privacy.PUBLIC, "Budi", "Budi"),
        (Privacy.PUBLIC, "", "Warga"),
        (Privacy.ANONYMOUS, "Budi Santoso", "Warga"),
        (Privacy.CONFIDENTIAL, "Budi Santoso", "Warga"),
    ],
)
def test_public_reporter_name_is_the_first_name_or_warga(privacy, name, shown):
    assert Complaint(privacy=privacy, reporter_name=name).public_reporter_name() == shown


def test_public_reporter_name_of_a_filed_case(make):
    complaint = make(privacy=Privacy.PUBLIC, reporter_name="  Maria Lumowa Tambuwun ")
    assert complaint.reporter_name == "Maria Lumowa Tambuwun"
    assert complaint.public_reporter_name() == "Maria"
    anonymous = make(privacy=Privacy.ANONYMOUS, reporter_name="Maria Lumowa")
    assert anonymous.public_reporter_name() == "Warga"
