"""`cerdas import-complaints`: a city's complaint history as training labels.

Each accepted row becomes a TrainingLabel (source "impor") with its text, label (the
agency or category it went to, as the city wrote it), when it was reported and the
kelurahan it names or its point lies in. Rows are checked one by one; a refused row
is reported with its line number and reason and writes nothing. Accepted rows are
written in batches, each in one transaction: a batch is written whole or not at all.
"""

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from cerdas.areas.models import Area, AreaLevel
from cerdas.areas.services import area_at
from cerdas.complaints.services import MAX_TEXT

from .models import LabelSource, TrainingLabel

BATCH = 1000
COLUMNS = {
    "text": ("text", "description", "uraian", "isi"),
    "title": ("title", "judul"),
    "agency": ("agency", "opd"),
    "category": ("category", "kategori", "topic"),
    "created_at": ("created_at", "tanggal", "date"),
    "latitude": ("latitude", "lat", "lintang"),
    "longitude": ("longitude", "lon", "lng", "bujur"),
    "address": ("address", "alamat"),
    "kelurahan": ("kelurahan", "desa"),
    "ref": ("id", "ref", "nomor"),
}


class HistoryImportError(Exception):
    """The file cannot be imported at all (Indonesian message)."""


@dataclass
class Report:
    imported: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)
    unknown_area: int = 0


def _columns(fieldnames: list[str]) -> dict[str, str]:
    lower = {name.strip().lower(): name for name in fieldnames}
    found = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in lower:
                found[key] = lower[alias]
                break
    if "text" not in found:
        raise HistoryImportError("Kolom teks tidak ada (text, description atau uraian).")
    if "agency" not in found and "category" not in found:
        raise HistoryImportError("Kolom label tidak ada: agency/opd atau category/kategori.")
    return found


def _when(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError("tanggal tidak dikenali (pakai YYYY-MM-DD atau YYYY-MM-DDTHH:MM)")
        parsed = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - made aware below
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)  # the city's time zone
    if parsed > timezone.now():
        raise ValueError("tanggal di masa depan")
    return parsed


def _row(raw: dict, cols: dict[str, str], villages: dict[str, Area], now) -> TrainingLabel:
    def get(key: str) -> str:
        return (raw.get(cols[key]) or "").strip() if key in cols else ""

    text = "\n".join(p for p in (get("title"), get("text"), get("address")) if p)
    if not get("text"):
        raise ValueError("teks kosong")
    if len(text) > MAX_TEXT * 2:
        raise ValueError(f"teks terlalu panjang (maksimal {MAX_TEXT * 2} karakter)")
    label = get("agency") or get("category")
    if not label:
        raise ValueError("label (OPD atau kategori) kosong")
    if len(label) > 200:
        raise ValueError("label terlalu panjang (maksimal 200 karakter)")
    reported_at = _when(get("created_at"))
    area = None
    lat, lon = get("latitude"), get("longitude")
    if lat or lon:
        try:
            lat_f, lon_f = float(lat), float(lon)
        except ValueError:
            raise ValueError("koordinat tidak valid") from None
        if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
            raise ValueError("koordinat tidak valid")
        area = area_at(lat_f, lon_f)
    if area is None and get("kelurahan"):
        area = villages.get(get("kelurahan").lower())
    return TrainingLabel(
        text=text,
        label=label,
        source=LabelSource.IMPORT,
        ref=get("ref")[:64],
        reported_at=reported_at,
        area=area,
        created_at=now,
    )


def import_complaints(path: Path, *, progress=None) -> Report:
    """Import the file; `progress(done, total)` is called as rows are read."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise HistoryImportError(f"Berkas {path} tidak bisa dibuka: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise HistoryImportError("Berkas harus berupa CSV dengan pengodean UTF-8.") from None
    reader = csv.DictReader(text.splitlines())
    cols = _columns(reader.fieldnames or [])
    rows = list(reader)
    villages = {a.name.lower(): a for a in Area.objects.filter(level=AreaLevel.VILLAGE)}
    known_refs = set(
        TrainingLabel.objects.filter(source=LabelSource.IMPORT)
        .exclude(ref="")
        .values_list("ref", flat=True)
    )
    report = Report()
    now = timezone.now()
    batch: list[TrainingLabel] = []

    def flush() -> None:
        with transaction.atomic():
            TrainingLabel.objects.bulk_create(batch)
        report.imported += len(batch)
        batch.clear()

    for number, raw in enumerate(rows, start=2):  # line 1 is the header
        try:
            label = _row(raw, cols, villages, now)
            if label.ref and label.ref in known_refs:
                raise ValueError(f"id {label.ref} sudah diimpor")
        except ValueError as exc:
            report.refused.append((number, str(exc)))
        else:
            if label.ref:
                known_refs.add(label.ref)
            if label.area is None and (raw.get(cols.get("kelurahan", ""), "") or "").strip():
                report.unknown_area += 1
            batch.append(label)
            if len(batch) >= BATCH:
                flush()
        if progress:
            progress(number - 1, len(rows))
    if batch:
        flush()
    return report
