"""The leaders' pages (pimpinan): the city's figures, every agency's scorecard, and the
drill-down agency -> officers -> cases. Mobile first: a leader reads them on a phone.

Leaders, the command center and the admin see every agency; an agency head sees only
their own (the overview sends them there). Definitions: docs/performance.md.
"""

from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cerdas.accounts.models import Role
from cerdas.agencies.models import Agency
from cerdas.areas.models import Area
from cerdas.complaints import icons
from cerdas.complaints.models import Complaint
from cerdas.complaints.views.common import role_required
from cerdas.lib.scoring import GREEN_FROM, WEIGHTS, YELLOW_FROM
from cerdas.news.banners import banners_data
from cerdas.performance.queries import (
    AGE_BUCKETS,
    HOLDING_STATES,
    agency_scorecards,
    city_summary,
    command_center_card,
    officer_scorecards,
)

from . import reports
from .digest import digest_for
from .forms import PerformanceFilterForm
from .models import DisplayToken
from .wall import wall_data

# How often the wall asks for fresh data: a new report shows within this, plus the answer.
POLL_SECONDS = 3


def _sees_all(user) -> bool:
    return user.sees_all_complaints


def _is_leader_or_head(user) -> bool:
    return user.sees_all_complaints or (user.role == Role.AGENCY_HEAD and user.agency_id)


leaders_required = role_required(_is_leader_or_head)


def _opd_of(user) -> Agency | None:
    if user.agency_id is None:
        return None
    return user.agency.parent if user.agency.parent_id else user.agency


def _months() -> list[tuple[int, int]]:
    """This month and the two before it, for the monthly report's links."""
    today = timezone.localtime(timezone.now(), settings.CERDAS_TIME_ZONE).date()
    months, year, month = [], today.year, today.month
    for _ in range(3):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def _context(form: PerformanceFilterForm) -> dict:
    period, filters = form.results()
    return {
        "months": _months(),
        "form": form,
        "period": period,
        "filters": filters,
        "weights": WEIGHTS,
        "green_from": GREEN_FROM,
        "yellow_from": YELLOW_FROM,
        "age_buckets": AGE_BUCKETS,
        "query": form.data.urlencode() if form.is_bound else "",
    }


@leaders_required
def overview(request: HttpRequest) -> HttpResponse:
    if not _sees_all(request.user):
        return redirect("dashboards:agency", code=_opd_of(request.user).code)
    form = PerformanceFilterForm(request.GET or None)
    context = _context(form)
    now = timezone.now()
    cards = agency_scorecards(period=context["period"], filters=context["filters"], now=now)
    codes = dict(Agency.objects.filter(pk__in=[c.key for c in cards]).values_list("pk", "code"))
    for card in cards:
        card.code = codes[card.key]
    context.update(
        summary=city_summary(now=now, filters=context["filters"]),
        command_center=command_center_card(
            period=context["period"], filters=context["filters"], now=now
        ),
        # An OPD without a case in the period and none open (a kabupaten's seventeen
        # kecamatan offices, most months) is named in one line, not given an empty card.
        cards=[c for c in cards if c.received or c.backlog],
        idle=[c for c in cards if not (c.received or c.backlog)],
        ranked=[c for c in cards if c.score.value is not None],
    )
    template = "dashboards/leaders.html"
    if request.htmx:
        return render(request, f"{template}#figures", context)
    return render(request, template, context)


