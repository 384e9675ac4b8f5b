"""The Kemendagri region codes of all Indonesia, as shipped in `data/wilayah_indonesia.csv.gz`.

91,599 rows (`kode,nama,level,jenis,kode_induk,penduduk,luas_km2`): 38 provinces, every
kabupaten/kota, kecamatan and kelurahan/desa. Population and area are known for the
provinces and the kabupaten/kota only. MIT, (c) cahya dsn; see `data/NOTICE.md`.

The file is read on demand and only the rows of one kabupaten/kota are kept: a setup or
a boundary upload needs one city, never the country.
"""

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

from .models import AreaLevel

REGION_CODES = Path(__file__).resolve().parent / "data" / "wilayah_indonesia.csv.gz"

_LEVELS = {
    "provinsi": None,
    "kabupaten_kota": AreaLevel.CITY,
    "kecamatan": AreaLevel.DISTRICT,
    "kelurahan_desa": AreaLevel.VILLAGE,
}

# Permendagri / UU 41/1987 (as amended): WIB UTC+7, WITA UTC+8, WIT UTC+9, by province
# code. IANA names Kalimantan Barat and Tengah's WIB zone Asia/Pontianak.
WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
PROVINCE_TIME_ZONES = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], WIB),
    **dict.fromkeys(["31", "32", "33", "34", "35", "36"], WIB),
    "51": WITA,  # Bali
    "52": WITA,  # Nusa Tenggara Barat
    "53": WITA,  # Nusa Tenggara Timur
    "61": "Asia/Pontianak",  # Kalimantan Barat (WIB)
    "62": "Asia/Pontianak",  # Kalimantan Tengah (WIB)
    **dict.fromkeys(["63", "64", "65"], WITA),  # Kalimantan Selatan, Timur, Utara
    **dict.fromkeys(["71", "72", "73", "74", "75", "76"], WITA),  # Sulawesi, Gorontalo
    **dict.fromkeys(["81", "82"], WIT),  # Maluku, Maluku Utara
    **dict.fromkeys(["91", "92", "93", "94", "95", "96"], WIT),  # the six Papua provinces
}
ZONE_NAMES = {WIB: "WIB", "Asia/Pontianak": "WIB", WITA: "WITA", WIT: "WIT"}


class RegionError(ValueError):
    """A code that is not a kabupaten/kota of the Kemendagri list."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: AreaLevel | None  # None for a province
    kind: str  # "Kota", "Kabupaten", "Kecamatan", "Kelurahan", "Desa"
    population: int | None
    area_km2: float | None

    @property
    def parent_code(self) -> str:
        return self.code.rpartition(".")[0]


@dataclass(frozen=True)
class CityRegions:
    """One kabupaten/kota with its province, kecamatan and kelurahan/desa."""

    province: Region
    city: Region
    districts: dict[str, Region]
    villages: dict[str, Region]

    @property
    def is_regency(self) -> bool:
        return self.city.kind == "Kabupaten"

    @property
    def time_zone(self) -> str:
        return PROVINCE_TIME_ZONES[self.province.code]

    def get(self, code: str) -> Region | None:
        if code == self.city.code:
            return self.city
        return self.districts.get(code) or self.villages.get(code)


def _region(row: dict) -> Region:
    kind = (row["jenis"] or row["level"]).replace("_", " ").title()
    return Region(
        code=row["kode"],
        name=row["nama"],
        level=_LEVELS[row["level"]],
        kind="Provinsi" if row["level"] == "provinsi" else kind,
        population=int(row["penduduk"]) if row["penduduk"] else None,
        area_km2=float(row["luas_km2"]) if row["luas_km2"] else None,
    )


def normalize_code(code: str) -> str:
    """`1472` or ` 14.72 ` -> `14.72`; `1472061004` -> `14.72.06.1004` (BIG's files)."""
    code = code.strip()
    if code.isdigit() and len(code) in (2, 4, 6, 10):
        parts = [code[:2], code[2:4], code[4:6], code[6:]]
        return ".".join(part for part in parts if part)
    return code


def _level_word(code: str) -> str:
    return {1: "provinsi", 3: "kecamatan", 4: "kelurahan/desa"}.get(len(code.split(".")), "")


def city_regions(code: str, *, path: Path = REGION_CODES) -> CityRegions:
    """The regions of kabupaten/kota `code` (`14.72`), or RegionError saying what is wrong."""
    code = normalize_code(code)
    parts = code.split(".")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 2:
        raise RegionError(
            f"{code!r} bukan kode wilayah Kemendagri: tulis kode kabupaten/kota, mis. 14.72."
        )
    if len(parts) == 1:
        raise RegionError(
            f"{code} adalah kode provinsi, bukan kabupaten/kota: tulis kode kabupaten/kota "
            f"di dalamnya, mis. {code}.01."
        )
    if len(parts) != 2:
        raise RegionError(
            f"{code} adalah kode {_level_word(code) or 'wilayah'}, bukan kabupaten/kota: "
            f"tulis dua bagian pertamanya saja, mis. {'.'.join(parts[:2])}."
        )
    province_code = parts[0]
    province = city = None
    districts: dict[str, Region] = {}
    villages: dict[str, Region] = {}
    prefix = f"{code}."
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
        # Parse only the lines of this city (a line starts with its code): a tenth of
        # the time of parsing the whole country.
        wanted = (f"{province_code},", f"{code},", prefix)
        lines = (line for line in fh if line.startswith(wanted))
        for row in csv.DictReader(lines, fieldnames=header):
            kode = row["kode"]
            if kode == province_code:
                province = _region(row)
            elif kode == code:
                city = _region(row)
            else:
                region = _region(row)
                target = districts if region.level == AreaLevel.DISTRICT else villages
                target[kode] = region
    if city is None:
        raise RegionError(
            f"Kode {code} tidak ada dalam daftar kode wilayah Kemendagri "
            f"({path.name}). Periksa kodenya, mis. 14.72 untuk Kota Dumai."
        )
    if province is None or province.code not in PROVINCE_TIME_ZONES:  # pragma: no cover
        raise RegionError(f"Provinsi {province_code} tidak dikenal.")
    return CityRegions(province=province, city=city, districts=districts, villages=villages)
