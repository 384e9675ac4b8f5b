"""`cerdas close_resolved`: close complaints left `selesai` for 10 working days.

`cerdas periodic` already does this; this command is for running it alone, or for
seeing first how many cases it would close (--dry-run).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from cerdas.complaints.models import Complaint, State
from cerdas.complaints.services import AUTO_CLOSE_DAYS, complaints_auto_close
from cerdas.workdays.calendar import city_calendar


class Command(BaseCommand):
    help = "Close complaints resolved 10 working days ago without a reply from the reporter."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the complaints that would be closed now.",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=200,
            help="Close at most this many in one run (default: 200).",
        )

    def handle(self, *args, dry_run: bool, batch: int, **options) -> None:
        if dry_run:
            count = due_count()
            self.stdout.write(f"{count} pengaduan akan ditutup otomatis (uji coba, tidak diubah).")
            if count > batch:
                self.stdout.write(f"Satu kali jalan menutup paling banyak {batch}.")
            return
        closed = complaints_auto_close(batch=batch)
        self.stdout.write(f"{closed} pengaduan ditutup otomatis.")


def due_count(now=None) -> int:
    """How many resolved complaints are past the auto-close time: the rule of
    complaints_auto_close, without its batch limit."""
    now = now or timezone.now()
    calendar = city_calendar()
    # The same two filters: a coarse calendar cut (10 working days are at least 12
    # calendar days), then the exact working-day rule per row.
    resolved = Complaint.objects.filter(
        state=State.RESOLVED, resolved_at__lte=now - timedelta(days=12)
    )
    return sum(
        1
        for resolved_at in resolved.values_list("resolved_at", flat=True).iterator()
        if calendar.add(resolved_at, AUTO_CLOSE_DAYS, "days") <= now
    )
