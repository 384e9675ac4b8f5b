from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cerdas.accounts.models import Role
from cerdas.city.services import CityError
from cerdas.complaints.models import State
from cerdas.demo.data import PASSWORD
from cerdas.demo.services import demo_has_data, demo_load


class Command(BaseCommand):
    help = (
        "Muat kota demo (bawaan: Manado): wilayah, OPD, kategori, akun demo per peran dan "
        "riwayat pengaduan 90 hari terakhir. `--city 14.72` untuk kota lain yang batas "
        "wilayahnya dibawa Cerdas (Dumai 14.72, Minahasa Selatan 71.05)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Tidak melakukan apa pun bila sudah ada pengaduan atau instansi, atau kota "
            "sudah disiapkan dengan `cerdas city setup`.",
        )
        parser.add_argument(
            "--city",
            help="Kode Kemendagri kota demo (bawaan: kota yang dilayani, CERDAS_CITY_CODE).",
        )
        parser.add_argument("--seed", type=int, default=42, help="Benih acak (bawaan 42).")
        parser.add_argument(
            "--complaints", type=int, default=2000, help="Jumlah pengaduan (bawaan 2000)."
        )

    def handle(self, *args, if_empty, seed, complaints, city, **options):
        if complaints < 0:
            raise CommandError("--complaints tidak boleh negatif.")
        if if_empty and demo_has_data():
            self.stdout.write("Data sudah ada; kota demo tidak dimuat ulang.")
            self._remind()
            return
        code = (city or settings.CERDAS_CITY_CODE).strip()
        self.stdout.write(f"Memuat kota demo {code} ({complaints} pengaduan, seed {seed})...")
        try:
            summary = demo_load(seed=seed, complaints=complaints, city_code=code)
        except CityError as exc:
            raise CommandError("\n".join(exc.problems)) from None
        timings = ", ".join(f"{name} {sec:.1f} dtk" for name, sec in summary.seconds.items())
        self.stdout.write(
            f"{summary.city}: {summary.areas} wilayah, {summary.agencies} instansi, "
            f"{summary.categories} kategori, {len(summary.accounts)} akun, "
            f"{summary.complaints} pengaduan ({summary.auto_closed} ditutup otomatis, "
            f"{summary.duplicates} kemungkinan duplikat menunggu verifikasi), "
            f"{summary.instructions} arahan pimpinan, {summary.sensors} sensor, "
            f"{summary.datasets} dataset terbuka, "
            f"{summary.info_requests} permohonan informasi. Waktu: {timings}."
        )
        if summary.router:
            self.stdout.write(
                f"Model rute {summary.router} dilatih dari riwayat demo; saran OPD tampil "
                "di antrian operator."
            )
        states = ", ".join(
            f"{State(state).value} {summary.states[state]}"
            for state in State.values
            if summary.states[state]
        )
        self.stdout.write(f"Status: {states or '-'}.")
        self._accounts(summary.accounts)
        self._wall()

    def _wall(self) -> None:
        """A display token for the command center wall, shown this once."""
        from cerdas.dashboards.management.commands.displaytoken import wall_url
        from cerdas.dashboards.models import DisplayToken

        _, raw = DisplayToken.issue(name="Layar demo")
        self.stdout.write(self.style.MIGRATE_HEADING("Layar dinding command center (TV)"))
        self.stdout.write(wall_url(raw))
        self.stdout.write(
            "  (alamat ini ditampilkan sekali; buat yang baru dengan "
            "`cerdas displaytoken create NAMA` atau di /admin/)"
        )

    def _remind(self) -> None:
        """On later starts, the accounts a newcomer needs first, if the demo is there."""
        from cerdas.accounts.models import User

        main = ["operator", "kepala.pupr", "petugas.pupr", "walikota", "admin", "warga"]
        accounts = list(User.objects.filter(username__in=main, is_active=True))
        if accounts:
            accounts.sort(key=lambda u: main.index(u.username))
            self._accounts(accounts)

    def _accounts(self, accounts) -> None:
        rows = [("username", "peran", "instansi")]
        rows += [
            (user.username, Role(user.role).label, str(user.agency) if user.agency else "-")
            for user in accounts
        ]
        widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Akun demo"))
        for n, row in enumerate(rows):
            line = "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            self.stdout.write(line.rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Kata sandi semua akun demo: {PASSWORD}")
            + "  (hanya untuk demo; ganti atau hapus akun ini sebelum dipakai sungguhan)"
        )
