"""Periodic jobs: officers warned before a case's running deadline, and the escalation
ladder once it passed (officer -> agency head -> operator -> leader, each rung so many
working hours after the deadline, configurable per category in the admin).

Safe on several hosts at once: each warning is claimed by inserting its DeadlineNotice
row (complaint, deadline, step) in the transaction that queues its messages; of two
hosts, the unique constraint lets one insert win and the other's transaction roll back
without queueing anything. The messages' idempotency keys name the same triple.
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cerdas.accounts.models import Role, User
from cerdas.complaints.models import Complaint
from cerdas.workdays.calendar import city_calendar

from .defaults import ESCALATION
from .models import DeadlineNotice, EscalationStep, Rung
from .notices import agency_staff, case_context, send_to, user_recipients

NEAR = "near"
DONE = "done"  # every rung told: the case leaves the job's query


def _claim(complaint: Complaint, step: str, now: datetime) -> bool:
    try:
        with transaction.atomic():
            DeadlineNotice.objects.create(
                complaint=complaint, due_at=complaint.due_at, step=step, created_at=now
            )
    except IntegrityError:
        return False
    return True


def _officers(complaint: Complaint) -> list[User]:
    if complaint.assigned_officer_id:
        return [complaint.assigned_officer]
    if complaint.agency_id:
        return agency_staff(complaint.agency, roles=(Role.OFFICER,))
    # Not disposed yet: the verification deadline is the command center's.
    return list(User.objects.filter(role=Role.OPERATOR, is_active=True))


def rung_users(complaint: Complaint, rung: str) -> list[User]:
    if rung == Rung.OFFICER:
        return _officers(complaint)
    if rung == Rung.AGENCY_HEAD:
        return agency_staff(complaint.agency, roles=(Role.AGENCY_HEAD,))
    if rung == Rung.OPERATOR:
        return list(User.objects.filter(role=Role.OPERATOR, is_active=True))
    return list(User.objects.filter(role=Role.LEADER, is_active=True))


def ladder(complaint: Complaint, steps_by_category: dict) -> list[tuple[str, int]]:
    steps = steps_by_category.get(complaint.category_id) or steps_by_category.get(None)
    return steps if steps is not None else list(ESCALATION)


def _steps_by_category() -> dict:
    steps: dict = {}
    for step in EscalationStep.objects.order_by("after_hours"):
        steps.setdefault(step.category_id, []).append((step.rung, step.after_hours))
    return steps


def _candidates(step: str):
    noticed = DeadlineNotice.objects.filter(
        complaint=OuterRef("pk"), due_at=OuterRef("due_at"), step=step
    )
    return (
        Complaint.objects.open()
        .filter(due_at__isnull=False, paused_at__isnull=True)
        .exclude(Exists(noticed))
        .select_related("category", "agency", "assigned_officer")
    )


def deadlines_warn(*, now: datetime | None = None, batch: int = 200) -> int:
    """Warn officers of cases whose running deadline is at most CERDAS_NOTIFY_WARN_HOURS
    working hours away. Returns how many cases were warned about."""
    now = now or timezone.now()
    calendar = city_calendar()
    boundary = calendar.add(now, settings.CERDAS_NOTIFY_WARN_HOURS, "hours")
    warned = 0
    near = _candidates(NEAR).filter(due_at__gt=now, due_at__lte=boundary).order_by("due_at")
    for complaint in near[:batch]:
        with transaction.atomic():
            if not _claim(complaint, NEAR, now):
                continue
            hours_left = max(1, round(calendar.remaining(now, complaint.due_at) / 3600))
            send_to(
                [r for user in _officers(complaint) for r in user_recipients(user)],
                template="deadline_near",
                context={**case_context(complaint, internal=True), "hours_left": hours_left},
                key=f"deadline:{complaint.pk}:{complaint.due_at.timestamp():.0f}:{NEAR}",
                complaint=complaint,
            )
            warned += 1
    return warned


def deadlines_escalate(*, now: datetime | None = None, batch: int = 200) -> int:
    """Tell each rung of the ladder whose time has come about cases past their running
    deadline. Returns how many rungs were told."""
    now = now or timezone.now()
    calendar = city_calendar()
    steps_by_category = _steps_by_category()
    told = 0
    candidates = _candidates(DONE).filter(due_at__lte=now).order_by("due_at")[:batch]
    for complaint in candidates:
        steps = ladder(complaint, steps_by_category)
        late_seconds = calendar.working_seconds_between(complaint.due_at, now)
        done = {
            step
            for step in DeadlineNotice.objects.filter(
                complaint=complaint, due_at=complaint.due_at
            ).values_list("step", flat=True)
        }
        for rung, after_hours in steps:
            if rung in done or late_seconds < after_hours * 3600:
                continue
            with transaction.atomic():
                if not _claim(complaint, rung, now):
                    continue
                # Leaders never read a rahasia case's title; the others may.
                internal = rung != Rung.LEADER
                send_to(
                    [r for user in rung_users(complaint, rung) for r in user_recipients(user)],
                    template="deadline_passed",
                    context={
                        **case_context(complaint, internal=internal),
                        "hours_late": round(late_seconds / 3600),
                        "rung": str(Rung(rung).label),
                    },
                    key=f"deadline:{complaint.pk}:{complaint.due_at.timestamp():.0f}:{rung}",
                    complaint=complaint,
                )
                done.add(rung)
                told += 1
        if all(rung in done for rung, _hours in steps):
            _claim(complaint, DONE, now)
    return told
