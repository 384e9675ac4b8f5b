"""Connects triage to complaint events (sent inside each change's transaction).

- A new report is routed right after its transaction commits, in the same request: the
  model answers in a few milliseconds, so the citizen's page waits for nothing that
  matters and the operator's queue shows the suggestion at once (docs/triage.md).
- An operator's dispose or approved transfer is kept as a training label.
- A merge (mark duplicate) moves the duplicate's reporter and supporters onto the
  surviving case, so every one of them keeps hearing about it.
"""

from functools import partial

from django.db import transaction
from django.dispatch import receiver

from cerdas.complaints.models import Action
from cerdas.complaints.signals import event_recorded

from . import duplicates, services


@receiver(event_recorded, dispatch_uid="cerdas.triage")
def on_event(sender, *, event, complaint, **kwargs) -> None:
    if event.action == Action.SUBMIT:
        transaction.on_commit(partial(services.route_after_commit, complaint.pk))
    elif event.action in (Action.DISPOSE, Action.APPROVE_TRANSFER) and event.actor_id:
        services.label_record(
            complaint=complaint, label=event.target_agency.code, now=event.created_at
        )
    elif event.action == Action.MARK_DUPLICATE:
        duplicates.supporters_move(duplicate=complaint, now=event.created_at)
