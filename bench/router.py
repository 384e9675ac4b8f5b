"""Routing speed and quality on the Surabaya dev data (evaluation only, never shipped).

    .venv/bin/python bench/router.py [--csv ../shared/data/complaints/surabaya_2022_dev.csv]

One process pinned to one core (os.sched_setaffinity). Prints:
- the time split figures (train January-September 2022, test October-December, the 8
  largest agencies + "lainnya", the place columns address, kelurahan, kecamatan as
  `--place-cols` gives them), with and without Sastrawi stemming;
- prediction speed in texts per second (the test months, in one batch and one by one);
- training time on 10,000 rows (the year's rows, repeated past 8,690), one fit as the
  saved model is fitted, and `train_and_save` (which fits twice: held-out threshold, then
  all rows);
- duplicate detection on the real re-submissions: pairs with the same normalised text
  from the same kelurahan within CERDAS_DUPLICATE_DAYS count as true duplicates; the
  detector flags pairs of the same kelurahan within the window whose text similarity
  (duplicates.text_similarity) is at least 0.6, 0.8, 0.9. Precision and recall.

Speeds are given as wall time and as CPU time of this process (process_time): on a
shared machine the CPU figure is what one free core would do.
"""

import argparse
import csv
import json
import os
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--csv", default=str(ROOT / ".." / "shared/data/complaints/surabaya_2022_dev.csv")
    )
    parser.add_argument("--skip-stem", action="store_true")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
    import django

    django.setup()
    from cerdas.triage import model
    from cerdas.triage.duplicates import text_similarity
    from cerdas.triage.text import normalise

    with open(args.csv, encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["created_at"])
    train = [r for r in rows if r["created_at"] < "2022-10"]
    test = [r for r in rows if r["created_at"] >= "2022-10"]
    labels = model.collapse_labels([r["agency"] for r in train], top=8, min_count=1)

    def places(rs):
        return [(r["address"], r["kelurahan"], r["kecamatan"]) for r in rs]

    out = {}
    for stem in (False,) if args.skip_stem else (False, True):
        t = time.perf_counter()
        router = model.train(
            [r["text"] for r in train],
            labels,
            places=places(train),
            raw=[r["agency"] for r in train],
            stem=stem,
        )
        fit = time.perf_counter() - t
        texts = [r["text"] for r in test]
        t, cpu = time.perf_counter(), time.process_time()
        figures = model.score(router, texts, [r["agency"] for r in test], places=places(test))
        batch = len(texts) / (time.perf_counter() - t)
        batch_cpu = len(texts) / (time.process_time() - cpu)
        key = "stem" if stem else "plain"
        out[key] = {**model.public_figures(figures), "fit_s": round(fit, 1)}
        out[key]["texts_per_s_batch"] = round(batch)
        out[key]["texts_per_cpu_s_batch"] = round(batch_cpu)
        if not stem:
            import tempfile

            import joblib

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "model.joblib"
                joblib.dump(router, path, compress=3)  # as store.save does
                cpu = time.process_time()
                joblib.load(path)
                out[key]["model_file_mb"] = round(path.stat().st_size / 1e6, 1)
                out[key]["load_cpu_s"] = round(time.process_time() - cpu, 2)
            t, cpu = time.perf_counter(), time.process_time()
            for text, place in zip(texts[:300], places(test[:300]), strict=True):
                router.top([text], k=3, places=[place])
            out[key]["ms_per_text_single"] = round((time.perf_counter() - t) / 300 * 1000, 2)
            out[key]["cpu_ms_per_text_single"] = round((time.process_time() - cpu) / 300 * 1000, 2)
    ten = [r["text"] for r in rows] * 2
    ten_labels = model.collapse_labels([r["agency"] for r in rows] * 2, top=8, min_count=1)
    t, cpu = time.perf_counter(), time.process_time()
    model.train(
        ten[:10_000],
        ten_labels[:10_000],
        places=places(rows * 2)[:10_000],
        raw=[r["agency"] for r in rows * 2][:10_000],
    )
    out["train_10000_rows_one_fit_s"] = round(time.perf_counter() - t, 1)
    out["train_10000_rows_one_fit_cpu_s"] = round(time.process_time() - cpu, 1)

    # Duplicates on the real re-submissions.
    window = 30 * 86400
    by_place = defaultdict(list)
    for r in rows:
        by_place[(r["kecamatan"], r["kelurahan"])].append(r)
    for cut in (0.6, 0.8, 0.9):
        out[f"duplicates_at_{cut}"] = _duplicates(by_place, window, cut, normalise, text_similarity)
    print(json.dumps(out, indent=1))


def _duplicates(by_place, window, cut, normalise, text_similarity) -> dict:
    tp = fp = fn = 0
    for group in by_place.values():
        for i, a in enumerate(group):
            ta = datetime.fromisoformat(a["created_at"])
            for b in group[i + 1 :]:
                if (datetime.fromisoformat(b["created_at"]) - ta).total_seconds() > window:
                    break
                same = normalise(a["text"]) == normalise(b["text"])
                flagged = text_similarity(a["text"], b["text"]) >= cut
                tp += same and flagged
                fp += flagged and not same
                fn += same and not flagged
    return {
        "true_pairs": tp + fn,
        "flagged": tp + fp,
        "precision": round(tp / max(tp + fp, 1), 3),
        "recall": round(tp / max(tp + fn, 1), 3),
    }


if __name__ == "__main__":
    main()
