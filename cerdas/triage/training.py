"""Training and scoring a routing model from rows (a CSV or the stored labels)."""

import csv
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import model, store
from .model import Router

# The share of the rows held out to compute the threshold and the figures kept with a
# model; the model that is saved is then trained on every row.
HELD_OUT = 0.2
TARGET_PRECISION = 0.95


class TrainingError(Exception):
    """Bad training input; the message is for the person at the console (Indonesian)."""


def read_csv(
    path: Path, text_col: str, label_col: str, place_cols: list[str] | None = None
) -> tuple[list[str], list[str], list[tuple[str, ...]] | None]:
    """Texts, labels and (with `place_cols`) each row's place values, for rows that
    have both a text and a label."""
    try:
        fh = Path(path).open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise TrainingError(f"Berkas {path} tidak bisa dibuka: {exc.strerror}.") from None
    with fh:
        reader = csv.DictReader(fh)
        wanted = (text_col, label_col, *(place_cols or ()))
        missing = [c for c in wanted if c not in (reader.fieldnames or [])]
        if missing:
            raise TrainingError(
                f"Kolom {', '.join(missing)} tidak ada di {path} "
                f"(ada: {', '.join(reader.fieldnames or [])})."
            )
        texts, labels, places = [], [], []
        for row in reader:
            text, label = (row[text_col] or "").strip(), (row[label_col] or "").strip()
            if text and label:
                texts.append(text)
                labels.append(label)
                places.append(tuple((row[c] or "").strip() for c in place_cols or ()))
    return texts, labels, (places if place_cols else None)


def _split(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every fifth row held out: spread over the whole history, the same on every run."""
    idx = np.arange(n)
    held = idx % int(round(1 / HELD_OUT)) == 0
    return idx[~held], idx[held]


def train_and_save(
    texts: list[str],
    labels: list[str],
    *,
    top: int | None = None,
    min_count: int = 1,
    stem: bool = False,
    source: str = "",
    places: list[tuple[str, ...]] | None = None,
    place_cols: list[str] | None = None,
) -> tuple[str, Router]:
    """`places`: per row the values of `place_cols` (address, kelurahan, kecamatan), a
    feature beside the text; the app then passes the complaint's own at routing time."""
    if len(texts) < 20:
        raise TrainingError("Terlalu sedikit baris berlabel untuk melatih model (minimal 20).")
    raw, labels = list(labels), model.collapse_labels(labels, top=top, min_count=min_count)
    if len(set(labels)) < 2:
        raise TrainingError("Butuh minimal dua label berbeda untuk melatih model.")
    started = time.perf_counter()
    fit_idx, held_idx = _split(len(texts))
    texts_arr, labels_arr = np.array(texts, dtype=object), np.array(labels, dtype=object)

    def rows_of(idx):
        return None if places is None else [places[i] for i in idx]

    threshold, held_figures = 1.0, {}
    if len(set(labels_arr[fit_idx])) >= 2 and len(held_idx) >= 10:
        trial = model.train(
            list(texts_arr[fit_idx]),
            list(labels_arr[fit_idx]),
            places=rows_of(fit_idx),
            raw=[raw[i] for i in fit_idx],
            stem=stem,
        )
        figures = model.score(
            trial, list(texts_arr[held_idx]), list(labels_arr[held_idx]), places=rows_of(held_idx)
        )
        threshold = model.threshold_for_precision(
            figures["_confidence"], figures["_correct"], TARGET_PRECISION
        )
        held_figures = model.public_figures(figures)
    router = model.train(texts, labels, places=places, raw=raw, stem=stem)
    router.meta.update(
        {
            "source": source,
            "place_cols": list(place_cols or []) if places is not None else [],
            "top": top,
            "min_count": min_count,
            "stem": stem,
            "labels": sorted(set(labels)),
            "threshold": threshold,
            "target_precision": TARGET_PRECISION,
            "held_out": held_figures,
            "train_seconds": round(time.perf_counter() - started, 2),
            "trained_at": timezone.now().isoformat(),
        }
    )
    version = store.save(router)
    return version, router


def write_confusion(version: str, figures: dict) -> Path:
    path = store.folder(version) / "confusion.csv"
    names = figures["_confusion"]["labels"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["benar \\ prediksi", *names])
        for name, row in zip(names, figures["_confusion"]["matrix"], strict=True):
            writer.writerow([name, *row])
    return path


def router_retrain_due() -> int:
    """The periodic job: retrain from the stored labels once CERDAS_ROUTER_RETRAIN_LABELS
    new ones (operators' decisions, imports) have come in since the current model was
    trained from them. Returns 1 when it trained a new version. A model trained from a
    CSV is left alone: the city chose that file (train again with no --csv to switch)."""
    from .models import TrainingLabel

    wanted = settings.CERDAS_ROUTER_RETRAIN_LABELS
    current = store.load_current_or_none()
    if not wanted or current is None or current.meta.get("source") != "db":
        return 0
    since = parse_datetime(current.meta.get("trained_at", ""))
    if since is None or TrainingLabel.objects.filter(created_at__gt=since).count() < wanted:
        return 0
    rows = list(TrainingLabel.objects.values_list("text", "label"))
    train_and_save(
        [t for t, _ in rows],
        [label for _, label in rows],
        top=current.meta.get("top"),
        min_count=current.meta.get("min_count", 1),
        stem=current.meta.get("stem", False),
        source="db",
    )
    return 1
