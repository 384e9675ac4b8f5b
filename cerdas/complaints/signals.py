"""Signals other apps listen to. Sent inside the transaction that changed the case, so a
receiver that writes rows (an outbox) commits or rolls back with the change itself."""

from django.dispatch import Signal

# Sent with: event (ComplaintEvent), complaint (Complaint).
event_recorded = Signal()
