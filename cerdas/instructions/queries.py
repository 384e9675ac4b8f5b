"""Aggregates over instructions for the performance scorecards."""

from datetime import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from .models import InstructionRecipient, Status


def on_time_by_agency(
    *,
    start: datetime,
    end: datetime,
    agency_ids: list[int] | None = None,
    now: datetime | None = None,
) -> dict[int, dict]:
    """Per agency, its parts of the instructions whose deadline falls in [start, end).

    For each agency id: ``due`` (parts due in the period), ``on_time`` (accepted by the
    leader and marked done no later than the deadline), ``late`` (accepted, marked done
    after it), ``open`` (not accepted yet), ``overdue`` (open, the deadline has passed
    and the OPD has not marked it done in time), and ``on_time_rate``:
    ``on_time / (on_time + late + overdue)``, the parts whose outcome is known, or None
    when there is none (nothing was due, or everything due is still within its time or
    waits for the leader after being done in time). See docs/instructions.md.

    With ``agency_ids`` every listed agency is in the answer (zeros when nothing was
    due); without, only the agencies that had something due.
    """
    now = now or timezone.now()
    qs = InstructionRecipient.objects.filter(
        instruction__deadline__gte=start, instruction__deadline__lt=end
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    deadline = F("instruction__deadline")
    accepted = Q(status=Status.ACCEPTED)
    done_in_time = Q(done_at__isnull=False, done_at__lte=deadline)
    rows = (
        qs.values("agency_id")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=accepted & done_in_time),
            late=Count("id", filter=accepted & ~done_in_time),
            open=Count("id", filter=~accepted),
            overdue=Count(
                "id",
                filter=~accepted
                & Q(instruction__deadline__lt=now)
                & ~(Q(status=Status.DONE) & done_in_time),
            ),
        )
        .order_by("agency_id")
    )
    result: dict[int, dict] = {}
    if agency_ids is not None:
        for agency_id in agency_ids:
            result[agency_id] = _figures(agency_id, 0, 0, 0, 0, 0)
    for row in rows:
        result[row["agency_id"]] = _figures(
            row["agency_id"], row["due"], row["on_time"], row["late"], row["open"], row["overdue"]
        )
    return result


def _figures(agency_id: int, due: int, on_time: int, late: int, open_: int, overdue: int):
    judged = on_time + late + overdue
    return {
        "agency_id": agency_id,
        "due": due,
        "on_time": on_time,
        "late": late,
        "open": open_,
        "overdue": overdue,
        "on_time_rate": (on_time / judged) if judged else None,
    }
