"""`cerdas displaytoken create NAME | list | revoke PREFIX`: the command center wall's
read-only display tokens (also in the admin). `create` prints the wall's address alone
on its last line; only a hash of the token is kept."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cerdas.dashboards.models import DisplayToken


def wall_url(raw: str) -> str:
    """The wall's address on this installation (CERDAS_BASE_URL: unset, the local PORT)."""
    return settings.CERDAS_BASE_URL + reverse("dashboards:wall", args=[raw])


class Command(BaseCommand):
    help = "Token layar dinding command center: create NAMA, list, revoke AWALAN."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create")
        create.add_argument("name")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, verb, **options):
        if verb == "create":
            name = options["name"].strip()
            if not name:
                raise CommandError('Beri nama layar, misalnya "TV ruang kendali".')
            _, raw = DisplayToken.issue(name=name[:120])
            self.stdout.write(f"Layar {name}: simpan alamat ini, tidak ditampilkan lagi.")
            self.stdout.write(wall_url(raw))
        elif verb == "list":
            for token in DisplayToken.objects.order_by("created_at"):
                state = "aktif" if token.is_active else "dicabut"
                seen = token.last_seen_at.isoformat() if token.last_seen_at else "-"
                self.stdout.write(f"{token.prefix}  {state:8}  {seen}  {token.name}")
        else:
            count = DisplayToken.objects.filter(prefix=options["prefix"]).update(is_active=False)
            if not count:
                raise CommandError(f"Tidak ada token dengan awalan {options['prefix']!r}.")
            self.stdout.write(f"Token {options['prefix']} dicabut.")
