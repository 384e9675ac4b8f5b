from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cerdas.city.services import CityError, city_setup, city_summary


class Command(BaseCommand):
    help = (
        "Siapkan instalasi ini untuk satu kota/kabupaten: `cerdas city setup --code 14.72 "
        "--boundaries BERKAS`; `cerdas city show` menampilkan kota yang dilayani."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        setup = sub.add_parser(
            "setup",
            help="Wilayah, zona waktu, awalan kode lacak, OPD, kategori dan tenggat kota.",
        )
        setup.add_argument(
            "--code", required=True, help="Kode Kemendagri kabupaten/kota, mis. 14.72."
        )
        setup.add_argument(
            "--boundaries",
            type=Path,
            help="Batas kelurahan/desa: GeoJSON, Shapefile (.zip) atau KML. Tanpa ini: "
            "berkas bawaan Cerdas untuk kota itu, bila ada.",
        )
        setup.add_argument("--name", help="Nama resmi (bawaan: nama Kemendagri).")
        setup.add_argument(
            "--prefix", help="Awalan kode lacak, 2-4 huruf kapital (bawaan: dari nama)."
        )
        sub.add_parser("show", help="Kota yang dilayani dan isinya.")

    def handle(self, *args, action, **options):
        if action == "show":
            return self._show()
        try:
            result = city_setup(
                code=options["code"],
                boundaries=options["boundaries"],
                name=options["name"],
                prefix=options["prefix"],
            )
        except CityError as exc:
            raise CommandError("\n".join(exc.problems)) from None
        identity, regions = result.identity, result.regions
        self.stdout.write(
            f"{identity.name} ({identity.code}), provinsi {regions.province.name}: zona waktu "
            f"{identity.time_zone} ({result.zone_name}), kode lacak {identity.code_prefix}-..."
        )
        if not result.changed:
            self.stdout.write("Sudah disiapkan sebelumnya; tidak ada yang berubah.")
        else:
            self.stdout.write(
                f"Dibuat: {result.areas.created} wilayah ({result.areas.outlined} dengan batas), "
                f"{result.agencies} instansi, {result.policies} kebijakan tenggat, "
                f"{result.categories} kategori."
            )
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(f"Identitas kota: {result.city_file}")
        self.stdout.write(
            "Berikutnya: `cerdas createsuperuser`, lalu sesuaikan OPD, kategori dan tenggat "
            "di /admin/; `cerdas check` memeriksa kesiapan."
        )

    def _show(self) -> None:
        code = settings.CERDAS_CITY_CODE
        source = settings.CERDAS_CITY_FILE or "bawaan (kota demo); belum ada `cerdas city setup`"
        self.stdout.write(
            f"{settings.CERDAS_CITY_NAME} ({code}), {settings.CERDAS_TIME_ZONE.key}, kode lacak "
            f"{settings.CERDAS_CODE_PREFIX}-...; dari {source}"
        )
        counts = city_summary(code)
        self.stdout.write(
            "{districts} kecamatan, {villages} kelurahan/desa ({outlined} dengan batas), "
            "{agencies} OPD/unit, {categories} kategori aktif, {policies} kebijakan "
            "tenggat.".format(**counts)
        )
