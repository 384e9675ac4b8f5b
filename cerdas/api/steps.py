"""Each workflow step the API offers: the fields it reads and the service it calls.

The same idea as the staff screens' STAFF_ACTIONS: the API parses and authorizes,
`services.complaint_*` changes the case. Field names refer to `schemas.ActionIn`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from cerdas.accounts.models import User
from cerdas.agencies.models import Agency
from cerdas.complaints import services
from cerdas.complaints.models import Action, Complaint
from cerdas.complaints.services import Upload

from .access import Acting


@dataclass(frozen=True)
class StepInput:
    """An ActionIn with its references looked up."""

    note: str = ""
    agency: Agency | None = None
    officer: User | None = None
    master: Complaint | None = None
    rating: int | None = None
    photos: list[Upload] = ()


@dataclass(frozen=True)
class Step:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    call: Callable[[Complaint, Acting, StepInput], Complaint]

    @property
    def fields(self) -> list[dict]:
        return [{"name": f, "required": True} for f in self.required] + [
            {"name": f, "required": False} for f in self.optional
        ]


S = services
STEPS: dict[Action, Step] = {
    Action.DISPOSE: Step(
        ("agency",),
        ("note",),
        lambda c, a, d: S.complaint_dispose(complaint=c, user=a.user, agency=d.agency, note=d.note),
    ),
    Action.REQUEST_INFO: Step(
        ("note",),
        (),
        lambda c, a, d: S.complaint_request_info(complaint=c, user=a.user, question=d.note),
    ),
    Action.PROVIDE_INFO: Step(
        ("note",),
        ("photos",),
        lambda c, a, d: S.complaint_provide_info(
            complaint=c,
            user=a.user,
            reporter_link=a.reporter_link,
            text=d.note,
            photos=d.photos,
        ),
    ),
    Action.ADD_INFO: Step(
        ("note",),
        ("photos",),
        lambda c, a, d: S.complaint_add_info(
            complaint=c,
            user=a.user,
            reporter_link=a.reporter_link,
            text=d.note,
            photos=d.photos,
        ),
    ),
    Action.CONFIRM_FIXED: Step(
        (),
        ("note", "photos"),
        lambda c, a, d: S.complaint_confirm_fixed(
            complaint=c,
            user=a.user,
            reporter_link=a.reporter_link,
            text=d.note,
            photos=d.photos,
        ),
    ),
    Action.REJECT: Step(
        ("note",),
        (),
        lambda c, a, d: S.complaint_reject(complaint=c, user=a.user, reason=d.note),
    ),
    Action.MARK_DUPLICATE: Step(
        ("master_code",),
        ("note",),
        lambda c, a, d: S.complaint_mark_duplicate(
            complaint=c, user=a.user, master=d.master, note=d.note
        ),
    ),
    Action.HAND_OFF: Step(
        ("agency", "note"),
        (),
        lambda c, a, d: S.complaint_hand_off(complaint=c, user=a.user, body=d.agency, note=d.note),
    ),
    Action.ACCEPT: Step(
        (),
        ("officer", "note"),
        lambda c, a, d: S.complaint_accept(
            complaint=c, user=a.user, officer=d.officer, note=d.note
        ),
    ),
    Action.ASSIGN: Step(
        ("officer",),
        (),
        lambda c, a, d: S.complaint_assign(complaint=c, user=a.user, officer=d.officer),
    ),
    Action.REQUEST_TRANSFER: Step(
        ("agency", "note"),
        (),
        lambda c, a, d: S.complaint_request_transfer(
            complaint=c, user=a.user, target=d.agency, reason=d.note
        ),
    ),
    Action.APPROVE_TRANSFER: Step(
        (),
        ("note",),
        lambda c, a, d: S.complaint_approve_transfer(complaint=c, user=a.user, note=d.note),
    ),
    Action.DECLINE_TRANSFER: Step(
        ("note",),
        (),
        lambda c, a, d: S.complaint_decline_transfer(complaint=c, user=a.user, note=d.note),
    ),
    Action.FOLLOW_UP: Step(
        ("note", "photos"),
        (),
        lambda c, a, d: S.complaint_follow_up(
            complaint=c, user=a.user, note=d.note, photos=d.photos
        ),
    ),
    Action.VALIDATE: Step(
        (),
        ("note",),
        lambda c, a, d: S.complaint_validate(complaint=c, user=a.user, note=d.note),
    ),
    Action.REJECT_FOLLOW_UP: Step(
        ("note",),
        (),
        lambda c, a, d: S.complaint_reject_follow_up(complaint=c, user=a.user, reason=d.note),
    ),
    Action.RATE: Step(
        ("rating",),
        ("note",),
        lambda c, a, d: S.complaint_rate(
            complaint=c,
            user=a.user,
            reporter_link=a.reporter_link,
            rating=d.rating,
            comment=d.note,
        ),
    ),
    Action.REOPEN: Step(
        ("note",),
        (),
        lambda c, a, d: S.complaint_reopen(
            complaint=c, user=a.user, reporter_link=a.reporter_link, reason=d.note
        ),
    ),
    Action.COMMENT: Step(
        ("note",),
        (),
        lambda c, a, d: S.complaint_comment(complaint=c, user=a.user, note=d.note),
    ),
}
