"""Connects notifications to complaint events.

`event_recorded` is sent inside the transaction of the change, so the outbox rows
written here commit, or roll back, with the change itself.
"""

from django.dispatch import receiver

from cerdas.complaints.signals import event_recorded


@receiver(event_recorded, dispatch_uid="cerdas.notifications.outbox")
def write_outbox(sender, *, event, complaint, **kwargs) -> None:
    from .notices import notify_event

    notify_event(event=event, complaint=complaint)
