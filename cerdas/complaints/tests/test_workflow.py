"""The transition table: who may do what from which state, and who plays which part.

The expected table below is written out from DESIGN.md ("Complaint lifecycle") on its own,
not copied from workflow.py, so a change to the table in the code shows up here.
"""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from cerdas.accounts.models import Role, User
from cerdas.complaints import services
from cerdas.complaints.models import Action, Complaint, State
from cerdas.complaints.workflow import (
    TRANSITIONS,
    Actor,
    WorkflowError,
    actors_for,
    allowed_actions,
    check,
)

WITA = ZoneInfo("Asia/Makassar")
S = State
A = Actor
TRIAGE = {S.NEW, S.NEEDS_INFO}
WITH_AGENCY = {S.DISPOSED, S.IN_PROGRESS}
KEEP = None  # the action does not move the case

# action: (who, from which states, to which state)
EXPECTED: dict[Action, tuple[set[Actor], set[State], State | None]] = {
    Action.DISPOSE: ({A.OPERATOR, A.SYSTEM}, TRIAGE, S.DISPOSED),
    Action.REQUEST_INFO: ({A.OPERATOR}, {S.NEW}, S.NEEDS_INFO),
    Action.PROVIDE_INFO: ({A.REPORTER}, {S.NEEDS_INFO}, S.NEW),
    # Unasked information is kept in every state but the one where it is asked for.
    Action.ADD_INFO: ({A.REPORTER}, set(S) - {S.NEEDS_INFO}, KEEP),
    Action.CONFIRM_FIXED: (
        {A.REPORTER},
        {S.NEW, S.DISPOSED, S.IN_PROGRESS, S.AWAITING_VALIDATION},
        KEEP,
    ),
    Action.REJECT: ({A.OPERATOR}, TRIAGE, S.REJECTED),
    Action.MARK_DUPLICATE: ({A.OPERATOR}, TRIAGE, S.DUPLICATE),
    Action.HAND_OFF: ({A.OPERATOR}, TRIAGE, S.HANDED_OFF),
    Action.ACCEPT: ({A.AGENCY}, {S.DISPOSED}, S.IN_PROGRESS),
    Action.ASSIGN: ({A.AGENCY_HEAD}, WITH_AGENCY, KEEP),
    Action.REQUEST_TRANSFER: ({A.AGENCY}, WITH_AGENCY, KEEP),
    Action.APPROVE_TRANSFER: ({A.OPERATOR}, WITH_AGENCY, S.DISPOSED),
    Action.DECLINE_TRANSFER: ({A.OPERATOR}, WITH_AGENCY, KEEP),
    Action.FOLLOW_UP: ({A.AGENCY}, {S.IN_PROGRESS}, S.AWAITING_VALIDATION),
    Action.VALIDATE: ({A.OPERATOR}, {S.AWAITING_VALIDATION}, S.RESOLVED),
    Action.REJECT_FOLLOW_UP: ({A.OPERATOR}, {S.AWAITING_VALIDATION}, S.IN_PROGRESS),
    Action.RATE: ({A.REPORTER}, {S.RESOLVED, S.CLOSED}, S.CLOSED),
    Action.REOPEN: ({A.REPORTER}, {S.RESOLVED}, S.IN_PROGRESS),
    Action.AUTO_CLOSE: ({A.SYSTEM}, {S.RESOLVED}, S.CLOSED),
    Action.COMMENT: (
        {A.OPERATOR, A.AGENCY},
        {S.NEW, S.NEEDS_INFO, S.DISPOSED, S.IN_PROGRESS, S.AWAITING_VALIDATION},
        KEEP,
    ),
}

CHECKED_ACTIONS = [a for a in TRANSITIONS if a not in (Action.AUTO_CLOSE, Action.SUBMIT)]
PENDING_TRANSFER_ACTIONS = (Action.APPROVE_TRANSFER, Action.DECLINE_TRANSFER)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The city fixture hashes ten passwords; the default hasher takes seconds for that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def case_in(state: State, action: Action | None = None) -> Complaint:
    """An unsaved case in `state` that meets the action's extra conditions."""
    complaint = Complaint(state=state)
    if action in PENDING_TRANSFER_ACTIONS:
        complaint.transfer_to_id = 1  # a transfer request is waiting
    return complaint


