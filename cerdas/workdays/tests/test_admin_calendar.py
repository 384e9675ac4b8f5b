"""The admin's year calendar, and the admin changing a leave day (deadlines follow)."""

from datetime import date

import pytest
from django.urls import reverse

from cerdas.workdays.calendar import city_calendar
from cerdas.workdays.models import Holiday, HolidayKind

pytestmark = pytest.mark.django_db

YEAR_2027 = reverse("admin:workdays_holiday_year", args=[2027])


def _cell(html: str, day: str) -> str:
    start = html.rindex("<td", 0, html.index(f'data-date="{day}"'))
    return html[start : html.index(">", start)]


def test_the_year_calendar_marks_each_closed_day_and_why(client, city):
    Holiday.objects.create(date=date(2027, 7, 14), name="HUT Kota", kind=HolidayKind.LOCAL)
    Holiday.objects.create(date=date(2027, 3, 12), name="Batal", kind=HolidayKind.CANCELLED)
    client.force_login(city.admin)
    response = client.get(YEAR_2027)
    assert response.status_code == 200
    html = response.content.decode()
    # Nyepi (national), the SKB leave day after it, a city's own day, a cancelled leave day
    # (a working day again), an ordinary Tuesday and a Saturday.
    assert 'class="d-national"' in _cell(html, "2027-03-08")
    assert 'class="d-leave"' in _cell(html, "2027-03-09")
    assert 'data-working="0"' in _cell(html, "2027-03-09")
    assert 'class="d-city"' in _cell(html, "2027-07-14")
    assert 'class="d-cancelled"' in _cell(html, "2027-03-12")
    assert 'data-working="1"' in _cell(html, "2027-03-12")
    assert 'class="d-work"' in _cell(html, "2027-03-02")
    assert 'class="d-weekend"' in _cell(html, "2027-03-06")
    assert "HUT Kota" in html
    assert html.count('<table class="month">') == 12
    assert reverse("admin:workdays_holiday_year", args=[2028]) in html


def test_the_admin_cancels_and_moves_a_leave_day_and_the_calendar_follows(client, city):
    assert not city_calendar().is_working_day(date(2027, 3, 9))
    client.force_login(city.admin)
    add = reverse("admin:workdays_holiday_add")
    # Move the 9 March leave day to Friday 2 April: cancel one, add the other.
    for day, kind in (("2027-03-09", HolidayKind.CANCELLED), ("2027-04-02", HolidayKind.OTHER)):
        response = client.post(add, {"date": day, "name": "Pindah cuti", "kind": kind})
        assert response.status_code == 302, response.content.decode()[:2000]
    calendar = city_calendar()
    assert calendar.is_working_day(date(2027, 3, 9))
    assert not calendar.is_working_day(date(2027, 4, 2))


@pytest.mark.parametrize(
    ("day", "kind", "error"),
    [
        ("2027-03-02", HolidayKind.CANCELLED, "bukan cuti bersama"),  # an ordinary day
        ("2027-03-09", HolidayKind.LOCAL, "sudah hari libur"),  # already a leave day
        ("2027-03-06", HolidayKind.LOCAL, "Sabtu atau Minggu"),
    ],
)
def test_a_wrong_day_is_refused_and_nothing_changes(client, city, day, kind, error):
    client.force_login(city.admin)
    response = client.post(
        reverse("admin:workdays_holiday_add"), {"date": day, "name": "X", "kind": kind}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Holiday.objects.exists()


@pytest.mark.parametrize("who", ["operator", "head", "citizen", None])
def test_only_the_admin_sees_the_year_calendar(client, city, who):
    if who:
        client.force_login(getattr(city, who))
    response = client.get(YEAR_2027)
    assert response.status_code == 302 and "/login/" in response["Location"]
