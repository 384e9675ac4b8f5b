"""Areas: creating a city's kecamatan and kelurahan/desa, and "which kelurahan is this?"."""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from cerdas.lib import geo

from .boundaries import Boundaries, boundaries_read
from .models import Area, AreaLevel
from .regions import CityRegions, city_regions

DATA_DIR = Path(__file__).resolve().parent / "data"


def shipped_boundaries(city_code: str) -> Path | None:
    """The boundary file shipped for a city, found by the codes in the file names
    (`dumai_14.72_boundaries.geojson`), or None."""
    for path in sorted(DATA_DIR.glob("*_boundaries.geojson")):
        if city_code in re.findall(r"\d{2}\.\d{2}", path.name):
            return path
    return None


@lru_cache(maxsize=8)
def regions_of(city_code: str) -> CityRegions:
    """The Kemendagri regions of one city (read from the national list once per process)."""
    return city_regions(city_code)


@dataclass
class AreasResult:
    created: int = 0
    outlined: int = 0  # kelurahan/desa whose polygon was set or replaced
    missing: list[str] = field(default_factory=list)  # kelurahan/desa left without polygon


@transaction.atomic
def areas_create(
    *, regions: CityRegions, boundaries: Boundaries, replace: bool = False
) -> AreasResult:
    """Create the city, its kecamatan and every kelurahan/desa of the Kemendagri list.

    Existing areas keep what an admin entered (name, population); a kelurahan/desa gets
    the file's polygon when it has none, or always with `replace` (a new boundary file).
    Those the file has no polygon for are created all the same: the operator can still
    pick them, a map pin cannot land in them.
    """
    result = AreasResult(missing=list(boundaries.missing))
    code = regions.city.code
    known = {a.code: a for a in Area.objects.filter(Q(code=code) | Q(code__startswith=f"{code}."))}

    def ensure(region, parent, geometry=None) -> Area:
        area = known.get(region.code)
        if area is None:
            lat, lon = geo.centroid(geometry) if geometry else (None, None)
            area = Area.objects.create(
                code=region.code,
                name=region.name,
                level=region.level,
                kind=region.kind,
                parent=parent,
                geometry=geometry,
                center_lat=lat,
                center_lon=lon,
                population=region.population,
            )
            result.created += 1
            if geometry:
                result.outlined += 1
        elif geometry and (replace or area.geometry is None):
            area.geometry = geometry
            area.center_lat, area.center_lon = geo.centroid(geometry)
            area.save(update_fields=["geometry", "center_lat", "center_lon"])
            result.outlined += 1
        return area

    city = ensure(regions.city, None)
    districts = {code: ensure(r, city) for code, r in sorted(regions.districts.items())}
    for code, region in sorted(regions.villages.items()):
        ensure(region, districts[region.parent_code], boundaries.villages.get(code))
    _place_centres([city, *districts.values()], boundaries.villages, replace=replace)
    _forget_outlines()
    return result


def _place_centres(areas: list[Area], polygons: dict[str, dict], *, replace: bool) -> None:
    """A kecamatan's and the city's centre, from their kelurahan/desa polygons (their own
    outlines are not kept): the gazetteer places "near kecamatan X" there."""
    from shapely import union_all
    from shapely.geometry import mapping, shape

    for area in areas:
        if area.center_lat is not None and not replace:
            continue
        shapes = [shape(g) for code, g in polygons.items() if code.startswith(f"{area.code}.")]
        if not shapes:
            continue
        area.center_lat, area.center_lon = geo.centroid(mapping(union_all(shapes)))
        area.save(update_fields=["center_lat", "center_lon"])


def areas_load(*, boundaries: Path | None = None) -> int:
    """Every city of a shipped boundary file, with its polygons (the demo and the tests).

    Without a file: the one shipped for CERDAS_CITY_CODE. Polygons are replaced; names
    and populations an admin changed stay. Returns how many areas the file's cities have.
    """
    path = boundaries or shipped_boundaries(settings.CERDAS_CITY_CODE)
    if path is None:
        raise FileNotFoundError(f"No boundary file is shipped for {settings.CERDAS_CITY_CODE}")
    data = path.read_bytes()
    cities = sorted(set(re.findall(r"\d{2}\.\d{2}", path.name)))
    count = 0
    with transaction.atomic():
        for code in cities:
            regions = regions_of(code)
            areas_create(
                regions=regions,
                boundaries=boundaries_read(data, filename=path.name, regions=regions),
                replace=True,
            )
            count += 1 + len(regions.districts) + len(regions.villages)
    return count


def _forget_outlines() -> None:
    _index_cache.clear()
    _outlines_cache.clear()


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
            if a.geometry  # a desa the boundary file had no polygon for
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


@transaction.atomic
def areas_boundaries_replace(*, data: bytes, filename: str) -> AreasResult:
    """An admin's new boundary file for the configured city: every kelurahan/desa in it
    gets its polygon (replacing the old one); areas the city lacks are created. Raises
    BoundaryError, having changed nothing, when the file does not fit the city."""
    regions = regions_of(settings.CERDAS_CITY_CODE)
    loaded = boundaries_read(data, filename=filename, regions=regions)
    return areas_create(regions=regions, boundaries=loaded, replace=True)
