import calendar as _calendar
from datetime import date

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from cerdas.lib import workcal

from .calendar import city_calendar
from .models import Holiday, HolidayKind


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    change_list_template = "admin/workdays/holiday/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("kalender/", view(self.year_view), name="workdays_holiday_year"),
            path("kalender/<int:year>/", view(self.year_view), name="workdays_holiday_year"),
            *super().get_urls(),
        ]

    def year_view(self, request: HttpRequest, year: int | None = None) -> HttpResponse:
        """A year's calendar as deadlines count it: every closed day and why."""
        if not self.has_view_permission(request):
            raise Http404
        year = year or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise Http404
        kinds = _day_kinds(year)
        return TemplateResponse(
            request,
            "admin/workdays/holiday/year.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Kalender kerja %(year)s") % {"year": year},
                "year": year,
                "previous": year - 1,
                "next": year + 1,
                "months": year_months(year, kinds),
                "closed": [(day, kind, name) for day, (kind, name) in sorted(kinds.items())],
            },
        )


def _day_kinds(year: int) -> dict[date, tuple[str, str]]:
    """Each non-ordinary day of the year: (kind, name), as `city_calendar` counts it."""
    kinds: dict[date, tuple[str, str]] = {}
    for day, name in workcal._national_holidays(year).items():
        kinds[day] = ("national", name)
    for day, name in workcal.leave_days(year).items():
        kinds.setdefault(day, ("leave", name))
    for holiday in Holiday.objects.filter(date__year=year):
        if holiday.kind == HolidayKind.CANCELLED:
            kinds[holiday.date] = ("cancelled", holiday.name)
        else:
            kinds.setdefault(holiday.date, ("city", holiday.name))
    return kinds


def year_months(year: int, kinds: dict[date, tuple[str, str]]) -> list[dict]:
    """Twelve month grids (weeks from Monday), each day with its kind and name."""
    working = city_calendar().is_working_day
    months = []
    for month in range(1, 13):
        weeks = []
        for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                kind, name = kinds.get(day, ("weekend" if day.weekday() >= 5 else "", ""))
                row.append({"date": day, "kind": kind, "name": name, "working": working(day)})
            weeks.append(row)
        months.append({"first": date(year, month, 1), "weeks": weeks})
    return months
