"""Background sending of webhook deliveries (run by `cerdas worker`)."""

from django_tasks import task

from . import services


@task()
def deliver(delivery_id: str) -> str:
    """One attempt at one delivery. Returns the outcome for the task log (never the payload).

    Does nothing when the delivery is not due or another process is sending it, so a job
    queued twice (a re-send, the poller) costs nothing.
    """
    return services.delivery_attempt(delivery_id=delivery_id)
