from django.core.management.base import BaseCommand, CommandError

from cerdas.complaints.models import State
from cerdas.demo.seed import seed_complaints


class Command(BaseCommand):
    help = (
        "Tambahkan banyak pengaduan contoh sekaligus (dengan riwayat, tenggat dan penilaian) "
        "ke kota demo Manado, untuk uji beban dasbor. Kota demo dimuat dulu bila belum ada."
    )

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, required=True, help="Jumlah pengaduan.")
        parser.add_argument(
            "--days", type=int, default=365, help="Rentang waktu ke belakang (bawaan 365 hari)."
        )
        parser.add_argument("--seed", type=int, default=42, help="Benih acak (bawaan 42).")
        parser.add_argument(
            "--batch", type=int, default=20_000, help="Pengaduan per transaksi (bawaan 20000)."
        )

    def handle(self, *args, complaints, days, seed, batch, **options):
        if complaints < 0 or days < 1 or batch < 1:
            raise CommandError("--complaints >= 0, --days >= 1, --batch >= 1.")
        self.stdout.write(
            f"Menambahkan {complaints:,} pengaduan ({days} hari terakhir, seed {seed})..."
        )

        def progress(done: int, total: int, seconds: float, rows: int) -> None:
            rate, row_rate = (done / seconds, rows / seconds) if seconds else (0, 0)
            self.stdout.write(
                f"  {done:,}/{total:,} pengaduan, {rate:,.0f}/dtk ({row_rate:,.0f} baris/dtk)"
            )

        result = seed_complaints(
            count=complaints, days=days, seed=seed, batch=batch, progress=progress
        )
        rate = result.complaints / result.seconds if result.seconds else 0
        self.stdout.write(
            f"{result.complaints:,} pengaduan, {result.events:,} riwayat, {result.legs:,} "
            f"tenggat, {result.photos:,} foto dalam {result.seconds:.1f} dtk "
            f"({rate:,.0f} pengaduan/dtk)."
        )
        states = ", ".join(
            f"{state} {result.states[state]:,}" for state in State.values if result.states[state]
        )
        self.stdout.write(f"Status: {states or '-'}.")
