"""Reading and checking a boundary file before anything is written.

Three formats, each through a pure-Python library (no GDAL or other system library):
GeoJSON (the standard library), a zipped ESRI Shapefile (`pyshp`; WGS 84 only, since
reprojecting would need PROJ) and KML (`fastkml`), the format of Google Earth and My Maps.
Every feature needs its Kemendagri code in a property (`kode`, or BIG's `KDEPUM`, ...).

Only kelurahan/desa polygons are kept: the coarser kecamatan and city outlines of the
usual sources leave gaps, and a point is placed by its kelurahan/desa (see `lib/geo.py`).
Every problem found is reported at once, so an admin fixes a file in one round.
"""

import io
import json
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from .regions import CityRegions, normalize_code

MAX_BYTES = 50 * 1024 * 1024
# Indonesia, generously (Sabang to Merauke, Miangas to Rote).
LON_RANGE, LAT_RANGE = (94.0, 142.0), (-11.5, 6.5)
CODE_PROPERTIES = ("kode", "kode_kemendagri", "kode_desa", "kd_desa", "kdepum", "code")
FORMATS = "GeoJSON (.geojson/.json), Shapefile (.zip berisi .shp, .shx, .dbf, .prj), KML (.kml)"
_MAX_LISTED = 8


class BoundaryError(ValueError):
    """The file cannot be used; `problems` says every reason, in Indonesian."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Boundaries:
    """The kelurahan/desa polygons of one city, checked."""

    villages: dict[str, dict]  # code -> GeoJSON geometry, [lon, lat]
    missing: list[str] = field(default_factory=list)  # the city's codes without a polygon
    ignored: int = 0  # kecamatan/city outlines and other cities' features


def _listed(codes) -> str:
    codes = sorted(codes)
    more = len(codes) - _MAX_LISTED
    return ", ".join(codes[:_MAX_LISTED]) + (f" dan {more} lainnya" if more > 0 else "")


def _code_of(properties: dict) -> str | None:
    lowered = {str(k).lower(): v for k, v in (properties or {}).items()}
    for key in CODE_PROPERTIES:
        value = lowered.get(key)
        if value not in (None, ""):
            return normalize_code(str(value))
    return None


# --- formats: each yields (properties, GeoJSON geometry or None) ------------------------------


def _geojson(data: bytes) -> Iterator[tuple[dict, dict | None]]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BoundaryError([f"Berkas bukan GeoJSON yang sah: {exc}."]) from None
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        raise BoundaryError(["GeoJSON harus berupa FeatureCollection dengan daftar features."])
    for feature in document["features"]:
        if not isinstance(feature, dict):
            raise BoundaryError(["Setiap anggota features harus berupa Feature."])
        yield feature.get("properties") or {}, feature.get("geometry")


def _shapefile(data: bytes) -> Iterator[tuple[dict, dict | None]]:
    import shapefile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BoundaryError(["Shapefile harus dikirim sebagai satu berkas .zip."]) from None
    names = {n.lower(): n for n in archive.namelist() if not n.endswith("/")}
    shps = [n for n in names if n.endswith(".shp")]
    if len(shps) != 1:
        raise BoundaryError([f"Berkas .zip harus berisi tepat satu .shp (ditemukan {len(shps)})."])
    stem = shps[0][:-4]
    parts = {ext: names.get(stem + ext) for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg")}
    absent = [ext for ext in (".shx", ".dbf") if parts[ext] is None]
    if absent:
        raise BoundaryError([f"Shapefile tidak lengkap: {', '.join(absent)} tidak ada."])
    if parts[".prj"] is not None:
        prj = archive.read(parts[".prj"]).decode("latin-1").upper()
        if prj.startswith("PROJCS") or "WGS" not in prj:
            raise BoundaryError(
                [
                    "Shapefile memakai proyeksi lain (mis. UTM); simpan ulang dalam WGS 84 "
                    "(EPSG:4326), mis. dengan QGIS: Export > Save Features As > CRS EPSG:4326."
                ]
            )

    def part(ext):
        return io.BytesIO(archive.read(parts[ext])) if parts[ext] else None

    try:
        reader = shapefile.Reader(
            shp=part(".shp"), shx=part(".shx"), dbf=part(".dbf"), cpg=part(".cpg")
        )
        rows = [(r.record.as_dict(), r.shape.__geo_interface__) for r in reader.iterShapeRecords()]
    except (shapefile.ShapefileException, ValueError, UnicodeDecodeError) as exc:
        raise BoundaryError([f"Shapefile tidak bisa dibaca: {exc}."]) from None
    yield from rows


def _kml(data: bytes) -> Iterator[tuple[dict, dict | None]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "lxml missing": only pretty printing needs it
        from fastkml import Placemark, kml
        from fastkml.utils import find_all

    try:
        document = kml.KML.from_string(data)
        placemarks = list(find_all(document, of_type=Placemark))
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's fault
        raise BoundaryError([f"Berkas bukan KML yang sah: {exc}."]) from None
    for placemark in placemarks:
        properties = {"name": placemark.name or ""}
        extended = placemark.extended_data
        for element in extended.elements if extended else []:
            if getattr(element, "name", None):  # <Data name="kode"><value>...</value></Data>
                properties[element.name] = element.value
            for simple in getattr(element, "data", None) or []:  # <SchemaData><SimpleData>
                properties[simple.name] = simple.value
        geometry = placemark.geometry
        yield properties, dict(geometry.__geo_interface__) if geometry else None


def _reader(filename: str, data: bytes):
    name = filename.lower()
    if name.endswith((".geojson", ".json")):
        return _geojson
    if name.endswith(".zip") or data[:4] == b"PK\x03\x04":
        return _shapefile
    if name.endswith(".kml"):
        return _kml
    if name.endswith(".kmz"):
        raise BoundaryError(["KMZ belum didukung: ekstrak berkas .kml di dalamnya dulu."])
    if name.endswith(".shp"):
        raise BoundaryError(["Kirim Shapefile sebagai .zip berisi .shp, .shx, .dbf dan .prj."])
    raise BoundaryError([f"Format berkas tidak dikenal. Yang diterima: {FORMATS}."])


# --- checks ---------------------------------------------------------------------------------


def _flat(geometry: dict) -> dict:
    """Drop a third (height) coordinate: KML and some Shapefiles carry one."""
    geom = shape(geometry)
    if geom.has_z:
        geom = shapely.force_2d(geom)
    return mapping(geom)


def _geometry_problem(code: str, geometry: dict | None) -> str | None:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        return f"{code}: geometri harus Polygon atau MultiPolygon, bukan {kind or 'kosong'}."
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        return f"{code}: koordinat poligon rusak ({exc})."
    if geom.is_empty:
        return f"{code}: poligon kosong."
    minx, miny, maxx, maxy = geom.bounds
    inside = LON_RANGE[0] <= minx and maxx <= LON_RANGE[1]
    inside = inside and LAT_RANGE[0] <= miny and maxy <= LAT_RANGE[1]
    if not inside:
        swapped = LAT_RANGE[0] <= minx and maxx <= LAT_RANGE[1] and LON_RANGE[0] <= miny
        if swapped:
            return (
                f"{code}: koordinat tertukar ([lintang, bujur]); GeoJSON memakai [bujur, lintang]."
            )
        return (
            f"{code}: poligon di luar Indonesia (bujur {minx:.3f}..{maxx:.3f}, "
            f"lintang {miny:.3f}..{maxy:.3f}); apakah berkas memakai WGS 84 (EPSG:4326)?"
        )
    if not geom.is_valid:
        return f"{code}: poligon tidak sah ({explain_validity(geom)})."
    return None


def boundaries_read(data: bytes, *, filename: str, regions: CityRegions) -> Boundaries:
    """The kelurahan/desa polygons of `regions`' city in the file, or BoundaryError."""
    if len(data) > MAX_BYTES:
        raise BoundaryError([f"Berkas lebih dari {MAX_BYTES // (1024 * 1024)} MB."])
    city = regions.city
    prefix = f"{city.code}."
    problems: list[str] = []
    villages: dict[str, dict] = {}
    duplicates, unknown, other_cities = set(), set(), set()
    without_code = ignored = 0
    for properties, geometry in _reader(filename, data)(data):
        code = _code_of(properties)
        if code is None:
            without_code += 1
            continue
        parts = code.split(".")
        if len(parts) != 4:
            ignored += 1  # a kecamatan or city outline
            continue
        if not code.startswith(prefix):
            other_cities.add(".".join(parts[:2]))
            ignored += 1
            continue
        if code not in regions.villages:
            unknown.add(code)
            continue
        if code in villages:
            duplicates.add(code)
            continue
        problem = _geometry_problem(code, geometry)
        if problem:
            problems.append(problem)
            continue
        villages[code] = _flat(geometry)
    if without_code:
        problems.append(
            f"{without_code} fitur tanpa kode Kemendagri: beri setiap fitur properti "
            f"'kode' berisi kode kelurahan/desa, mis. {next(iter(regions.villages), '')}."
        )
    if unknown:
        problems.append(
            f"Kode bukan kelurahan/desa {city.name} menurut daftar Kemendagri: {_listed(unknown)}."
        )
    if duplicates:
        problems.append(f"Kode muncul lebih dari sekali: {_listed(duplicates)}.")
    if not villages and not problems:
        found = f" Berkas ini berisi wilayah {_listed(other_cities)}." if other_cities else ""
        problems.append(
            f"Berkas tidak berisi poligon kelurahan/desa {city.name} ({city.code}).{found}"
        )
    if problems:
        raise BoundaryError(problems)
    missing = sorted(set(regions.villages) - set(villages))
    return Boundaries(villages=villages, missing=missing, ignored=ignored)
