"""The city's working-time calendar, with the holidays an admin entered."""

import time as _time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cerdas.lib.workcal import WorkCalendar, parse_hours

from .models import Holiday, HolidayKind

# Holidays change a few times a year; every process re-reads them at most once a
# minute, and at once in the process that saved the change.
_TTL_SECONDS = 60
_cache: dict[str, tuple[float, WorkCalendar]] = {}


def city_calendar() -> WorkCalendar:
    hit = _cache.get("calendar")
    if hit and _time.monotonic() - hit[0] < _TTL_SECONDS:
        return hit[1]
    start, end = parse_hours(settings.CERDAS_WORKING_HOURS)
    extra, cancelled = set(), set()
    for day, kind in Holiday.objects.values_list("date", "kind"):
        (cancelled if kind == HolidayKind.CANCELLED else extra).add(day)
    calendar = WorkCalendar(
        tz=settings.CERDAS_TIME_ZONE,
        day_start=start,
        day_end=end,
        extra_holidays=frozenset(extra),
        with_leave_days=True,
        cancelled_leave=frozenset(cancelled),
    )
    _cache["calendar"] = (_time.monotonic(), calendar)
    return calendar


@receiver([post_save, post_delete], sender=Holiday)
def _forget_calendar(**kwargs) -> None:
    _cache.clear()
