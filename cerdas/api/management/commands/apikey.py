from django.core.management.base import BaseCommand, CommandError

from cerdas.api.models import ApiKey
from cerdas.complaints.workflow import WorkflowError


class Command(BaseCommand):
    help = "Create, list or revoke API keys. `create` prints the new key alone on its last line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a key")
        create.add_argument("name")
        create.add_argument(
            "--scope", action="append", required=True, help="submit, read_all or agency:<code>"
        )
        create.add_argument("--rate", type=int, default=120, help="requests per minute")
        sub.add_parser("list", help="List keys")
        revoke = sub.add_parser("revoke", help="Revoke a key by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            try:
                key, raw = ApiKey.issue(
                    name=options["name"], scopes=options["scope"], rate_per_minute=options["rate"]
                )
            except WorkflowError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"Kunci {key.name} ({', '.join(key.scopes)}) dibuat. Simpan kunci ini:"
            )
            self.stdout.write(raw)
        elif action == "list":
            for key in ApiKey.objects.all():
                state = "aktif" if key.is_active else "dicabut"
                self.stdout.write(f"{key.prefix}  {state:8}  {key.name}  {','.join(key.scopes)}")
        else:
            updated = ApiKey.objects.filter(prefix=options["prefix"]).update(is_active=False)
            if not updated:
                raise CommandError(f"Tidak ada kunci dengan awalan {options['prefix']!r}.")
            self.stdout.write(f"Kunci {options['prefix']} dicabut.")
