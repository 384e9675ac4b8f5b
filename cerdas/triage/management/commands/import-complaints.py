# ruff: noqa: N999 - the command is named import-complaints, as the issue asks
"""`cerdas import-complaints FILE.csv`: a city's complaint history, as training labels."""

from django.core.management.base import BaseCommand, CommandError

from cerdas.triage.imports import HistoryImportError, import_complaints


class Command(BaseCommand):
    help = (
        "Import complaint history (text, agency or category, date, place) as training "
        "labels for the routing model. Then: cerdas router train"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        shown = {"last": -1}

        def progress(done: int, total: int) -> None:
            percent = done * 100 // max(total, 1)
            if percent != shown["last"]:
                shown["last"] = percent
                bar = "#" * (percent // 4)
                self.stderr.write(f"\r[{bar:<25}] {percent:3d}% {done}/{total}", ending="")
                self.stderr.flush()

        try:
            report = import_complaints(file, progress=progress)
        except HistoryImportError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write("")
        for line, reason in report.refused:
            self.stdout.write(f"baris {line} ditolak: {reason}")
        self.stdout.write(
            f"{report.imported} baris diimpor, {len(report.refused)} ditolak"
            + (f", {report.unknown_area} kelurahan tidak dikenali" if report.unknown_area else "")
            + "."
        )
