"""Keeps the rollups with every recorded step.

`event_recorded` is sent inside the transaction of the change, so what is counted here
commits, or rolls back, with the change itself.
"""

from django.dispatch import receiver

from cerdas.complaints.signals import event_recorded

from . import rollups


@receiver(event_recorded, dispatch_uid="cerdas.performance.rollups")
def count_step(sender, *, event, complaint, **kwargs) -> None:
    rollups.step_recorded(event, complaint)
