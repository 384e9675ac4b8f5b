"""What the command center wall shows, as JSON-ready data (polled every few seconds).

Nothing personal ever: no reporter, no rahasia case (the wall may hang where visitors
see it; rahasia cases count in the figures only), no internal notes. A short
per-process cache lets several TVs poll without each recomputing the ranking.
"""

import time as _time
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from cerdas.areas.models import Area
from cerdas.areas.services import village_ids
from cerdas.complaints.models import Action, Category, Complaint, ComplaintEvent, Privacy
from cerdas.performance.models import Metric, OpenCase
from cerdas.performance.queries import (
    Filters,
    LocalDate,
    Period,
    agency_scorecards,
    city_summary,
    city_totals,
    rollups_answer,
)
from cerdas.workdays.calendar import city_calendar

MAX_PINS = 2000
BREACHES = 12
FEED = 15
FEED_WINDOW = timedelta(days=7)  # an older step is no news on a wall
TREND_DAYS = 30
SLOW_SECONDS = 60  # ranking, trend, shading; the rest is fresh on every poll
_slow_cache: dict[str, tuple[float, dict]] = {}


def _local(value: datetime | None) -> str | None:
    return timezone.localtime(value, settings.CERDAS_TIME_ZONE).isoformat() if value else None


def wall_data(*, area_code: str = "", now: datetime | None = None) -> dict:
    now = now or timezone.now()
    area = Area.objects.filter(code=area_code).first() if area_code else None
    filters = Filters(area_ids=village_ids(area.code)) if area else Filters()
    # The open cases' own table (performance.OpenCase): tens of thousands of rows, not
    # a million; rahasia cases count in the figures only.
    shown = OpenCase.objects.filter(filters.complaints()).exclude(privacy=Privacy.CONFIDENTIAL)
    calendar = city_calendar()
    icons = dict(Category.objects.values_list("pk", "icon"))

    open_cases = (
        shown.filter(latitude__isnull=False)
        .order_by(F("due_at").asc(nulls_last=True))
        .values_list("code", "latitude", "longitude", "due_at", "category_id")[:MAX_PINS]
    )
    colour = calendar.classifier(now)
    pins = [
        {"code": c, "lat": lat, "lon": lon, "status": colour(due), "icon": icons.get(cat, "")}
        for c, lat, lon, due, cat in open_cases
    ]

    late = list(shown.filter(due_at__lt=now).order_by("due_at")[:BREACHES].values_list("pk"))
    breaches = [
        {
            "code": c.code,
            "title": c.title,
            "agency": (c.agency.short_name or c.agency.name) if c.agency_id else "Command Center",
            "area": c.area.name if c.area_id else "",
            "due_at": _local(c.due_at),
            "late_hours": round(behind / 3600, 1),
            "late_days": round(behind / calendar.day_seconds, 1),
            "icon": c.category.icon,
        }
        for c in Complaint.objects.filter(pk__in=[pk for (pk,) in late])
        .select_related("agency", "area", "category")
        .order_by("due_at", "pk")
        for behind in [calendar.working_seconds_between(c.due_at, now)]
    ]

    feed = [
        {
            "at": _local(e.created_at),
            "code": e.complaint.code,
            "action": e.get_action_display(),
            "to_state": e.to_state,
            "category": e.complaint.category.name,
            "icon": e.complaint.category.icon,
            "area": e.complaint.area.name if e.complaint.area_id else "",
        }
        for e in ComplaintEvent.objects.filter(
            filters.complaints("complaint__"),
            is_public=True,
            created_at__gte=now - FEED_WINDOW,
        )
        .exclude(complaint__privacy=Privacy.CONFIDENTIAL)
        .select_related("complaint__category", "complaint__area")
        .order_by("-created_at", "-id")[:FEED]
    ]

    slow = _slow_panels(filters, area, now)
    summary = city_summary(now=now, filters=filters)
    return {
        "now": _local(now),
        "area": {"code": area.code, "name": area.name} if area else None,
        "summary": {
            "received": summary.received,
            "resolved": summary.resolved,
            "open": summary.open,
            "overdue": summary.overdue,
            "median_response_hours": summary.median_response_hours,
        },
        "pins": pins,
        "breaches": breaches,
        "feed": feed,
        **slow,
    }


def _slow_panels(filters: Filters, area, now: datetime) -> dict:
    """The OPD ranking, the 30-day trend and the kelurahan shading: they move slowly and
    cost the most, so each process recomputes them at most once a minute per wall."""
    key = area.code if area else ""
    hit = _slow_cache.get(key)
    if hit and _time.monotonic() - hit[0] < SLOW_SECONDS:
        return hit[1]
    today = timezone.localtime(now, settings.CERDAS_TIME_ZONE).date()
    first = datetime.combine(
        today - timedelta(days=TREND_DAYS - 1), time.min, tzinfo=settings.CERDAS_TIME_ZONE
    )
    days = [today - timedelta(days=TREND_DAYS - 1 - i) for i in range(TREND_DAYS)]
    if rollups_answer(filters):
        rows = city_totals(Period(days[0], today), filters, by_day=True)
    else:
        rows = (
            ComplaintEvent.objects.filter(
                filters.complaints("complaint__"),
                action__in=[Action.SUBMIT, Action.VALIDATE],
                created_at__gte=first,
            )
            .values(day=LocalDate("created_at"), metric=F("action"))
            .annotate(n=Count("id"))
            .order_by()
        )
    per_day = {Metric.RECEIVED: {}, Metric.VALIDATE: {}}
    for row in rows:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(row["day"])
        metric = (
            Metric.RECEIVED
            if row["metric"] in (Metric.RECEIVED, Action.SUBMIT)
            else Metric.VALIDATE
        )
        per_day[metric][day] = row["n"]
    received, resolved = per_day[Metric.RECEIVED], per_day[Metric.VALIDATE]
    trend = [
        {"day": d.isoformat(), "received": received.get(d, 0), "resolved": resolved.get(d, 0)}
        for d in days
    ]
    by_village = dict(
        OpenCase.objects.filter(filters.complaints())
        .exclude(area_id=0)
        .values("area_id")
        .annotate(n=Count("pk"))
        .values_list("area_id", "n")
        .order_by()
    )
    villages = Area.objects.villages().in_city(settings.CERDAS_CITY_CODE)
    if area is not None:
        villages = villages.filter(Q(code=area.code) | Q(parent__code=area.code))
    choropleth = {}
    for pk, code, population in villages.values_list("pk", "code", "population"):
        n = by_village.get(pk, 0)
        choropleth[code] = {
            "open": n,
            "per10k": round(n * 10_000 / population, 1) if population else None,
        }
    cards = agency_scorecards(period=Period.last_days(30, now=now), filters=filters, now=now)
    ranking = [
        {"name": c.name, "score": c.score.value, "zone": c.score.zone, "backlog": c.backlog}
        for c in cards
    ]
    panels = {"ranking": ranking, "trend": trend, "choropleth": choropleth}
    _slow_cache[key] = (_time.monotonic(), panels)
    return panels
