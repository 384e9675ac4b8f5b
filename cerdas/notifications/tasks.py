"""Background sending of notifications (run by `cerdas worker`)."""

from django_tasks import task

from . import services


@task()
def deliver(notification_id: int) -> str:
    """One attempt at one notice. Returns the outcome for the task log (never the text).

    Does nothing when the notice is not due or another process is sending it, so a job
    queued twice (a re-send, the poller) costs nothing.
    """
    return services.notification_attempt(notification_id=notification_id)
