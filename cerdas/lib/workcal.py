"""Indonesian working-time calendar for complaint deadlines.

Deadlines for citizen complaints are promised in *working time*: "3 hari kerja" (three working
days) or "4 jam kerja" (four working hours). Working time only runs

* on working days: Monday to Friday, minus Indonesian national holidays (from the ``holidays``
  package) and minus extra dates entered by an admin (cuti bersama, local holidays), and
* during working hours on those days (default 08:00-16:00, in the city's time zone).

A working day is counted as *working time*, not as a calendar date: "N working days" means
N x (length of one working day) of working time, starting from the moment the complaint was
received. This keeps the promise fair whatever the submission time:

* submitted Monday 10:00, 3 working days  -> due Thursday 10:00 (not Wednesday 16:00, which
  would give a morning report more time than an afternoon one);
* submitted Saturday, 3 working days      -> the clock starts Monday 08:00, due Wednesday 16:00;
* submitted Friday 15:00, 1 working day   -> 1 hour on Friday, 7 on Monday: due Monday 15:00.

A deadline that ends exactly at the end of a working day stays there (16:00), it does not roll
over to 08:00 the next working day. A *moment*, on the other hand, is within working hours only
in the half-open window [day_start, day_end): a complaint received at 16:00 starts its clock at
08:00 the next working day.

All inputs must be time-zone aware datetimes (any zone); the computation happens in the
calendar's zone and every datetime returned is in UTC. The module is pure Python (no Django) so
that it can be tested and reused anywhere.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import holidays

__all__ = ["EXTRA_HOLIDAY_NAME", "MAX_EMPTY_DAYS", "Unit", "WorkCalendar", "parse_hours"]

#: Name reported by :meth:`WorkCalendar.holiday_name` for admin-entered dates.
EXTRA_HOLIDAY_NAME = "Libur"

#: Give up when no working day is found within this many consecutive days.
MAX_EMPTY_DAYS = 400

#: Language of national holiday names (explicit, so the result does not depend on the locale).
HOLIDAY_LANGUAGE = "id"

_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)


class Unit(StrEnum):
    """Unit of a deadline amount."""

    DAYS = "days"  # working days (each worth WorkCalendar.day_seconds of working time)
    HOURS = "hours"  # working hours


@functools.cache
def _national_holidays(year: int) -> dict[date, str]:
    """Indonesian national holidays of one year, cached (the package computes them each time)."""
    return dict(holidays.country_holidays("ID", years=year, language=HOLIDAY_LANGUAGE))


@functools.cache
def leave_days(year: int) -> dict[date, str]:
    """The cuti bersama of one year (SKB 3 Menteri), as the ``holidays`` package knows them.

    They are its ``government`` category for Indonesia; a date that is also a national
    holiday is left out, so that no day is counted twice.
    """
    national = _national_holidays(year)
    named = holidays.country_holidays(
        "ID", years=year, categories=("government",), language=HOLIDAY_LANGUAGE
    )
    return {day: name for day, name in named.items() if day not in national}


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a time-zone aware datetime, got naive {value!r}")


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and hours of one city, used to compute and track deadlines."""

    tz: ZoneInfo
    day_start: time = time(8, 0)
    day_end: time = time(16, 0)
    extra_holidays: frozenset[date] = frozenset()
    #: Count the SKB cuti bersama (:func:`leave_days`) as non-working days.
    with_leave_days: bool = False
    #: Cuti bersama that the city cancelled: working days again.
    cancelled_leave: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if self.day_start.tzinfo is not None or self.day_end.tzinfo is not None:
            raise ValueError("day_start and day_end must be naive times (local to tz)")
        if self.day_end <= self.day_start:
            raise ValueError(
                f"working day must end after it starts ({self.day_start:%H:%M}-"
                f"{self.day_end:%H:%M})"
            )
        # Accept any iterable of dates (a set, a list, a queryset's values) but store a frozenset
        # so the calendar stays hashable; datetimes would never match a date, so reduce them.
        extra = frozenset(d.date() if isinstance(d, datetime) else d for d in self.extra_holidays)
        object.__setattr__(self, "extra_holidays", extra)
        object.__setattr__(self, "cancelled_leave", frozenset(self.cancelled_leave))
        object.__setattr__(self, "_by_year", {})

    def _closed(self, year: int) -> dict[date, str]:
        known = self._by_year.get(year)
        if known is None:
            known = self._by_year[year] = self.closed_days(year)
        return known

    def closed_days(self, year: int) -> dict[date, str]:
        """Every non-working date of ``year`` besides weekends, with its name.

        National holidays first, then cuti bersama not cancelled, then the extra dates:
        a date in several of these is one closed day.
        """
        closed = dict(_national_holidays(year))
        if self.with_leave_days:
            for day, name in leave_days(year).items():
                if day not in self.cancelled_leave:
                    closed.setdefault(day, name)
        for day in self.extra_holidays:
            if day.year == year:
                closed.setdefault(day, EXTRA_HOLIDAY_NAME)
        return closed

    # -- days -------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Monday-Friday that is neither a national holiday nor an extra holiday."""
        if isinstance(day, datetime):
            day = day.date()
        return day.weekday() < 5 and day not in self._closed(day.year)

    def holiday_name(self, day: date) -> str | None:
        """National holiday or cuti bersama name, ``"Libur"`` for an extra holiday, else ``None``.

        Weekends are not holidays: a plain Saturday gives ``None``.
        """
        if isinstance(day, datetime):
            day = day.date()
        return self._closed(day.year).get(day)

    @property
    def day_seconds(self) -> int:
        """Working seconds in one working day (28800 for 08:00-16:00)."""
        anchor = date(2000, 1, 1)
        span = datetime.combine(anchor, self.day_end) - datetime.combine(anchor, self.day_start)
        return int(span.total_seconds())

    def _window(self, day: date) -> tuple[datetime, datetime]:
        """Working hours of ``day`` as a pair of UTC datetimes."""
        start = datetime.combine(day, self.day_start, tzinfo=self.tz).astimezone(UTC)
        end = datetime.combine(day, self.day_end, tzinfo=self.tz).astimezone(UTC)
        return start, end

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    # -- moving forward ---------------------------------------------------------------------

    def _advance(self, start: datetime, amount: timedelta) -> datetime:
        """Add ``amount`` of working time to ``start`` (already validated); returns UTC.

        With ``amount == 0`` this is the next working moment (``start`` itself if it is within
        working hours). A positive amount may end exactly at a day's end.
        """
        current = start.astimezone(UTC)
        remaining = amount
        day = self._local_date(current)
        last_working = day - _ONE_DAY  # last day that had working time left
        while True:
            if self.is_working_day(day):
                window_start, window_end = self._window(day)
                current = max(current, window_start)
                # A moment at day_end is outside working hours (so it moves on), but a positive
                # amount that uses up the day exactly ends at day_end ("<=").
                if current < window_end:
                    last_working = day
                    available = window_end - current
                    if remaining <= available:
                        return current + remaining
                    remaining -= available
                    current = window_end
            if (day - last_working).days > MAX_EMPTY_DAYS:
                raise ValueError(
                    f"no working day in the {MAX_EMPTY_DAYS} days after {last_working}; "
                    "check the working hours and extra holidays"
                )
            day += _ONE_DAY

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` if within working hours of a working day, else the next day start (UTC)."""
        _require_aware(moment, "moment")
        return self._advance(moment, _ZERO)

    def add_seconds(self, start: datetime, seconds: float) -> datetime:
        """Add ``seconds`` of working time to ``start``; returns an aware UTC datetime."""
        _require_aware(start, "start")
        if seconds < 0:
            raise ValueError(f"cannot add a negative amount of working time ({seconds} s)")
        return self._advance(start, timedelta(seconds=seconds))

    def add(self, start: datetime, amount: float, unit: Unit | str) -> datetime:
        """Deadline ``amount`` working days or hours after ``start``; returns UTC.

        ``add(start, 0, ...)`` is :meth:`next_working_moment`.
        """
        unit = Unit(unit)
        if amount < 0:
            raise ValueError(f"deadline amount must not be negative, got {amount}")
        per_unit = self.day_seconds if unit is Unit.DAYS else 3600
        return self.add_seconds(start, amount * per_unit)

    # -- measuring --------------------------------------------------------------------------

    def working_seconds_between(self, a: datetime, b: datetime) -> float:
        """Working seconds from ``a`` to ``b``; negative if ``b`` is before ``a``."""
        _require_aware(a, "a")
        _require_aware(b, "b")
        a, b = a.astimezone(UTC), b.astimezone(UTC)
        if b < a:
            return -self.working_seconds_between(b, a)
        total = _ZERO
        first, last = self._local_date(a), self._local_date(b)
        # The first and the last day may be partial; every day between is whole, and all
        # working days are as long (Indonesia keeps one offset all year): count them.
        for day in {first, last}:
            if self.is_working_day(day):
                window_start, window_end = self._window(day)
                overlap = min(b, window_end) - max(a, window_start)
                if overlap > _ZERO:
                    total += overlap
        whole = self.working_days_strictly_between(first, last)
        return total.total_seconds() + whole * self.day_seconds

    def working_days_strictly_between(self, first: date, last: date) -> int:
        """How many working days lie after ``first`` and before ``last``."""
        start, end = first + _ONE_DAY, last  # [start, end)
        if end <= start:
            return 0
        weeks, rest = divmod((end - start).days, 7)
        weekdays = weeks * 5 + sum(
            1 for i in range(rest) if (start + timedelta(days=i)).weekday() < 5
        )
        closed = set()
        for year in range(start.year, end.year + 1):
            closed.update(self._closed(year))
        return weekdays - sum(1 for d in closed if start <= d < end and d.weekday() < 5)

    def remaining(self, now: datetime, due: datetime) -> float:
        """Working seconds left until ``due``; negative once overdue.

        Overdue by wall clock always gives at most -1, even when no working time has passed
        since ``due`` (e.g. due Friday 16:00, now Saturday), so the sign alone tells "overdue".
        """
        _require_aware(now, "now")
        _require_aware(due, "due")
        if now > due:
            return -max(self.working_seconds_between(due, now), 1.0)
        return self.working_seconds_between(now, due)

    def status(self, now: datetime, due: datetime | None, *, warn_days: float = 2) -> str:
        """Traffic light of a deadline.

        ``"none"`` without deadline, ``"red"`` once ``now`` is past ``due``, ``"yellow"`` when
        at most ``warn_days`` working days remain, ``"green"`` otherwise.
        """
        return self.classifier(now, warn_days=warn_days)(due)

    def classifier(self, now: datetime, *, warn_days: float = 2):
        """`status` for many deadlines at one moment: the yellow boundary is worked out
        once, and no deadline costs more than a comparison or two (a wall shows
        thousands)."""
        _require_aware(now, "now")
        boundary = self.add_seconds(now, warn_days * self.day_seconds)
        # No working time can hide more than this after the boundary (the longest
        # Lebaran break with its cuti bersama is shorter).
        gap = timedelta(days=21)

        def status(due: datetime | None) -> str:
            if due is None:
                return "none"
            _require_aware(due, "due")
            if now > due:
                return "red"
            if due <= boundary:
                return "yellow"
            # Due inside the non-working time right after the boundary: the same working
            # time is left as at the boundary.
            if due - boundary < gap and self.working_seconds_between(boundary, due) <= 0:
                return "yellow"
            return "green"

        return status


_HOURS_RE = re.compile(
    r"^\s*(?P<h1>\d{1,2})[:.](?P<m1>\d{2})\s*[-\u2013\u2014]\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\s*$",
    re.ASCII,
)


def parse_hours(text: str) -> tuple[time, time]:
    """Parse working hours such as ``"08:00-16:00"`` into ``(time(8, 0), time(16, 0))``.

    Also accepts the Indonesian dot notation ``"08.00-16.00"`` and an en dash. Raises
    ``ValueError`` with a readable message on bad input.
    """
    match = _HOURS_RE.match(text or "")
    if match is None:
        raise ValueError(
            f"working hours must look like HH:MM-HH:MM (e.g. 08:00-16:00), got {text!r}"
        )
    times = []
    for hour_key, minute_key in (("h1", "m1"), ("h2", "m2")):
        hour, minute = int(match[hour_key]), int(match[minute_key])
        if hour > 23 or minute > 59:
            raise ValueError(f"invalid time {match[hour_key]}:{match[minute_key]} in {text!r}")
        times.append(time(hour, minute))
    start, end = times
    if end <= start:
        raise ValueError(f"working hours must end after they start, got {start:%H:%M}-{end:%H:%M}")
    return start, end
