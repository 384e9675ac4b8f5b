"""Deadlines around the long holidays of 2026 and 2027, counted by hand from the
SKB 3 Menteri (national holidays and cuti bersama), in the three Indonesian time zones.

Working hours are 08:00-16:00 (8 hours a day). N working days from a moment inside
working hours end at the same clock time on the Nth working day after it; working hours
run on inside the day and go on at 08:00 the next working day.

SKB 2026 - national: 17 Feb Imlek, 19 Mar Nyepi (Thu), 21-22 Mar Idul Fitri (Sat-Sun),
3 Apr Wafat Yesus, 14 May Kenaikan, 27 May Idul Adha (Wed), 31 May Waisak (Sun),
1 Jun Pancasila (Mon), 16 Jun Tahun Baru Islam, 25 Dec Natal (Fri); cuti bersama:
16 Feb, 18 Mar, 20 Mar, 23 Mar, 24 Mar, 15 May, 28 May, 24 Dec.
SKB 2027 - national: 8 Mar Nyepi (Mon), 10-11 Mar Idul Fitri (Wed-Thu), 26 Mar Wafat
Yesus, 17 May Idul Adha (Mon), 20 May Waisak (Thu), 25 Dec Natal (Sat); cuti bersama:
5 Feb, 9 Mar, 12 Mar, 15 Mar, 25 Mar, 18 May, 19 May, 24 Dec.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cerdas.ppid.services import ANSWER_DAYS, EXTENSION_DAYS
from cerdas.workdays.calendar import _forget_calendar, city_calendar

WIB, WITA, WIT = (ZoneInfo(z) for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"))
ZONES = [WIB, WITA, WIT]

# (filed, local time of the city; amount; unit; due, local time)
TABLE = [
    # -- 2026: Nyepi and Idul Fitri -------------------------------------------------------
    # Tue 17 Mar 10:00; 18 cuti, 19 Nyepi, 20 cuti, 21-22 Idul Fitri, 23-24 cuti:
    # 25 Mar (1), 26 Mar (2), 27 Mar (3).
    ("2026-03-17 10:00", 3, "days", "2026-03-27 10:00"),
    # Tue 17 Mar 14:00: 2 h that day, then the next working day is Wed 25 Mar: 2 h more.
    ("2026-03-17 14:00", 4, "hours", "2026-03-25 10:00"),
    # -- 2026: Idul Adha and Waisak -------------------------------------------------------
    # Tue 26 May 11:00; 27 Idul Adha, 28 cuti: Fri 29 May (1); 31 Waisak (Sun),
    # 1 Jun Pancasila: Tue 2 Jun (2), Wed 3 Jun (3).
    ("2026-05-26 11:00", 3, "days", "2026-06-03 11:00"),
    # Tue 26 May 15:30: half an hour, then Fri 29 May 08:00 + 3.5 h.
    ("2026-05-26 15:30", 4, "hours", "2026-05-29 11:30"),
    # -- 2026: Natal ------------------------------------------------------------------------
    # Wed 23 Dec 15:00: 1 h that day; 24 cuti, 25 Natal, weekend: Mon 28 Dec 08:00 + 7 h.
    ("2026-12-23 15:00", 1, "days", "2026-12-28 15:00"),
    # Wed 23 Dec 15:00: 1 h, then Mon 28 Dec 08:00 + 3 h.
    ("2026-12-23 15:00", 4, "hours", "2026-12-28 11:00"),
    # -- 2027: Nyepi and Idul Fitri (the example) -----------------------------------
    # Fri 5 Mar 10:00; 8 Nyepi, 9 cuti, 10-11 Idul Fitri, 12 cuti, 15 cuti:
    # Tue 16 (1), Wed 17 (2), Thu 18 Mar (3).  Without the cuti it would be Mon 15 Mar.
    ("2027-03-05 10:00", 3, "days", "2027-03-18 10:00"),
    # Fri 5 Mar 14:00: 2 h, then Tue 16 Mar 08:00 + 2 h.
    ("2027-03-05 14:00", 4, "hours", "2027-03-16 10:00"),
    # -- 2027: Idul Adha and Waisak ---------------------------------------------------------
    # Fri 14 May 10:00; 17 Idul Adha, 18-19 cuti, 20 Waisak: Fri 21 (1), Mon 24 (2),
    # Tue 25 May (3).
    ("2027-05-14 10:00", 3, "days", "2027-05-25 10:00"),
    # Fri 14 May 15:00: 1 h, then Fri 21 May 08:00 + 3 h.
    ("2027-05-14 15:00", 4, "hours", "2027-05-21 11:00"),
    # -- 2027: Natal ------------------------------------------------------------------------
    # Thu 23 Dec 13:00: 3 h that day; 24 cuti, 25 Natal (Sat): Mon 27 Dec 08:00 + 5 h.
    ("2027-12-23 13:00", 1, "days", "2027-12-27 13:00"),
]

# PPID: an answer within 10 working days, extended by 7 more (UU 14/2008 pasal 22).
# (filed; answer due; extended due) - all local.
PPID_TABLE = [
    # Mon 16 Mar 2026 09:00: 17 (1); 18-24 closed; 25 (2), 26 (3), 27 (4), 30 (5),
    # 31 (6), 1 Apr (7), 2 Apr (8); 3 Apr Wafat Yesus; 6 Apr (9), 7 Apr (10).
    # Then 8, 9, 10, 13, 14, 15, 16 Apr: seven more.
    ("2026-03-16 09:00", "2026-04-07 09:00", "2026-04-16 09:00"),
    # Wed 20 May 2026 09:00: 21, 22, 25, 26 (4); 27-28 closed; 29 (5); 1 Jun closed;
    # 2, 3, 4, 5, 8 Jun (10). Then 9, 10, 11, 12, 15 (5); 16 Jun Tahun Baru Islam;
    # 17 (6), 18 Jun (7).
    ("2026-05-20 09:00", "2026-06-08 09:00", "2026-06-18 09:00"),
    # Mon 1 Mar 2027 09:00: 2, 3, 4, 5 (4); 8-15 closed; 16, 17, 18, 19, 22, 23 (10).
    # Then 24 (1); 25 cuti, 26 Wafat Yesus; 29, 30, 31, 1 Apr, 2 Apr, 5 Apr (7).
    ("2027-03-01 09:00", "2027-03-23 09:00", "2027-04-05 09:00"),
    # Mon 6 Dec 2027 10:00: 7, 8, 9, 10, 13, 14, 15, 16, 17, 20 Dec (10).
    # Then 21, 22, 23 (3); 24 cuti; 27, 28, 29, 30 Dec (7).
    ("2027-12-06 10:00", "2027-12-20 10:00", "2027-12-30 10:00"),
]

# One moment, three cities: Fri 5 Mar 2027 07:30 UTC is 14:30 WIB, 15:30 WITA and
# 16:30 WIT (after hours). 4 working hours:
ONE_MOMENT = datetime.fromisoformat("2027-03-05 07:30+00:00")
ONE_MOMENT_DUE = [
    # 1.5 h on Friday, then Tue 16 Mar 08:00 + 2.5 h.
    (WIB, "2027-03-16 10:30"),
    # 0.5 h on Friday, then Tue 16 Mar 08:00 + 3.5 h.
    (WITA, "2027-03-16 11:30"),
    # Friday's working hours are over: Tue 16 Mar 08:00 + 4 h.
    (WIT, "2027-03-16 12:00"),
]


def _local(text: str, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.fixture
def in_zone(db, settings):
    def use(zone):
        settings.CERDAS_TIME_ZONE = zone
        settings.CERDAS_WORKING_HOURS = "08:00-16:00"
        _forget_calendar()
        return city_calendar()

    yield use
    _forget_calendar()


@pytest.mark.parametrize("zone", ZONES, ids=["WIB", "WITA", "WIT"])
@pytest.mark.parametrize(("filed", "amount", "unit", "due"), TABLE)
def test_complaint_deadlines(in_zone, zone, filed, amount, unit, due):
    calendar = in_zone(zone)
    got = calendar.add(_local(filed, zone), amount, unit)
    assert got.astimezone(zone) == _local(due, zone)


@pytest.mark.parametrize("zone", ZONES, ids=["WIB", "WITA", "WIT"])
@pytest.mark.parametrize(("filed", "answer", "extended"), PPID_TABLE)
def test_ppid_deadlines(in_zone, zone, filed, answer, extended):
    calendar = in_zone(zone)
    due = calendar.add(_local(filed, zone), ANSWER_DAYS, "days")
    assert due.astimezone(zone) == _local(answer, zone)
    assert calendar.add(due, EXTENSION_DAYS, "days").astimezone(zone) == _local(extended, zone)


@pytest.mark.parametrize(("zone", "due"), ONE_MOMENT_DUE)
def test_one_moment_in_three_zones(in_zone, zone, due):
    assert in_zone(zone).add(ONE_MOMENT, 4, "hours").astimezone(zone) == _local(due, zone)
