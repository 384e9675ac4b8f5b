"""Tests for the working-time calendar (pure Python: run with ``-p no:django``)."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from cerdas.lib.workcal import EXTRA_HOLIDAY_NAME, Unit, WorkCalendar, parse_hours

WITA = ZoneInfo("Asia/Makassar")  # UTC+8, no daylight saving
HOUR = 3600
DAY = 8 * HOUR  # default working day 08:00-16:00

# Idul Fitri 1447 H falls on Saturday 2026-03-21 in the holidays package; the admin adds the
# surrounding cuti bersama days (the exact decree does not matter for the arithmetic).
IDUL_FITRI_CUTI_BERSAMA = frozenset({date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)})


def wita(*args: int) -> datetime:
    return datetime(*args, tzinfo=WITA)


def national(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar(tz=WITA)


# -- working days ---------------------------------------------------------------------------


def test_holiday_dates_used_in_these_tests_match_the_holidays_package():
    assert date(2026, 8, 17) in national(2026)  # Independence Day, a Monday
    assert date(2025, 12, 25) in national(2025)  # Christmas, a Thursday
    assert date(2026, 1, 1) in national(2026)  # New Year, a Thursday
    assert date(2026, 3, 19) in national(2026)  # Nyepi, a Thursday
    assert date(2026, 3, 21) in national(2026)  # Idul Fitri, a Saturday
    week = [date(2026, 2, 2) + timedelta(days=i) for i in range(7)] + [date(2026, 3, 18)]
    assert not any(day in national(2026) for day in week)


def test_weekdays_are_working_days_and_weekends_are_not(cal):
    assert [cal.is_working_day(date(2026, 2, 2) + timedelta(days=i)) for i in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_national_and_extra_holidays_are_not_working_days():
    cal = WorkCalendar(tz=WITA, extra_holidays=IDUL_FITRI_CUTI_BERSAMA)
    assert not cal.is_working_day(date(2026, 8, 17))
    assert not cal.is_working_day(date(2026, 3, 23))
    assert cal.is_working_day(date(2026, 3, 25))


def test_holiday_name_gives_national_name_libur_or_none():
    cal = WorkCalendar(tz=WITA, extra_holidays=IDUL_FITRI_CUTI_BERSAMA)
    expected = holidays.country_holidays("ID", years=2026, language="id")[date(2026, 8, 17)]
    assert cal.holiday_name(date(2026, 8, 17)) == expected
    assert cal.holiday_name(date(2026, 3, 23)) == EXTRA_HOLIDAY_NAME == "Libur"
    assert cal.holiday_name(date(2026, 2, 7)) is None  # a plain Saturday is not a holiday
    assert cal.holiday_name(date(2026, 2, 2)) is None


def test_day_seconds_follows_configured_hours(cal):
    assert cal.day_seconds == DAY
    assert WorkCalendar(tz=WITA, day_start=time(7, 30), day_end=time(12, 0)).day_seconds == 16200


def test_calendar_rejects_day_ending_before_it_starts():
    with pytest.raises(ValueError, match="end after"):
        WorkCalendar(tz=WITA, day_start=time(16, 0), day_end=time(8, 0))


# -- adding working days --------------------------------------------------------------------


def test_monday_morning_plus_three_days_is_thursday_same_time(cal):
    assert cal.add(wita(2026, 2, 2, 10), 3, Unit.DAYS) == wita(2026, 2, 5, 10)


def test_saturday_submission_starts_monday_morning(cal):
    assert cal.add(wita(2026, 2, 7, 11), 3, Unit.DAYS) == wita(2026, 2, 11, 16)


def test_friday_afternoon_plus_one_day_is_monday_afternoon(cal):
    assert cal.add(wita(2026, 2, 6, 15), 1, Unit.DAYS) == wita(2026, 2, 9, 15)


def test_deadline_ending_at_day_end_stays_at_day_end(cal):
    assert cal.add(wita(2026, 2, 2, 8), 1, Unit.DAYS) == wita(2026, 2, 2, 16)
    assert cal.add(wita(2026, 2, 6, 8), 1, "days") == wita(2026, 2, 6, 16)  # not Monday 08:00


def test_submission_outside_hours_starts_at_next_day_start(cal):
    assert cal.add(wita(2026, 2, 2, 6, 30), 2, Unit.HOURS) == wita(2026, 2, 2, 10)
    assert cal.add(wita(2026, 2, 2, 16), 1, Unit.DAYS) == wita(2026, 2, 3, 16)  # 16:00 is closed
    assert cal.add(wita(2026, 2, 2, 20), 1, Unit.DAYS) == wita(2026, 2, 3, 16)


def test_independence_day_is_skipped(cal):
    assert cal.add(wita(2026, 8, 14, 10), 1, Unit.DAYS) == wita(2026, 8, 18, 10)


def test_christmas_and_new_year_are_skipped_across_the_year_boundary(cal):
    assert cal.add(wita(2025, 12, 24, 12), 1, Unit.DAYS) == wita(2025, 12, 26, 12)
    assert cal.add(wita(2025, 12, 31, 10), 1, Unit.DAYS) == wita(2026, 1, 2, 10)


def test_idul_fitri_cuti_bersama_from_admin_extends_deadline(cal):
    start = wita(2026, 3, 18, 10)  # Wednesday before Nyepi (Thu) and Idul Fitri (Sat)
    assert cal.add(start, 2, Unit.DAYS) == wita(2026, 3, 23, 10)
    lebaran = WorkCalendar(tz=WITA, extra_holidays=IDUL_FITRI_CUTI_BERSAMA)
    assert lebaran.add(start, 2, Unit.DAYS) == wita(2026, 3, 26, 10)


def test_extra_holidays_accept_any_iterable_and_keep_calendar_hashable():
    cal = WorkCalendar(tz=WITA, extra_holidays=[date(2026, 2, 3)])  # type: ignore[arg-type]
    assert cal.extra_holidays == frozenset({date(2026, 2, 3)})
    assert hash(cal) == hash(WorkCalendar(tz=WITA, extra_holidays=frozenset({date(2026, 2, 3)})))


def test_working_hours_unit(cal):
    assert cal.add(wita(2026, 2, 2, 15), 4, Unit.HOURS) == wita(2026, 2, 3, 11)
    assert cal.add(wita(2026, 2, 6, 14), 8, "hours") == wita(2026, 2, 9, 14)
    assert cal.add(wita(2026, 2, 2, 10), 0.5, Unit.DAYS) == wita(2026, 2, 2, 14)


def test_short_working_day_counts_days_as_its_own_length():
    cal = WorkCalendar(tz=WITA, day_start=time(8, 0), day_end=time(12, 0))
    assert cal.add(wita(2026, 2, 2, 10), 1, Unit.DAYS) == wita(2026, 2, 3, 10)
    assert cal.add(wita(2026, 2, 2, 10), 4, Unit.HOURS) == wita(2026, 2, 3, 10)


def test_add_zero_is_next_working_moment(cal):
    for start in (wita(2026, 2, 2, 10), wita(2026, 2, 2, 16), wita(2026, 2, 7, 9)):
        assert cal.add(start, 0, Unit.DAYS) == cal.next_working_moment(start)


def test_next_working_moment(cal):
    assert cal.next_working_moment(wita(2026, 2, 2, 10, 15)) == wita(2026, 2, 2, 10, 15)
    assert cal.next_working_moment(wita(2026, 2, 2, 16)) == wita(2026, 2, 3, 8)
    assert cal.next_working_moment(wita(2026, 2, 7, 9)) == wita(2026, 2, 9, 8)
    assert cal.next_working_moment(wita(2026, 8, 16, 23)) == wita(2026, 8, 18, 8)


def test_bad_unit_and_negative_amount_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add(wita(2026, 2, 2, 10), 1, "weeks")
    with pytest.raises(ValueError, match="negative"):
        cal.add(wita(2026, 2, 2, 10), -1, Unit.DAYS)
    with pytest.raises(ValueError, match="negative"):
        cal.add_seconds(wita(2026, 2, 2, 10), -1)


def test_no_working_day_for_400_days_raises_instead_of_looping():
    everything = frozenset(date(2027, 1, 1) + timedelta(days=i) for i in range(800))
    cal = WorkCalendar(tz=WITA, extra_holidays=everything)
    with pytest.raises(ValueError, match="no working day"):
        cal.add(wita(2027, 1, 4, 10), 1, Unit.DAYS)


# -- time zones -----------------------------------------------------------------------------


def test_utc_and_local_input_give_same_utc_result(cal):
    local = cal.add(wita(2026, 2, 2, 10), 3, Unit.DAYS)
    from_utc = cal.add(datetime(2026, 2, 2, 2, tzinfo=UTC), 3, Unit.DAYS)
    from_jakarta = cal.add(datetime(2026, 2, 2, 9, tzinfo=ZoneInfo("Asia/Jakarta")), 3, "days")
    assert local == from_utc == from_jakarta == datetime(2026, 2, 5, 2, tzinfo=UTC)
    assert local.tzinfo is UTC
    assert cal.next_working_moment(wita(2026, 2, 2, 10)).tzinfo is UTC


def test_utc_input_is_judged_by_local_date_and_hours(cal):
    # Sunday 23:00 UTC is Monday 07:00 in Makassar: the clock starts Monday 08:00 local.
    sunday_night_utc = datetime(2026, 2, 1, 23, tzinfo=UTC)
    assert cal.next_working_moment(sunday_night_utc) == wita(2026, 2, 2, 8)


def test_naive_datetimes_are_refused(cal):
    naive = datetime(2026, 2, 2, 10)  # noqa: DTZ001 - deliberately naive
    with pytest.raises(ValueError, match="aware"):
        cal.add(naive, 1, Unit.DAYS)
    with pytest.raises(ValueError, match="aware"):
        cal.next_working_moment(naive)
    with pytest.raises(ValueError, match="aware"):
        cal.working_seconds_between(naive, wita(2026, 2, 3, 10))
    with pytest.raises(ValueError, match="aware"):
        cal.status(naive, wita(2026, 2, 3, 10))


# -- measuring ------------------------------------------------------------------------------


def test_working_seconds_between_skips_weekend_and_holiday_and_is_signed(cal):
    friday, tuesday = wita(2026, 8, 14, 14), wita(2026, 8, 18, 10)  # Monday is 17 Agustus
    assert cal.working_seconds_between(friday, tuesday) == 4 * HOUR
    assert cal.working_seconds_between(tuesday, friday) == -4 * HOUR
    assert cal.working_seconds_between(friday, friday) == 0
    assert cal.working_seconds_between(wita(2026, 2, 7, 9), wita(2026, 2, 8, 18)) == 0


def test_remaining_is_negative_when_overdue(cal):
    due = wita(2026, 2, 5, 10)
    assert cal.remaining(wita(2026, 2, 2, 10), due) == 3 * DAY
    assert cal.remaining(due, due) == 0
    assert cal.remaining(wita(2026, 2, 6, 10), due) == -DAY
    assert cal.remaining(due + timedelta(seconds=1), due) == -1


def test_remaining_is_at_least_minus_one_when_overdue_outside_working_hours(cal):
    due = wita(2026, 2, 6, 16)  # Friday day end
    assert cal.remaining(wita(2026, 2, 7, 10), due) == -1  # Saturday: no working time passed
    assert cal.remaining(wita(2026, 2, 9, 9), due) == -HOUR


def test_status_boundaries(cal):
    due = wita(2026, 2, 5, 10)  # Thursday
    assert cal.status(wita(2026, 2, 2, 10), due) == "green"  # 3 working days left
    assert cal.status(wita(2026, 2, 3, 9, 59), due) == "green"  # just over 2 days
    assert cal.status(wita(2026, 2, 3, 10), due) == "yellow"  # exactly 2 days
    assert cal.status(due, due) == "yellow"
    assert cal.status(due + timedelta(microseconds=1), due) == "red"
    assert cal.status(wita(2026, 2, 7, 10), wita(2026, 2, 6, 16)) == "red"  # overdue at weekend
    assert cal.status(wita(2026, 2, 2, 10), None) == "none"


def test_status_warn_days_is_configurable(cal):
    due = wita(2026, 2, 5, 10)
    assert cal.status(wita(2026, 2, 4, 10), due, warn_days=0.5) == "green"
    assert cal.status(wita(2026, 2, 4, 14), due, warn_days=0.5) == "yellow"
    assert cal.status(wita(2026, 2, 2, 10), due, warn_days=3) == "yellow"


# -- parse_hours ----------------------------------------------------------------------------


def test_parse_hours_accepts_common_notations():
    assert parse_hours("08:00-16:00") == (time(8, 0), time(16, 0))
    assert parse_hours(" 7.30 - 15.30 ") == (time(7, 30), time(15, 30))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "HH:MM-HH:MM"),
        ("8-16", "HH:MM-HH:MM"),
        ("08:00 to 16:00", "HH:MM-HH:MM"),
        ("25:00-26:00", "invalid time"),
        ("08:60-16:00", "invalid time"),
        ("16:00-08:00", "end after"),
        ("08:00-08:00", "end after"),
    ],
)
def test_parse_hours_rejects_bad_input(text, message):
    with pytest.raises(ValueError, match=message):
        parse_hours(text)


# -- property -------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [frozenset(), IDUL_FITRI_CUTI_BERSAMA])
@pytest.mark.parametrize(
    ("day_start", "day_end"), [(time(8, 0), time(16, 0)), (time(7, 30), time(15, 45))]
)
def test_add_then_measure_round_trips_for_random_starts(extra, day_start, day_end):
    cal = WorkCalendar(tz=WITA, day_start=day_start, day_end=day_end, extra_holidays=extra)
    rng = random.Random(20260317)
    origin = datetime(2025, 1, 1, tzinfo=UTC)
    for _ in range(300):
        start = origin + timedelta(seconds=rng.randrange(2 * 365 * 24 * 3600))
        amount = rng.randrange(0, 41) / 2  # 0, 0.5, ..., 20 working days
        due = cal.add(start, amount, Unit.DAYS)
        assert due.tzinfo is UTC
        assert cal.working_seconds_between(start, due) == amount * cal.day_seconds
        local = due.astimezone(WITA)
        assert cal.is_working_day(local.date())
        assert day_start <= local.time() <= day_end
        assert cal.add(start, amount + 0.5, Unit.DAYS) > due


def test_the_status_classifier_agrees_with_counting_the_working_time():
    """`status` compares with a precomputed boundary; counting the working time left,
    as the definition says, must give the same colour for every deadline."""
    import random

    calendar = WorkCalendar(
        tz=ZoneInfo("Asia/Makassar"),
        day_start=time(8, 0),
        day_end=time(16, 0),
        extra_holidays=frozenset({date(2026, 2, 16), date(2026, 3, 20)}),
    )
    rng = random.Random(7)
    start = datetime(2026, 2, 1, tzinfo=UTC)
    for _ in range(400):
        now = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
        colours = calendar.classifier(now)
        for _ in range(10):
            due = now + timedelta(minutes=rng.randrange(-60 * 24 * 10, 60 * 24 * 12))
            if now > due:
                expected = "red"
            elif calendar.working_seconds_between(now, due) <= 2 * calendar.day_seconds:
                expected = "yellow"
            else:
                expected = "green"
            assert colours(due) == expected == calendar.status(now, due), (now, due)


def _day_by_day(cal: WorkCalendar, a: datetime, b: datetime) -> float:
    """The plain definition: every day's overlap with its working hours, summed."""
    total, day = 0.0, cal._local_date(a)
    while day <= cal._local_date(b):
        if cal.is_working_day(day):
            start, end = cal._window(day)
            total += max(0.0, (min(b, end) - max(a, start)).total_seconds())
        day += timedelta(days=1)
    return total


def test_long_spans_count_whole_days_as_the_day_by_day_sum_does():
    cal = WorkCalendar(tz=WITA, extra_holidays={date(2026, 3, 23), date(2026, 12, 24)})
    rng = random.Random(3)
    origin = datetime(2025, 11, 1, tzinfo=UTC)
    for _ in range(300):
        a = origin + timedelta(minutes=rng.randrange(0, 60 * 24 * 500))
        b = a + timedelta(minutes=rng.randrange(0, 60 * 24 * rng.choice([1, 3, 40, 400])))
        assert cal.working_seconds_between(a, b) == _day_by_day(cal, a, b)
        assert cal.working_seconds_between(b, a) == -_day_by_day(cal, a, b)
