"""Putting jobs on the task queue (django-tasks), the same way for every outbox."""

from datetime import datetime


def enqueue_each(task, ids: list, run_after: datetime | None = None) -> None:
    """One job of `task` per id. With `run_after` on a backend that cannot defer, nothing
    is queued: the outbox's poller sends the row when its time comes."""
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    for pk in ids:
        task.enqueue(pk)