# --- the table itself -----------------------------------------------------------------


def test_transition_table_is_the_one_in_the_design():
    assert set(TRANSITIONS) == set(EXPECTED)
    for action, (actors, sources, target) in EXPECTED.items():
        rule = TRANSITIONS[action]
        assert (set(rule.actors), set(rule.sources), rule.target) == (actors, sources, target), (
            action
        )


def test_submit_is_not_a_transition_from_any_state():
    assert Action.SUBMIT not in TRANSITIONS


@pytest.mark.parametrize(
    ("action", "state", "actor"),
    list(itertools.product(CHECKED_ACTIONS, list(State), list(Actor))),
    ids=lambda v: str(v),
)
def test_check_allows_exactly_the_tables_combinations(action, state, actor):
    actors, sources, target = EXPECTED[action]
    complaint = case_in(state, action)
    if actor in actors and state in sources:
        rule = check(action, complaint, {actor})
        assert rule.target == target
    elif actor not in actors:
        with pytest.raises(WorkflowError, match="tidak berwenang"):
            check(action, complaint, {actor})
    else:
        with pytest.raises(WorkflowError, match="berstatus"):
            check(action, complaint, {actor})
    assert complaint.state == state  # check() never moves the case itself


@pytest.mark.parametrize("state", list(State), ids=str)
@pytest.mark.parametrize("actor", list(Actor), ids=str)
def test_allowed_actions_lists_the_tables_actions_for_each_state_and_actor(state, actor):
    complaint = case_in(state)
    complaint.transfer_to_id = None
    expected = {
        action
        for action, (actors, sources, _target) in EXPECTED.items()
        if actor in actors
        and state in sources
        and action not in PENDING_TRANSFER_ACTIONS  # nothing is waiting for a decision
    }
    assert set(allowed_actions(complaint, {actor})) == expected


def test_check_with_no_part_at_all_is_refused():
    with pytest.raises(WorkflowError, match="tidak berwenang"):
        check(Action.COMMENT, case_in(State.NEW), set())


def test_a_person_playing_several_parts_may_use_any_of_them():
    # An operator who also filed the case may rate it as its reporter.
    rule = check(Action.RATE, case_in(State.RESOLVED), {A.OPERATOR, A.REPORTER})
    assert rule.target == State.CLOSED


# --- extra conditions beyond role and state -------------------------------------------


@pytest.mark.parametrize("action", PENDING_TRANSFER_ACTIONS, ids=str)
def test_operator_cannot_decide_on_a_transfer_nobody_asked_for(action):
    complaint = Complaint(state=State.IN_PROGRESS)
    with pytest.raises(WorkflowError, match="Tidak ada permintaan pengalihan"):
        check(action, complaint, {A.OPERATOR})


def test_agency_cannot_ask_for_a_second_transfer_while_one_is_waiting():
    complaint = Complaint(state=State.DISPOSED, transfer_to_id=1)
    with pytest.raises(WorkflowError, match="masih menunggu"):
        check(Action.REQUEST_TRANSFER, complaint, {A.AGENCY})
    assert Action.REQUEST_TRANSFER not in allowed_actions(complaint, {A.AGENCY})
    assert Action.APPROVE_TRANSFER in allowed_actions(complaint, {A.OPERATOR})


@pytest.mark.parametrize("state", [State.RESOLVED, State.CLOSED], ids=str)
def test_reporter_cannot_rate_twice(state):
    complaint = Complaint(state=state, rating=4)
    with pytest.raises(WorkflowError, match="sudah dinilai"):
        check(Action.RATE, complaint, {A.REPORTER})
    assert Action.RATE not in allowed_actions(complaint, {A.REPORTER})


