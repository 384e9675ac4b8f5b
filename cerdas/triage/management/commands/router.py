"""`cerdas router train|evaluate|rollback|status`: the routing model (docs/triage.md)."""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from cerdas.triage import model, store, training
from cerdas.triage.models import TrainingLabel
from cerdas.triage.training import TrainingError

PLACE_HELP = (
    "CSV columns with the place, comma-separated, e.g. address,kelurahan,kecamatan: "
    "features beside the text (the app passes the complaint's address, kelurahan, kecamatan)"
)


def _columns(value: str | None) -> list[str] | None:
    found = [c.strip() for c in (value or "").split(",") if c.strip()]
    return found or None


class Command(BaseCommand):
    help = "Train, evaluate or roll back the model that routes complaints to agencies."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Train a new model version and make it current.")
        train.add_argument("--csv", help="CSV with the history (else: the stored labels)")
        train.add_argument("--text-col", default="text")
        train.add_argument("--label-col", default="label")
        train.add_argument("--top", type=int, default=None, help="keep the K most frequent labels")
        train.add_argument("--min-count", type=int, default=1, help="rarer labels: lainnya")
        train.add_argument("--stem", action="store_true", help="Sastrawi stemming (slower)")
        train.add_argument("--place-cols", help=PLACE_HELP)
        evaluate = sub.add_parser("evaluate", help="Score the current model on a CSV.")
        evaluate.add_argument("--csv", required=True)
        evaluate.add_argument("--text-col", default="text")
        evaluate.add_argument("--label-col", default="label")
        evaluate.add_argument("--place-cols", help=PLACE_HELP + " (default: the model's)")
        sub.add_parser("rollback", help="Make the previous version current again.")
        sub.add_parser("status", help="Versions on disk and the current one.")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except (TrainingError, store.NoModelError) as exc:
            raise CommandError(str(exc)) from None

    def _train(self, options):
        place_cols = _columns(options["place_cols"])
        places = None
        if options["csv"]:
            texts, labels, places = training.read_csv(
                options["csv"], options["text_col"], options["label_col"], place_cols
            )
            source = f"csv:{options['csv']}"
        elif place_cols:
            raise CommandError("--place-cols hanya bisa dipakai bersama --csv.")
        else:
            rows = TrainingLabel.objects.values_list("text", "label")
            texts, labels = [t for t, _ in rows], [label for _, label in rows]
            source = "db"
        self.stderr.write(f"Melatih dari {len(texts)} baris...")
        version, router = training.train_and_save(
            texts,
            labels,
            top=options["top"],
            min_count=options["min_count"],
            stem=options["stem"],
            source=source,
            places=places,
            place_cols=place_cols,
        )
        meta = router.meta
        self.stdout.write(
            f"Model {version}: {len(meta['labels'])} label, {meta['train_seconds']} s, "
            f"ambang otomatis {meta['threshold']:.3f} (presisi {meta['target_precision']:.0%})"
        )
        self.stdout.write(
            json.dumps({"version": version, "threshold": meta["threshold"], **meta["held_out"]})
        )

    def _evaluate(self, options):
        router = store.load()
        place_cols = _columns(options["place_cols"]) or router.meta.get("place_cols") or None
        if not router.uses_places:
            place_cols = None
        texts, labels, places = training.read_csv(
            options["csv"], options["text_col"], options["label_col"], place_cols
        )
        if not texts:
            raise CommandError("Tidak ada baris berlabel di berkas itu.")
        started = time.perf_counter()
        figures = model.score(router, texts, labels, places=places)
        elapsed = time.perf_counter() - started
        path = training.write_confusion(router.meta["version"], figures)
        self.stderr.write(
            f"Model {router.meta['version']}: {len(texts)} baris, "
            f"{len(texts) / elapsed:.0f} teks/detik. Matriks kebingungan: {path}"
        )
        self.stdout.write(model.dumps(figures))

    def _rollback(self, options):
        self.stdout.write(f"Model aktif sekarang: {store.rollback()}")

    def _status(self, options):
        current = store.current_version()
        for name in store.versions():
            self.stdout.write(f"{'*' if name == current else ' '} {name}")
        if current is None:
            self.stdout.write("Belum ada model aktif.")
        sys.stdout.flush()
