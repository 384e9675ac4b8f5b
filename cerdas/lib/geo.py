"""Point-in-polygon lookup and small geodesy helpers (pure Python + shapely, no Django).

Shipped boundary data
---------------------
``cerdas/areas/data/manado_71.71_kotamobagu_71.74_boundaries.geojson`` (MIT, (c) 2024
cahya dsn, from ``cahyadsn/wilayah_boundaries`` @3c5a796; see ``cerdas/areas/data/NOTICE.md``) is a
GeoJSON ``FeatureCollection`` in WGS84, coordinates ``[lon, lat]`` as GeoJSON requires
(the source stores ``[lat, lng]``; the conversion was done upstream of this project).
Top-level members besides ``features``: ``name``
(``"manado_kotamobagu_admin_boundaries"``) and ``source`` (a provenance string).

137 features: 2 ``Polygon``/``MultiPolygon`` city outlines (Kota Manado ``71.71`` and
Kota Kotamobagu ``71.74``), 15 kecamatan (11 in Manado, 4 in Kotamobagu) and 120
kelurahan/desa (87 kelurahan in Manado; 18 kelurahan + 15 desa in Kotamobagu).
131 features are ``Polygon`` and 6 are ``MultiPolygon`` (islands such as Bunaken).

Feature ``properties``:

================  ==========================================================  ==========
property          meaning                                                     present on
================  ==========================================================  ==========
``kode``          Kemendagri region code, dot separated: ``71.71`` (city),    all
                  ``71.71.01`` (kecamatan), ``71.71.01.1008`` (kelurahan;
                  4th part ``1xxx`` = kelurahan, ``2xxx`` = desa)
``nama``          region name, e.g. ``"Kota Manado"``, ``"Wenang"``,          all
                  ``"Pinaesaan"``
``level``         ``"kota"``, ``"kecamatan"``, ``"kelurahan"`` or ``"desa"``  all
``jenis``         ``"kelurahan"`` or ``"desa"`` (same as ``level``)           kel./desa
``kode_kota``     code of the city, e.g. ``"71.71"``                          all
``nama_kota``     name of the city, e.g. ``"Kota Manado"``                    all
``kode_kecamatan`` code of the kecamatan, e.g. ``"71.71.05"``                 kec., kel.
``nama_kecamatan`` name of the kecamatan                                      kec., kel.
``centroid_lat``  latitude of the source's polygon centroid (float); it may   all
                  fall outside a concave polygon - use :func:`centroid`
                  for a point guaranteed inside
``centroid_lng``  longitude of that centroid (float)                          all
``source_file``   upstream SQL file, e.g.                                     all
                  ``"db/kel/71/wilayah_boundaries_kel_71.71.sql"``
================  ==========================================================  ==========

The source simplified its polygons: kelurahan/desa polygons are good (areas within 1 % of
the official figures; neighbours overlap only in thin slivers along shared borders, the
largest about 4,000 m2, where :meth:`PolygonIndex.locate` picks the lowest code), but the
kecamatan and city outlines are coarse and leave gaps. So locate a point among the
kelurahan/desa polygons only and derive the kecamatan and city from the code prefix with
:func:`kemendagri_parents`.

``cerdas/areas/data/wilayah_indonesia.csv.gz`` (MIT, ``cahyadsn/wilayah``) lists the
Kemendagri codes of all Indonesia: columns ``kode,nama,level,jenis,kode_induk,penduduk,
luas_km2`` with ``level`` one of ``provinsi``, ``kabupaten_kota``, ``kecamatan``,
``kelurahan_desa`` (read by ``cerdas/areas/regions.py``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

__all__ = [
    "EARTH_RADIUS_M",
    "PolygonIndex",
    "bounds",
    "centroid",
    "haversine_m",
    "kemendagri_parents",
    "level_of",
    "random_point_in",
]

#: Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8

_POLYGONAL = ("Polygon", "MultiPolygon")
_LEVELS = {1: "provinsi", 2: "kota", 3: "kecamatan", 4: "kelurahan"}


def _to_shape(geometry: Mapping[str, Any] | BaseGeometry) -> BaseGeometry:
    """A shapely geometry from a GeoJSON Polygon/MultiPolygon dict (or a shapely one)."""
    if isinstance(geometry, BaseGeometry):
        geom = geometry
    else:
        kind = geometry.get("type") if isinstance(geometry, Mapping) else None
        if kind not in _POLYGONAL:
            raise ValueError(f"expected a GeoJSON Polygon or MultiPolygon, got {kind!r}")
        geom = shape(geometry)
    if geom.geom_type not in _POLYGONAL:
        raise ValueError(f"expected a Polygon or MultiPolygon, got {geom.geom_type}")
    if geom.is_empty:
        raise ValueError("empty geometry")
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


class PolygonIndex:
    """Find which of many polygons contains a point, via a shapely ``STRtree``.

    Built from ``(key, geometry)`` pairs where ``geometry`` is a GeoJSON geometry dict
    (``Polygon`` or ``MultiPolygon``, coordinates ``[lon, lat]``). A point on a shared
    border belongs to several polygons; :meth:`locate` then returns the lowest key
    (string order), so the answer never depends on input order.

    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> PolygonIndex([("a", square)]).locate(0.5, 0.5)
    'a'
    """

    def __init__(self, items: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        pairs = sorted(((str(key), _to_shape(geom)) for key, geom in items), key=lambda p: p[0])
        self._keys: list[str] = [key for key, _ in pairs]
        self._geoms: list[BaseGeometry] = [geom for _, geom in pairs]
        # Prepared geometries make the exact point-in-polygon test after the bounding
        # box filter much faster; STRtree keeps references to these same objects.
        for geom in self._geoms:
            shapely.prepare(geom)
        self._tree = STRtree(self._geoms)

    @classmethod
    def from_features(
        cls,
        features: Iterable[Mapping[str, Any]],
        *,
        key: str = "kode",
        levels: Iterable[str] | None = None,
    ) -> PolygonIndex:
        """Index GeoJSON features by ``properties[key]``.

        ``levels`` keeps only features whose ``properties["level"]`` is listed, e.g.
        ``("kelurahan", "desa")`` for the shipped boundaries file.
        """
        wanted = set(levels) if levels is not None else None
        return cls(
            (feature["properties"][key], feature["geometry"])
            for feature in features
            if wanted is None or feature["properties"].get("level") in wanted
        )

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    @property
    def keys(self) -> list[str]:
        """The indexed keys, sorted."""
        return list(self._keys)

    def locate(self, lat: float, lon: float) -> str | None:
        """Key of the polygon containing (``lat``, ``lon``), or None outside all of them.

        Points on a boundary count as inside; if several polygons qualify the lowest key
        wins.
        """
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        return self._keys[int(hits.min())]

    def locate_all(self, lat: float, lon: float) -> list[str]:
        """All keys whose polygon contains or touches the point, sorted."""
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return []
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return [self._keys[int(i)] for i in sorted(hits)]


def _code_parts(code: str) -> list[str]:
    parts = code.strip().split(".")
    if not 1 <= len(parts) <= 4 or not all(part.isdigit() for part in parts):
        raise ValueError(f"not a Kemendagri region code: {code!r}")
    return parts


def kemendagri_parents(code: str) -> list[str]:
    """Codes of the enclosing regions, outermost first.

    >>> kemendagri_parents("71.71.01.1008")
    ['71', '71.71', '71.71.01']
    >>> kemendagri_parents("71")
    []
    """
    parts = _code_parts(code)
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def level_of(code: str) -> str:
    """``"provinsi"``, ``"kota"``, ``"kecamatan"`` or ``"kelurahan"`` by number of parts.

    Two-part codes are kabupaten as well as kota; four-part codes cover desa as well as
    kelurahan (the 4th part starts with 2 for a desa). Raises ValueError on a malformed
    code.

    >>> level_of("71.71.01")
    'kecamatan'
    """
    return _LEVELS[len(_code_parts(code))]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points (spherical Earth)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def centroid(geometry: Mapping[str, Any]) -> tuple[float, float]:
    """(lat, lon) of a representative point guaranteed to lie inside the polygon.

    Uses shapely's ``point_on_surface``, not the true centroid, which can fall outside a
    concave or multi-part polygon (a coastal kelurahan, an archipelago).
    """
    point = _to_shape(geometry).point_on_surface()
    return (point.y, point.x)


def random_point_in(
    geometry: Mapping[str, Any], rng: random.Random, *, max_tries: int = 10_000
) -> tuple[float, float]:
    """(lat, lon) of a uniformly random point inside the polygon.

    Rejection sampling within the bounding box; ``rng`` makes it reproducible. If no
    sample lands inside after ``max_tries`` (a sliver polygon), falls back to the
    :func:`centroid` point so the result is always inside.
    """
    geom = _to_shape(geometry)
    shapely.prepare(geom)
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    for _ in range(max_tries):
        lon = rng.uniform(min_lon, max_lon)
        lat = rng.uniform(min_lat, max_lat)
        if shapely.contains_xy(geom, lon, lat):
            return (lat, lon)
    point = geom.point_on_surface()
    return (point.y, point.x)


def bounds(geometry: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """Bounding box ``(min_lon, min_lat, max_lon, max_lat)``."""
    min_lon, min_lat, max_lon, max_lat = _to_shape(geometry).bounds
    return (min_lon, min_lat, max_lon, max_lat)


def simplified(geometry: Mapping[str, Any], *, tolerance: float = 3e-5, grid: float = 1e-5) -> dict:
    """A lighter copy of a polygon for drawing: about 3 m of simplification, coordinates
    on a 1e-5 degree (about 1 m) grid. Never use it for lookups."""
    shape = shapely.set_precision(_to_shape(geometry).simplify(tolerance), grid_size=grid)
    return mapping(shape)


# --- grid cells: the duplicate check's spatial index ------------------------------------

# A cell is GRID_DEGREES of latitude by GRID_DEGREES of longitude: about 280 m square
# near the equator (all of Indonesia lies within 11 degrees of it, where a degree of
# longitude is still at least 98% of one at the equator).
GRID_DEGREES = 0.0025
_GRID_ROW = 1_000_000  # more than the 144,000 columns of a 0.0025-degree grid


def grid_cell(lat: float | None, lon: float | None) -> int | None:
    """The integer id of the grid cell holding a point (None without a point)."""
    if lat is None or lon is None:
        return None
    row = math.floor((lat + 90) / GRID_DEGREES)
    col = math.floor((lon + 180) / GRID_DEGREES)
    return row * _GRID_ROW + col


def grid_cells_around(lat: float, lon: float, radius_m: float) -> list[int]:
    """Every cell that a circle of radius_m around the point touches."""
    lat_span = radius_m / 111_320
    lon_span = radius_m / (111_320 * max(0.1, math.cos(math.radians(lat))))
    row0 = math.floor((lat - lat_span + 90) / GRID_DEGREES)
    row1 = math.floor((lat + lat_span + 90) / GRID_DEGREES)
    col0 = math.floor((lon - lon_span + 180) / GRID_DEGREES)
    col1 = math.floor((lon + lon_span + 180) / GRID_DEGREES)
    return [row * _GRID_ROW + col for row in range(row0, row1 + 1) for col in range(col0, col1 + 1)]
