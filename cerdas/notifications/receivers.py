"""Connects notifications to complaint events and leaders' instructions.

`event_recorded` is sent inside the transaction of the change, so the outbox rows
written here commit, or roll back, with the change itself.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_save
from django.dispatch import receiver

from cerdas.complaints.signals import event_recorded
from cerdas.instructions.models import InstructionEvent

_silenced: ContextVar[bool] = ContextVar("notices_silenced", default=False)


@contextmanager
def silenced():
    """No notices for what happens inside: history played with past timestamps (the
    demo's 90 days) is not news to anyone, and would otherwise send thousands of
    messages at once. Changes and their events are written as usual."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def is_silenced() -> bool:
    return _silenced.get()


@receiver(event_recorded, dispatch_uid="cerdas.notifications.outbox")
def write_outbox(sender, *, event, complaint, **kwargs) -> None:
    if _silenced.get():
        return
    from .notices import notify_event

    notify_event(event=event, complaint=complaint)


@receiver(post_save, sender=InstructionEvent, dispatch_uid="cerdas.notifications.instructions")
def instruction_outbox(sender, *, instance, created, raw=False, **kwargs) -> None:
    # Instruction events are written inside the services' transactions, like complaint
    # events; post_save is their only signal (the instructions app sends none of its own).
    if created and not raw and not _silenced.get():
        from .notices import notify_instruction_event

        notify_instruction_event(event=instance)
