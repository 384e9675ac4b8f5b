"""The outboxes' shared mechanics (webhook deliveries, notifications): putting their jobs
on the task queue (django-tasks), claiming a row for one attempt, recording the attempt,
and the poller that sends what is due. A row is "pending" with its `next_attempt_at`,
`attempts` and `last_attempt_at`; the sending itself is each outbox's own."""

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

PENDING = "pending"


def enqueue_each(task, ids: list, run_after: datetime | None = None) -> None:
    """One job of `task` per id. With `run_after` on a backend that cannot defer, nothing
    is queued: the outbox's poller sends the row when its time comes."""
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    for pk in ids:
        task.enqueue(pk)


def claim(model, pk, *, now: datetime, lease: timedelta) -> int | None:
    """Take a due row for one attempt. A conditional UPDATE: of two processes that try
    at once, one wins; the other gets None. Returns the attempt number."""
    claimed = model.objects.filter(pk=pk, status=PENDING, next_attempt_at__lte=now).update(
        attempts=F("attempts") + 1, next_attempt_at=now + lease, last_attempt_at=now
    )
    if not claimed:
        return None
    return model.objects.values_list("attempts", flat=True).get(pk=pk)


def record(model, pk, *, attempt: int, now: datetime, changes: dict) -> bool:
    """Write the attempt's outcome, unless the row changed meanwhile (an admin re-send, or
    another process that took it over after the lease ran out): then that one's counts.
    `now` is the claim's time. False when the row was not ours any more."""
    return bool(
        model.objects.filter(pk=pk, status=PENDING, attempts=attempt, last_attempt_at=now).update(
            **changes
        )
    )


def send_due(
    model,
    attempt: Callable[..., str],
    *,
    busy: str,
    now: datetime | None,
    batch: int,
    budget_seconds: float,
) -> int:
    """Attempt the pending rows whose time has come, oldest first: the safety net behind
    the task queue (a job lost with a killed worker, a retry on a backend that cannot
    defer). Sends in this process for at most budget_seconds; the rest waits for the next
    run. Safe beside workers and other hosts: each row is claimed before it is sent.
    `attempt(pk, now)` returns `busy` for a row another process took. Returns how many
    were attempted. `now` None: each attempt reads the clock (tests pass a time)."""
    started = time.monotonic()
    due = list(
        model.objects.filter(status=PENDING, next_attempt_at__lte=now or timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:batch]
    )
    attempted = 0
    for pk in due:
        if time.monotonic() - started > budget_seconds:
            break
        if attempt(pk, now) != busy:
            attempted += 1
    return attempted
