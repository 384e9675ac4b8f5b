"""Who may do what to one OPD's part of an instruction, from which status.

Services call `check()` before they change anything and the detail page calls
`allowed_actions()` to draw its buttons, so this table is the one place where the
instruction workflow (docs/instructions.md) is written down.
"""

from dataclasses import dataclass
from enum import StrEnum

from cerdas.complaints.workflow import WorkflowError

from .models import ISSUER_ROLES, Action, InstructionRecipient, Status


class Actor(StrEnum):
    ISSUER = "issuer"  # a leader (pimpinan) or the system admin
    RECIPIENT = "recipient"  # staff (head or officer) of the recipient agency or its parent


@dataclass(frozen=True)
class Rule:
    actors: frozenset[Actor]
    sources: frozenset[Status]
    target: Status


def _rule(actors, sources, target) -> Rule:
    return Rule(frozenset(actors), frozenset(sources), target)


S = Status
WORKING = (S.ACKNOWLEDGED, S.IN_PROGRESS)

TRANSITIONS: dict[Action, Rule] = {
    Action.ACKNOWLEDGE: _rule({Actor.RECIPIENT}, {S.SENT}, S.ACKNOWLEDGED),
    Action.REPORT_PROGRESS: _rule({Actor.RECIPIENT}, WORKING, S.IN_PROGRESS),
    Action.MARK_DONE: _rule({Actor.RECIPIENT}, WORKING, S.DONE),
    Action.ACCEPT: _rule({Actor.ISSUER}, {S.DONE}, S.ACCEPTED),
    # A returned part goes back to work and counts against the OPD (return_count).
    Action.RETURN: _rule({Actor.ISSUER}, {S.DONE}, S.IN_PROGRESS),
}

__all__ = ["TRANSITIONS", "Actor", "WorkflowError", "actors_for", "allowed_actions", "check"]


def may_issue(user) -> bool:
    return user is not None and user.is_authenticated and user.role in ISSUER_ROLES


def actors_for(recipient: InstructionRecipient, user) -> set[Actor]:
    actors: set[Actor] = set()
    if user is None or not user.is_authenticated:
        return actors
    if user.role in ISSUER_ROLES:
        actors.add(Actor.ISSUER)
    if user.is_agency_staff and (
        recipient.agency_id == user.agency_id or recipient.agency.parent_id == user.agency_id
    ):
        actors.add(Actor.RECIPIENT)
    return actors


def check(action: Action, recipient: InstructionRecipient, actors: set[Actor]) -> Rule:
    rule = TRANSITIONS[action]
    if not (rule.actors & actors):
        raise WorkflowError("Anda tidak berwenang melakukan tindakan ini pada arahan ini.")
    if recipient.status not in rule.sources:
        raise WorkflowError(
            f"Tindakan ini tidak bisa dilakukan pada arahan berstatus "
            f"“{Status(recipient.status).label}”."
        )
    return rule


def allowed_actions(recipient: InstructionRecipient, actors: set[Actor]) -> list[Action]:
    return [
        action
        for action, rule in TRANSITIONS.items()
        if rule.actors & actors and recipient.status in rule.sources
    ]
