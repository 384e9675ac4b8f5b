"""The performance figures the leaders' pages show, for other tools: the wall's figures
and one scorecard per agency. Definitions in docs/performance.md."""

from dataclasses import asdict
from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, model_validator

from cerdas.accounts.models import Role
from cerdas.agencies.models import Agency
from cerdas.api.models import SCOPE_READ_ALL
from cerdas.performance.queries import Period, agency_scorecards, city_summary

from .. import auth
from ..access import Principal
from ..schemas import ScorecardOut, SummaryOut
from .common import errors

router = Router(tags=["Performance"], auth=auth.KEY_AUTH)

# A scorecard over more than a year is a report, not a dashboard: ask for it per year.
MAX_DAYS = 366


def _readable_agencies(principal: Principal):
    """All OPDs for leaders, the command center and `read_all` keys; their own OPD for an
    agency head; otherwise nobody (403)."""
    user = principal.user
    everything = Agency.objects.internal().filter(parent__isnull=True).order_by("name")
    if principal.key is not None and principal.key.has_scope(SCOPE_READ_ALL):
        return everything
    if user is not None and user.sees_all_complaints:
        return everything
    if user is not None and user.role == Role.AGENCY_HEAD and user.agency_id:
        opd = user.agency.parent_id or user.agency_id
        return everything.filter(pk=opd)
    raise HttpError(403, _("Angka kinerja hanya untuk pimpinan, command center dan kepala OPD."))


class PeriodIn(Schema):
    start: date = Field(description="first day, in the city's time zone")
    end: date = Field(description="last day, included")

    @model_validator(mode="after")
    def _ordered(self):
        if not (date(2000, 1, 1) <= self.start and self.end <= date(2100, 12, 31)):
            raise ValueError("dates from 2000-01-01 to 2100-12-31")
        if self.end < self.start:
            raise ValueError("end is before start")
        if (self.end - self.start).days >= MAX_DAYS:
            raise ValueError(f"at most {MAX_DAYS} days")
        return self


@router.get(
    "/stats/summary",
    response={200: SummaryOut, **errors(401, 403, 429)},
    summary="The city today (the command center wall's figures)",
    url_name="stats_summary",
)
def stats_summary(request: HttpRequest):
    """Reports received and resolved today, open and overdue now, and the median first
    response given today in working hours."""
    principal: Principal = request.auth
    agencies = _readable_agencies(principal)
    if agencies.count() != Agency.objects.internal().filter(parent__isnull=True).count():
        raise HttpError(403, _("Ringkasan kota hanya untuk pimpinan dan command center."))
    return asdict(city_summary())


@router.get(
    "/stats/agencies",
    response={200: list[ScorecardOut], **errors(401, 403, 422, 429)},
    summary="One scorecard per agency for a period",
    url_name="stats_agencies",
)
def stats_agencies(request: HttpRequest, period: Query[PeriodIn]):
    """Every OPD's scorecard (its UPTD and bidang counted with it), best score first;
    those with too few cases for a score last (`score` null, "data belum cukup")."""
    principal: Principal = request.auth
    agencies = _readable_agencies(principal)
    cards = agency_scorecards(period=Period(period.start, period.end), agencies=agencies)
    codes = dict(agencies.values_list("pk", "code"))
    return [_card(card, codes[card.key]) for card in cards]


def _card(card, code: str) -> dict:
    return {
        "agency": code,
        "name": card.name,
        "received": card.received,
        "closed": card.closed,
        "response_on_time": {**asdict(card.response), "rate": card.response.rate},
        "resolution_on_time": {**asdict(card.resolution), "rate": card.resolution.rate},
        "response_hours": asdict(card.response_time),
        "resolution_hours": asdict(card.resolution_time),
        "follow_ups": card.follow_ups,
        "rework_rate": card.rework_rate,
        "validated": card.validated,
        "reopen_rate": card.reopen_rate,
        "rated": card.rated,
        "mean_rating": card.mean_rating,
        "backlog": card.backlog,
        "backlog_overdue": card.backlog_overdue,
        "backlog_ages": card.backlog_ages,
        "score": card.score.value,
        "zone": card.score.zone or None,
    }
