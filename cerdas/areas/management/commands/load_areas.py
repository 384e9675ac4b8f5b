from django.core.management.base import BaseCommand, CommandError

from cerdas.areas.services import areas_load


class Command(BaseCommand):
    help = (
        "Load (again) the boundaries Cerdas ships for the configured city; a new city uses "
        "`cerdas city setup`."
    )

    def handle(self, *args, **options):
        try:
            count = areas_load()
        except FileNotFoundError as exc:
            raise CommandError(f"{exc}: use `cerdas city setup --boundaries FILE`.") from None
        self.stdout.write(f"{count} wilayah dimuat.")
