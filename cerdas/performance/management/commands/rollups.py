"""`cerdas rollups`: check the leaders' rollups against a recount, or rebuild them."""

from django.core.management.base import BaseCommand, CommandError

from cerdas.performance import rollups


def _differing(kept: dict, counted: dict) -> list:
    return sorted(k for k in kept.keys() | counted.keys() if kept.get(k) != counted.get(k))


class Command(BaseCommand):
    help = "Compare the rollups with a recount of the complaint tables (--rebuild: replace)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="replace them by a recount")

    def handle(self, *args, rebuild: bool, **options) -> None:
        if rebuild:
            figures, cases = rollups.rebuild()
            self.stdout.write(f"{figures} angka harian dan {cases} kasus terbuka dihitung ulang")
            return
        kept, counted = rollups.stored(), rollups.recount()
        counted = {k: v for k, v in counted.items() if v != (0, 0)}
        wrong = [(k, kept.get(k), counted.get(k)) for k in _differing(kept, counted)]
        times_kept, times_counted = rollups.times_stored(), rollups.times_recount()
        wrong += [  # working times: how many values, not every one of them
            (k, len(times_kept.get(k, ())), len(times_counted.get(k, ())))
            for k in _differing(times_kept, times_counted)
        ]
        open_kept = set(rollups.OpenCase.objects.values_list("complaint_id", flat=True))
        open_counted = set(rollups.open_cases_recount())
        for key, stored, recounted in wrong[:20]:
            self.stdout.write(f"berbeda {key}: disimpan {stored}, dihitung {recounted}")
        if wrong or open_kept != open_counted:
            raise CommandError(
                f"{len(wrong)} angka harian dan {len(open_kept ^ open_counted)} kasus terbuka "
                "berbeda dari hitungan ulang: jalankan `cerdas rollups --rebuild`"
            )
        self.stdout.write(
            f"sama: {len(kept)} angka harian, {len(times_kept)} baris waktu kerja, "
            f"{len(open_kept)} kasus terbuka"
        )