@leaders_required
def agency(request: HttpRequest, code: str) -> HttpResponse:
    """One OPD: its scorecard, its officers' scorecards and the cases it holds."""
    opd = Agency.objects.internal().filter(code=code, parent__isnull=True).first()
    if opd is None:
        raise Http404
    if not _sees_all(request.user) and _opd_of(request.user) != opd:
        raise Http404  # another agency's figures do not exist for this head
    form = PerformanceFilterForm(request.GET or None)
    context = _context(form)
    now = timezone.now()
    (card,) = agency_scorecards(
        period=context["period"], filters=context["filters"], agencies=[opd], now=now
    )
    officers = officer_scorecards(
        agency=opd, period=context["period"], filters=context["filters"], now=now
    )
    officer_id = request.GET.get("petugas")
    cases = (
        Complaint.objects.filter(context["filters"].complaints())
        .filter(state__in=HOLDING_STATES)
        .filter(agency__in=[opd, *opd.children.all()])
        .select_related("category", "area", "assigned_officer", "agency")
        .by_urgency()
    )
    chosen = None
    if officer_id:
        chosen = next((o for o in officers if str(o.key) == officer_id), None)
        if chosen is None:
            raise Http404
        cases = cases.filter(assigned_officer_id=chosen.key)
    context.update(
        opd=opd,
        card=card,
        officers=officers,
        chosen=chosen,
        cases=cases[:50],
        now=now,
        sees_all=_sees_all(request.user),
    )
    return render(request, "dashboards/agency.html", context)


# --- the command center wall (a TV, opened with a display token) -----------------------


def _display_token(token: str) -> DisplayToken:
    found = DisplayToken.authenticate(token)
    if found is None:
        raise Http404  # revoked or unknown: nothing to see, and nothing else either
    return found


def _rotation(request: HttpRequest) -> list[dict]:
    """`?putar=71.71.01,71.71.02&detik=30`: the walls to rotate through (kecamatan or
    kelurahan codes; empty for the whole city)."""
    codes = [c.strip() for c in request.GET.get("putar", "").split(",") if c.strip()]
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    return [{"code": c, "name": areas[c].name} for c in codes if c in areas]


@require_GET
def wall(request: HttpRequest, token: str) -> HttpResponse:
    _display_token(token)
    try:
        seconds = max(10, min(600, int(request.GET.get("detik", "30"))))
    except ValueError:
        seconds = 30
    context = {
        "token": token,
        "rotation": _rotation(request),
        "rotate_seconds": seconds,
        "poll_seconds": POLL_SECONDS,
        "icons": icons.catalogue(),
    }
    response = render(request, "dashboards/wall.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


@require_GET
def wall_data_view(request: HttpRequest, token: str) -> JsonResponse:
    _display_token(token)
    data = wall_data(area_code=request.GET.get("wilayah", ""))
    data["banners"] = banners_data()  # city-wide, whatever the area shown
    response = JsonResponse(data, json_dumps_params={"separators": (",", ":")})
    response["Cache-Control"] = "no-store"
    return response


# --- the monthly report ----------------------------------------------------------------


@leaders_required
@require_GET
def monthly_report(request: HttpRequest, year: int, month: int, fmt: str) -> HttpResponse:
    """Every OPD's scorecard for one calendar month (an agency head: their own)."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    period = reports.month_period(year, month)
    agencies = None if _sees_all(request.user) else [_opd_of(request.user)]
    cards = agency_scorecards(period=period, agencies=agencies)
    if fmt == "pdf":
        body, kind = reports.monthly_pdf(period, cards), "application/pdf"
    else:
        body = reports.monthly_xlsx(period, cards)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=kind)
    name = f"kinerja-{year}-{month:02d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the daily digest (the same content the leaders get by e-mail) -----------------------


@role_required(_sees_all)
@require_GET
def digest(request: HttpRequest) -> HttpResponse:
    today = timezone.localtime(timezone.now(), settings.CERDAS_TIME_ZONE).date()
    day = today - timedelta(days=1)
    if request.GET.get("hari"):
        try:
            day = date.fromisoformat(request.GET["hari"])
        except ValueError:
            raise Http404 from None
        if not date(2000, 1, 1) <= day <= today:
            raise Http404
    context = {"digest": digest_for(day), "city": settings.CERDAS_CITY_NAME}
    return render(request, "dashboards/digest.html", context)
