"""The public map's data: what is in view, clustered on a grid on the server.

At 100,000 complaints the browser cannot draw every point, nor should it download them.
The map asks for its bounding box and zoom; the server answers with grid cells (a count
and the centre of the reports in each) or, once few reports are in view, the reports
themselves with the same public fields as ``/pengaduan.geojson``: no names, phones or
e-mails, only verified cases that are not rahasia (``Complaint.objects.public()``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Floor
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cerdas.complaints.models import Category, Complaint, State

OPEN_STATES = (State.DISPOSED, State.IN_PROGRESS, State.AWAITING_VALIDATION)
DONE_STATES = (State.RESOLVED, State.CLOSED)
STATUS_FILTERS = {"": None, "terbuka": OPEN_STATES, "selesai": DONE_STATES}
PERIODS = (7, 30, 90)
MAX_ZOOM = 19
# Grid cells per 256-pixel tile width: a cell is 64 px on screen at any zoom.
CELLS_PER_TILE = 4
# Reports themselves rather than cells when this few are in view, or from this zoom on.
POINTS_BELOW = 200
POINTS_ZOOM = 17
POINTS_CAP = 500


class MapQueryError(ValueError):
    """A query parameter the map data refuses (answered with 400 and this message)."""


@dataclass(frozen=True)
class MapQuery:
    west: float
    south: float
    east: float
    north: float
    zoom: int
    states: tuple | None
    category: str
    days: int


def parse_query(params) -> MapQuery:
    """Validate the map's query string; every problem is a MapQueryError."""
    raw = params.get("bbox", "")
    parts = raw.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise MapQueryError(
            _("bbox harus berisi empat angka: barat,selatan,timur,utara.")
        ) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise MapQueryError(_("bbox harus berisi angka yang terhingga."))
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise MapQueryError(
            _(
                "bbox tidak sah: perlu -180 <= barat < timur <= 180 "
                "dan -90 <= selatan < utara <= 90."
            )
        )
    try:
        zoom = int(params.get("zoom", ""))
    except ValueError:
        raise MapQueryError(
            _("zoom harus bilangan bulat 0 sampai %(max)d.") % {"max": MAX_ZOOM}
        ) from None
    if not 0 <= zoom <= MAX_ZOOM:
        raise MapQueryError(_("zoom harus bilangan bulat 0 sampai %(max)d.") % {"max": MAX_ZOOM})
    status = params.get("status", "")
    if status not in STATUS_FILTERS:
        raise MapQueryError(_("status harus kosong, 'terbuka' atau 'selesai'."))
    category = params.get("kategori", "")
    if category and not Category.objects.filter(code=category, is_active=True).exists():
        raise MapQueryError(_("Kategori '%(code)s' tidak dikenal.") % {"code": category[:40]})
    try:
        days = int(params.get("periode", "90"))
    except ValueError:
        days = 0
    if days not in PERIODS:
        raise MapQueryError(
            _("periode harus salah satu dari: %(days)s (hari).")
            % {"days": ", ".join(str(d) for d in PERIODS)}
        )
    return MapQuery(west, south, east, north, zoom, STATUS_FILTERS[status], category, days)


def public_rows(category: str = "", states=None, days: int = 90):
    """Public, located complaints of the last ``days`` days, newest first."""
    qs = Complaint.objects.public().filter(
        created_at__gte=timezone.now() - timedelta(days=days), latitude__isnull=False
    )
    if category:
        qs = qs.filter(category__code=category)
    if states:
        qs = qs.filter(state__in=states)
    return qs


FEATURE_FIELDS = (
    "code",
    "title",
    "state",
    "latitude",
    "longitude",
    "created_at",
    "category__name",
    "category__icon",
    "area__name",
)


def feature(row: dict, labels: dict) -> dict:
    """One complaint as a GeoJSON feature with only its public fields."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
        "properties": {
            "code": row["code"],
            "title": row["title"],
            "state": row["state"],
            "state_label": str(labels[row["state"]]),
            "category": row["category__name"],
            "icon": row["category__icon"],
            "kelurahan": row["area__name"] or "",
            "created": timezone.localtime(row["created_at"]).strftime("%d-%m-%Y"),
            "url": reverse("complaints:track", args=[row["code"]]),
        },
    }


def map_data(query: MapQuery) -> dict:
    """Clusters or points in the query's box at its zoom."""
    qs = public_rows(query.category, query.states, query.days).filter(
        latitude__gte=query.south,
        latitude__lte=query.north,
        longitude__gte=query.west,
        longitude__lte=query.east,
    )
    total = qs.count()
    labels = dict(State.choices)
    if query.zoom >= POINTS_ZOOM or total <= POINTS_BELOW:
        rows = qs.order_by("-created_at").values(*FEATURE_FIELDS)[:POINTS_CAP]
        return {
            "mode": "points",
            "total": total,
            "features": [feature(r, labels) for r in rows],
        }
    cell = 360 / (2**query.zoom * CELLS_PER_TILE)
    done = Q(state__in=DONE_STATES)
    cells = (
        qs.annotate(
            cx=Floor(F("longitude") / cell),
            cy=Floor(F("latitude") / cell),
        )
        .values("cx", "cy")
        .annotate(
            n=Count("id"), done=Count("id", filter=done), lat=Avg("latitude"), lon=Avg("longitude")
        )
        .order_by()
    )
    return {
        "mode": "clusters",
        "total": total,
        # [latitude, longitude, reports, of which done]: compact, there can be hundreds.
        "clusters": [[round(c["lat"], 5), round(c["lon"], 5), c["n"], c["done"]] for c in cells],
    }
