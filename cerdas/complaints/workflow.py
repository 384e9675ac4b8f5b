"""Who may do what to a complaint, from which state: the one transition table.

Every service in services.py asks `check()` before it changes anything, and every
screen asks `allowed_actions()` to decide which buttons to draw, so the table below
is the only place where the workflow of DESIGN.md is written down.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from cerdas.accounts.models import Role

from .models import Action, Complaint, State


class Actor(StrEnum):
    """The part a person plays for one complaint (a person may play several)."""

    REPORTER = "reporter"  # the citizen who filed it (by account or by the private link)
    OPERATOR = "operator"  # command center staff
    AGENCY = "agency"  # any officer of the agency holding the case
    AGENCY_HEAD = "agency_head"  # the head of that agency
    SYSTEM = "system"  # periodic jobs, the routing model


@dataclass(frozen=True)
class Rule:
    actors: frozenset[Actor]
    sources: frozenset[State]
    target: State | None  # None: the state does not change


def _rule(actors, sources, target=None) -> Rule:
    return Rule(frozenset(actors), frozenset(sources), target)


S = State
A = Actor
TRIAGE = (S.NEW, S.NEEDS_INFO)
WITH_AGENCY = (S.DISPOSED, S.IN_PROGRESS)

TRANSITIONS: dict[Action, Rule] = {
    # Command center: verify and dispose, or close the case at the door.
    # The system disposes the clear cases itself (cerdas/triage: the routing model).
    Action.DISPOSE: _rule({A.OPERATOR, A.SYSTEM}, TRIAGE, S.DISPOSED),
    Action.REQUEST_INFO: _rule({A.OPERATOR}, {S.NEW}, S.NEEDS_INFO),
    Action.PROVIDE_INFO: _rule({A.REPORTER}, {S.NEEDS_INFO}, S.NEW),
    # The reporter adds to a case unasked (a new photo, the water rose): the case stays
    # where it is and its holder is told. Asked, they answer with PROVIDE_INFO. The hub
    # offers it while the case is open; a comment that arrives later by another door
    # (FixMyStreet's, on a closed report) is kept too, never refused.
    Action.ADD_INFO: _rule({A.REPORTER}, tuple(s for s in S if s != S.NEEDS_INFO)),
    # The reporter says the problem is gone: the command center checks it and validates
    # (or asks the agency); the state does not change by itself.
    Action.CONFIRM_FIXED: _rule({A.REPORTER}, (S.NEW, *WITH_AGENCY, S.AWAITING_VALIDATION)),
    Action.REJECT: _rule({A.OPERATOR}, TRIAGE, S.REJECTED),
    Action.MARK_DUPLICATE: _rule({A.OPERATOR}, TRIAGE, S.DUPLICATE),
    Action.HAND_OFF: _rule({A.OPERATOR}, TRIAGE, S.HANDED_OFF),
    # Agency.
    Action.ACCEPT: _rule({A.AGENCY}, {S.DISPOSED}, S.IN_PROGRESS),
    Action.ASSIGN: _rule({A.AGENCY_HEAD}, WITH_AGENCY, None),
    Action.REQUEST_TRANSFER: _rule({A.AGENCY}, WITH_AGENCY, None),
    Action.FOLLOW_UP: _rule({A.AGENCY}, {S.IN_PROGRESS}, S.AWAITING_VALIDATION),
    # Command center decides on transfers and validates closures.
    Action.APPROVE_TRANSFER: _rule({A.OPERATOR}, WITH_AGENCY, S.DISPOSED),
    Action.DECLINE_TRANSFER: _rule({A.OPERATOR}, WITH_AGENCY, None),
    Action.VALIDATE: _rule({A.OPERATOR}, {S.AWAITING_VALIDATION}, S.RESOLVED),
    Action.REJECT_FOLLOW_UP: _rule({A.OPERATOR}, {S.AWAITING_VALIDATION}, S.IN_PROGRESS),
    # Reporter, after the case is resolved.
    Action.RATE: _rule({A.REPORTER}, {S.RESOLVED, S.CLOSED}, S.CLOSED),
    Action.REOPEN: _rule({A.REPORTER}, {S.RESOLVED}, S.IN_PROGRESS),
    Action.AUTO_CLOSE: _rule({A.SYSTEM}, {S.RESOLVED}, S.CLOSED),
    # Internal notes do not move the case.
    Action.COMMENT: _rule({A.OPERATOR, A.AGENCY}, (*TRIAGE, *WITH_AGENCY, S.AWAITING_VALIDATION)),
}


class WorkflowError(Exception):
    """A business rule said no. The message is for the person who tried (Indonesian)."""


def actors_for(complaint: Complaint, user, *, reporter_link: bool = False) -> set[Actor]:
    """The parts `user` plays for this complaint.

    reporter_link: the request carried the complaint's private reporter link, which is
    how a citizen without an account acts on their own report.
    """
    actors: set[Actor] = set()
    if reporter_link:
        actors.add(Actor.REPORTER)
    if user is None or not user.is_authenticated:
        return actors
    if complaint.reporter_id is not None and complaint.reporter_id == user.pk:
        actors.add(Actor.REPORTER)
    if user.is_command_center:
        actors.add(Actor.OPERATOR)
    if user.is_agency_staff and complaint.agency_id is not None:
        holds = complaint.agency_id == user.agency_id or (
            complaint.agency is not None and complaint.agency.parent_id == user.agency_id
        )
        if holds:
            actors.add(Actor.AGENCY)
            if user.role == Role.AGENCY_HEAD:
                actors.add(Actor.AGENCY_HEAD)
    return actors


def extra_condition(action: Action, complaint: Complaint, now=None) -> str | None:
    """Conditions beyond role and state; returns the reason an action is not possible."""
    if (
        action in (Action.APPROVE_TRANSFER, Action.DECLINE_TRANSFER)
        and not complaint.transfer_to_id
    ):
        return "Tidak ada permintaan pengalihan yang menunggu."
    if action == Action.REQUEST_TRANSFER and complaint.transfer_to_id:
        return "Permintaan pengalihan sebelumnya masih menunggu keputusan operator."
    if action == Action.RATE and complaint.rating is not None:
        return "Pengaduan ini sudah dinilai."
    if action == Action.REOPEN and complaint.resolved_at is not None:
        from .services import reopen_deadline  # services import this module

        if (now or timezone.now()) > reopen_deadline(complaint):
            return "Batas membuka kembali (10 hari kerja setelah selesai) sudah lewat."
    return None


def check(action: Action, complaint: Complaint, actors: set[Actor], now=None) -> Rule:
    rule = TRANSITIONS[action]
    if not (rule.actors & actors):
        raise WorkflowError("Anda tidak berwenang melakukan tindakan ini pada pengaduan ini.")
    if complaint.state not in rule.sources:
        raise WorkflowError(
            f"Tindakan ini tidak bisa dilakukan pada pengaduan berstatus "
            f"“{State(complaint.state).label}”."
        )
    reason = extra_condition(action, complaint, now)
    if reason:
        raise WorkflowError(reason)
    return rule


def allowed_actions(complaint: Complaint, actors: set[Actor], now=None) -> list[Action]:
    return [
        action
        for action, rule in TRANSITIONS.items()
        if rule.actors & actors
        and complaint.state in rule.sources
        and extra_condition(action, complaint, now) is None
    ]
