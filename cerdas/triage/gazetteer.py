"""Places from words: kelurahan, kecamatan and well-known places named in a text.

The names come from the areas app (the shipped Manado/Kotamobagu boundaries: every
kelurahan/desa and kecamatan) and from data/places_manado.csv (well-known places with
their old or informal names; a point where it was checked against the boundaries,
otherwise the centroid of the area it lies in). Matching reads the normalised text's
runs of one to four words and compares them with every name by rapidfuzz's ratio, so
common misspellings ("pinaesan", "tikala arez") still match; a word "kel"/"kelurahan"
or "kec"/"kecamatan" before a name makes it a better match.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from cerdas.areas.models import Area, AreaLevel

from .text import normalise

PLACES_FILE = Path(__file__).parent / "data" / "places_manado.csv"
MIN_SCORE = 88
MAX_WORDS = 4


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "tempat", "kelurahan", "kecamatan"
    area_id: int | None  # the kelurahan (or kecamatan) it lies in
    lat: float | None
    lon: float | None


@dataclass
class Match:
    entry: Entry
    said: str
    score: float
    area: Area | None
    lat: float | None
    lon: float | None

    @property
    def label(self) -> str:
        area = self.area
        if area is None:
            return self.entry.name
        where = area.name if area.level != AreaLevel.VILLAGE else f"Kel. {area.name}"
        if area.parent_id and area.level == AreaLevel.VILLAGE:
            where += f", Kec. {area.parent.name}"
        if self.entry.kind == "tempat":
            return f"{self.entry.name} ({where})"
        return where


KIND_RANK = {"tempat": 0, "kelurahan": 1, "kecamatan": 2}


@lru_cache(maxsize=1)
def _index(stamp: int) -> tuple[list[str], list[Entry]]:
    keys, entries = [], []
    areas = Area.objects.filter(level__in=(AreaLevel.VILLAGE, AreaLevel.DISTRICT))
    by_name = {}
    for area in areas:
        kind = "kelurahan" if area.level == AreaLevel.VILLAGE else "kecamatan"
        entry = Entry(area.name, kind, area.pk, area.center_lat, area.center_lon)
        keys.append(normalise(area.name))
        entries.append(entry)
        by_name.setdefault(normalise(area.name), area)
    with PLACES_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            area = by_name.get(normalise(row["area"]))
            lat = float(row["lat"]) if row["lat"] else (area.center_lat if area else None)
            lon = float(row["lon"]) if row["lon"] else (area.center_lon if area else None)
            entry = Entry(row["name"], "tempat", area.pk if area else None, lat, lon)
            for name in [row["name"], *row["aliases"].split("|")]:
                if name.strip():
                    keys.append(normalise(name))
                    entries.append(entry)
    return keys, entries


def _stamp() -> int:
    return Area.objects.count()


def find(text: str, *, limit: int = 3) -> list[Match]:
    """Places named in the text, the most specific and surest first."""
    words = normalise(text).split()
    if not words:
        return []
    keys, entries = _index(_stamp())
    best: dict[Entry, tuple[float, str]] = {}
    for size in range(1, MAX_WORDS + 1):
        for start in range(len(words) - size + 1):
            said = " ".join(words[start : start + size])
            if len(said) < 4:
                continue
            before = words[start - 1] if start else ""
            for _key, score, i in process.extract(
                said, keys, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=5
            ):
                entry = entries[i]
                bonus = 5 if before in ("kelurahan", "kel", "desa", "kecamatan", "kec") else 0
                total = score + bonus
                if total > best.get(entry, (0, ""))[0]:
                    best[entry] = (total, said)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], KIND_RANK[kv[0].kind]))
    areas = Area.objects.select_related("parent").in_bulk(
        [e.area_id for e, _ in ranked[: limit * 2] if e.area_id]
    )
    matches = [
        Match(entry, said, score, areas.get(entry.area_id), entry.lat, entry.lon)
        for entry, (score, said) in ranked
    ]
    # A well-known place or a kelurahan says more than the kecamatan it lies in.
    matches.sort(key=lambda m: (-round(m.score), KIND_RANK[m.entry.kind]))
    return matches[:limit]