@pytest.mark.django_db
def test_reporter_can_reopen_until_ten_working_days_after_resolution_and_not_after():
    # Resolved Monday 2 Feb 2026 10:00 WITA: nine working days to Friday 13 Feb, then
    # Monday 16 Feb (cuti bersama of Imlek, SKB) and Tuesday 17 (Imlek) are skipped, so the
    # tenth is Wednesday 18 Feb.
    resolved = datetime(2026, 2, 2, 10, 0, tzinfo=WITA)
    complaint = Complaint(state=State.RESOLVED, resolved_at=resolved)
    deadline = datetime(2026, 2, 18, 10, 0, tzinfo=WITA)
    assert services.reopen_deadline(complaint) == deadline
    assert check(Action.REOPEN, complaint, {A.REPORTER}, now=deadline).target == S.IN_PROGRESS
    late = deadline + timedelta(seconds=1)
    with pytest.raises(WorkflowError, match="sudah lewat"):
        check(Action.REOPEN, complaint, {A.REPORTER}, now=late)
    assert Action.REOPEN not in allowed_actions(complaint, {A.REPORTER}, now=late)


# --- actors_for ------------------------------------------------------------------------


@pytest.fixture
def at_pupr(city, submit):
    """A case filed by the citizen account and sent to Dinas PUPR."""
    complaint = submit(reporter=city.citizen)
    return services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)


@pytest.fixture
def at_uptd(city, submit):
    """A case sent to the UPTD under Dinas PUPR."""
    complaint = submit()
    return services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.uptd)


@pytest.fixture
def uptd_officer(city):
    return User.objects.create(username="petugas_uptd", role=Role.OFFICER, agency=city.uptd)


@pytest.mark.parametrize("who", ["operator", "admin"])
def test_command_center_staff_act_as_operator(city, at_pupr, who):
    assert actors_for(at_pupr, getattr(city, who)) == {Actor.OPERATOR}


def test_command_center_staff_act_as_operator_before_any_agency_holds_the_case(city, submit):
    assert actors_for(submit(), city.operator) == {Actor.OPERATOR}


@pytest.mark.parametrize("who", ["officer", "officer2"])
def test_officer_of_the_holding_agency_acts_as_agency(city, at_pupr, who):
    assert actors_for(at_pupr, getattr(city, who)) == {Actor.AGENCY}


def test_head_of_the_holding_agency_acts_as_agency_and_as_head(city, at_pupr):
    assert actors_for(at_pupr, city.head) == {Actor.AGENCY, Actor.AGENCY_HEAD}


def test_officer_of_the_parent_agency_acts_as_agency_when_the_case_is_at_its_uptd(city, at_uptd):
    assert actors_for(at_uptd, city.officer) == {Actor.AGENCY}
    assert actors_for(at_uptd, city.head) == {Actor.AGENCY, Actor.AGENCY_HEAD}


def test_uptd_officer_acts_on_its_own_cases_but_not_on_the_parent_agencys(
    at_uptd, at_pupr, uptd_officer
):
    assert actors_for(at_uptd, uptd_officer) == {Actor.AGENCY}
    assert actors_for(at_pupr, uptd_officer) == set()


@pytest.mark.parametrize("who", ["other_officer", "other_head"])
def test_staff_of_another_agency_play_no_part(city, at_pupr, at_uptd, who):
    assert actors_for(at_pupr, getattr(city, who)) == set()
    assert actors_for(at_uptd, getattr(city, who)) == set()


def test_agency_staff_play_no_part_before_the_case_is_disposed(city, submit):
    complaint = submit()
    assert actors_for(complaint, city.officer) == set()
    assert actors_for(complaint, city.head) == set()


def test_leader_plays_no_part_leaders_only_read(city, at_pupr):
    assert actors_for(at_pupr, city.leader) == set()


def test_reporter_by_account_acts_as_reporter(city, at_pupr):
    assert actors_for(at_pupr, city.citizen) == {Actor.REPORTER}


def test_another_citizen_plays_no_part(city, at_pupr):
    assert actors_for(at_pupr, city.other_citizen) == set()


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["no-user", "anonymous"])
def test_reporter_link_makes_a_visitor_without_account_the_reporter(at_pupr, user):
    assert actors_for(at_pupr, user, reporter_link=True) == {Actor.REPORTER}
    assert actors_for(at_pupr, user) == set()


def test_reporter_link_adds_the_reporter_part_to_a_signed_in_user(city, at_pupr):
    assert actors_for(at_pupr, city.officer, reporter_link=True) == {
        Actor.REPORTER,
        Actor.AGENCY,
    }
