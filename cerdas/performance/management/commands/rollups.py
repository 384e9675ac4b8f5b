"""`cerdas rollups`: check the leaders' rollups against a recount, or rebuild them."""

from django.core.management.base import BaseCommand, CommandError

from cerdas.performance import rollups


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
        wrong = sorted(k for k in kept.keys() | counted.keys() if kept.get(k) != counted.get(k))
        times_kept, times_counted = rollups.times_stored(), rollups.times_recount()
        wrong += sorted(
            k for k in times_kept.keys() | times_counted.keys()
            if times_kept.get(k) != times_counted.get(k)
        )  # fmt: skip
        open_kept = set(rollups.OpenCase.objects.values_list("complaint_id", flat=True))
        open_counted = set(rollups.open_cases_recount())
        for key in wrong[:20]:
            if key in kept or key in counted:
                stored, recounted = kept.get(key), counted.get(key)
            else:  # working times: how many values, not every one of them
                stored, recounted = len(times_kept.get(key, ())), len(times_counted.get(key, ()))
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
