"""`cerdas imap_poll`: file the reports waiting in the e-mail inbox (CERDAS_IMAP_URL).

`cerdas periodic` runs the same poll; this command is for cron or a first test."""

from django.core.management.base import BaseCommand, CommandError

from cerdas.channels.mail import imap_poll


class Command(BaseCommand):
    help = "Read UNSEEN messages from CERDAS_IMAP_URL and file them as complaints."

    def handle(self, *args, **options) -> None:
        from django.conf import settings

        if not settings.CERDAS_IMAP_URL:
            raise CommandError("CERDAS_IMAP_URL is not set")
        count = imap_poll()
        self.stdout.write(f"{count} e-mail baru disimpan")
