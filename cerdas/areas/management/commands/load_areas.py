from django.core.management.base import BaseCommand

from cerdas.areas.services import areas_load


class Command(BaseCommand):
    help = (
        "Load kota, kecamatan and kelurahan/desa boundaries (Kemendagri codes) shipped with Cerdas."
    )

    def handle(self, *args, **options):
        count = areas_load()
        self.stdout.write(f"{count} wilayah dimuat.")
