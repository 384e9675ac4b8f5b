"""Connects webhooks to complaint events.

`event_recorded` is sent inside the transaction of the change, so the outbox rows
written here commit, or roll back, with the change itself.
"""

from django.dispatch import receiver

from cerdas.complaints.signals import event_recorded

from .services import deliveries_create


@receiver(event_recorded, dispatch_uid="cerdas.webhooks.outbox")
def write_outbox(sender, *, event, complaint, **kwargs) -> None:
    deliveries_create(event=event, complaint=complaint)
