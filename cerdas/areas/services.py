"""Areas: loading the Kemendagri boundaries and answering "which kelurahan is this?"."""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from cerdas.lib import geo

from .models import Area, AreaLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
BOUNDARIES = DATA_DIR / "manado_kotamobagu_boundaries.geojson"
REGION_CODES = DATA_DIR / "wilayah_71_sulawesi_utara.csv"

_LEVELS = {2: AreaLevel.CITY, 3: AreaLevel.DISTRICT, 4: AreaLevel.VILLAGE}


@transaction.atomic
def areas_load(*, boundaries: Path = BOUNDARIES, region_codes: Path = REGION_CODES) -> int:
    """Create or update every city, kecamatan and kelurahan/desa in the GeoJSON.

    Names and the kelurahan/desa kind come from the region-code list where it knows the
    code; polygons are kept only for kelurahan/desa (the coarser outlines leave gaps).
    Runs again safely: areas are matched by code.
    """
    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    with region_codes.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["kode"]] = row["nama"]
            kinds[row["kode"]] = (row["jenis"] or row["level"]).replace("_", " ").title()
    features = json.loads(boundaries.read_text(encoding="utf-8"))["features"]
    features.sort(key=lambda f: f["properties"]["kode"])  # parents before children
    by_code: dict[str, Area] = {}
    for feature in features:
        props = feature["properties"]
        code = props["kode"]
        level = _LEVELS.get(len(code.split(".")))
        if level is None:
            continue
        geometry = feature["geometry"] if level == AreaLevel.VILLAGE else None
        lat, lon = (
            geo.centroid(geometry)
            if geometry
            else (props.get("centroid_lat"), props.get("centroid_lng"))
        )
        parent_code = ".".join(code.split(".")[:-1])
        area, _ = Area.objects.update_or_create(
            code=code,
            defaults={
                "name": names.get(code, props["nama"]),
                "level": level,
                "kind": kinds.get(code, ""),
                "parent": by_code.get(parent_code) or Area.objects.filter(code=parent_code).first(),
                "geometry": geometry,
                "center_lat": lat,
                "center_lon": lon,
            },
        )
        by_code[code] = area
    _index_cache.clear()
    _outlines_cache.clear()
    return len(by_code)


_index_cache: dict[str, tuple[geo.PolygonIndex, dict[str, Area]]] = {}


def _city_index() -> tuple[geo.PolygonIndex, dict[str, Area]]:
    city = settings.CERDAS_CITY_CODE
    if city not in _index_cache:
        villages = list(Area.objects.villages().in_city(city).select_related("parent__parent"))
        index = geo.PolygonIndex((a.code, a.geometry) for a in villages if a.geometry)
        _index_cache[city] = (index, {a.code: a for a in villages})
    return _index_cache[city]


def area_at(lat: float, lon: float) -> Area | None:
    """The kelurahan/desa of the city that contains the point, or None outside the city."""
    index, areas = _city_index()
    code = index.locate(lat, lon)
    return areas.get(code) if code else None


def city_area() -> Area | None:
    return Area.objects.filter(code=settings.CERDAS_CITY_CODE).first()


def city_villages_geojson() -> dict:
    """Kelurahan outlines of the city, for maps that must work without tiles.

    Simplified for drawing (the report page must stay light on a cheap phone) and
    computed once per process.
    """
    city = settings.CERDAS_CITY_CODE
    if city not in _outlines_cache:
        _outlines_cache[city] = _villages_geojson()
    return _outlines_cache[city]


_outlines_cache: dict[str, dict] = {}


def _villages_geojson() -> dict:
    _, areas = _city_index()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": a.code, "name": a.name, "district": a.parent.name},
                "geometry": geo.simplified(a.geometry),
            }
            for a in sorted(areas.values(), key=lambda a: a.code)
        ],
    }


def area_picker_choices() -> list:
    """Kecamatan with their kelurahan, as one grouped picker (form choices by code)."""
    from django.utils.translation import gettext as _

    districts = Area.objects.in_city(settings.CERDAS_CITY_CODE).filter(level=AreaLevel.DISTRICT)
    villages = Area.objects.villages().in_city(settings.CERDAS_CITY_CODE).order_by("name")
    by_district: dict[int, list] = {}
    for village in villages:
        by_district.setdefault(village.parent_id, []).append((village.code, village.name))
    choices = [("", _("Semua wilayah"))]
    for district in districts.order_by("name"):
        group = [(district.code, _("Seluruh Kec. %(name)s") % {"name": district.name})]
        choices.append((district.name, group + by_district.get(district.pk, [])))
    return choices


def village_ids(code: str) -> tuple[int, ...]:
    """The kelurahan/desa a picker's code stands for: itself, or all of a kecamatan's."""
    return tuple(
        Area.objects.villages()
        .filter(Q(code=code) | Q(parent__code=code))
        .values_list("pk", flat=True)
    )
