"""The performance figures of agencies, officers and the city, over a period.

Definitions (shown on the leaders' pages, docs/performance.md):

- A deadline leg is **judged** in the period its deadline falls in, once that deadline
  has passed or the leg has ended: met when it ended by its deadline, missed when it
  ended later or is still running after it. A leg the operator moved to another agency
  before its deadline is not judged (the transfer was allowed); moved after it, it is
  missed by the agency that held it. So every leg is judged exactly once, and an agency
  that never answers does not look perfect.
- **Response time** and **resolution time** are the working hours of the response and
  resolution legs that ended in the period (their own time, pauses excluded).
- **Rework rate**: follow-ups sent back / follow-ups reported, in the period.
  **Reopen rate**: reopened / validated. **Satisfaction**: the mean of the ratings given
  in the period, and how many.
- **Backlog**: the cases an agency holds now (sent to it, or in progress), by their age
  since they reached it.

Every figure comes from a fixed number of grouped queries, whatever the number of
agencies (pinned by the tests).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import BigIntegerField, Case, Count, DateField, F, Func, Q, Sum, Value, When
from django.utils import timezone

from cerdas.agencies.models import Agency
from cerdas.complaints.models import (
    Action,
    Complaint,
    ComplaintEvent,
    ComplaintLeg,
    LegKind,
    State,
)
from cerdas.instructions.queries import on_time_by_agency
from cerdas.lib.scoring import Score, compliance_score, percentile, satisfaction, share

from .models import DailyFigure, Metric, OpenCase, WorkingTimes
from .rollups import parse_seconds

HOLDING_STATES = (State.DISPOSED, State.IN_PROGRESS)


class LocalDate(Func):
    """The city's calendar day of a timestamp, with the database's own functions.

    Django's TruncDate calls back into Python for every row on SQLite; this stays in SQL.
    Indonesia's zones (WIB, WITA, WIT) keep one offset all year, so on SQLite a fixed
    offset is exact."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra):
        zone = settings.CERDAS_TIME_ZONE
        if connection.vendor == "postgresql":
            return super().as_sql(
                compiler, connection, template=f"(%(expressions)s AT TIME ZONE '{zone.key}')::date"
            )
        offset = timezone.now().astimezone(zone).utcoffset()
        hours = int(offset.total_seconds() // 3600)
        return super().as_sql(
            compiler, connection, template=f"date(%(expressions)s, '{hours:+d} hours')"
        )


# Backlog ages in calendar days since the case reached the agency.
AGE_BUCKETS = ((0, 3), (4, 7), (8, 30), (31, None))
HOUR = 3600


@dataclass(frozen=True)
class Period:
    """Whole days in the city's time zone, start and end included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=settings.CERDAS_TIME_ZONE)

    @property
    def until(self) -> datetime:
        return datetime.combine(
            self.end + timedelta(days=1), time.min, tzinfo=settings.CERDAS_TIME_ZONE
        )

    @classmethod
    def last_days(cls, days: int, *, now: datetime | None = None) -> "Period":
        today = timezone.localtime(now or timezone.now(), settings.CERDAS_TIME_ZONE).date()
        return cls(today - timedelta(days=days - 1), today)


@dataclass(frozen=True)
class Filters:
    """Narrow every figure to the cases of some kelurahan/kecamatan or categories."""

    area_ids: tuple[int, ...] = ()  # kelurahan/desa
    category_ids: tuple[int, ...] = ()

    def complaints(self, prefix: str = "") -> Q:
        q = Q()
        if self.area_ids:
            q &= Q(**{f"{prefix}area_id__in": self.area_ids})
        if self.category_ids:
            q &= Q(**{f"{prefix}category_id__in": self.category_ids})
        return q


@dataclass
class Deadline:
    judged: int = 0
    met: int = 0

    @property
    def rate(self) -> float | None:
        return share(self.met, self.judged)


@dataclass
class Durations:
    """Working hours, median and 90th percentile."""

    count: int = 0
    median: float | None = None
    p90: float | None = None

    @classmethod
    def of(cls, seconds: list[int]) -> "Durations":
        # On the seconds, then in hours: as PostgreSQL's percentile_cont gives them.
        ordered = sorted(seconds)
        median, p90 = percentile(ordered, 50), percentile(ordered, 90)
        return cls(
            len(ordered),
            None if median is None else median / HOUR,
            None if p90 is None else p90 / HOUR,
        )


@dataclass
class Scorecard:
    key: int | None  # the agency's or officer's id
    name: str
    received: int = 0
    closed: int = 0
    response: Deadline = field(default_factory=Deadline)
    resolution: Deadline = field(default_factory=Deadline)
    response_time: Durations = field(default_factory=Durations)
    resolution_time: Durations = field(default_factory=Durations)
    follow_ups: int = 0
    reworked: int = 0
    validated: int = 0
    reopened: int = 0
    rated: int = 0
    mean_rating: float | None = None
    backlog: int = 0
    backlog_ages: list[int] = field(default_factory=lambda: [0] * len(AGE_BUCKETS))
    backlog_overdue: int = 0
    instructions_due: int = 0
    instructions_on_time: int = 0
    score: Score | None = None

    @property
    def backlog_by_age(self) -> list[tuple[str, int]]:
        """("0-3", n), ("4-7", n)...: days since the cases reached the unit."""
        labels = [f"{low}–{high}" if high else f"{low}+" for low, high in AGE_BUCKETS]
        return list(zip(labels, self.backlog_ages, strict=True))

    @property
    def rework_rate(self) -> float | None:
        return share(self.reworked, self.follow_ups)

    @property
    def reopen_rate(self) -> float | None:
        return share(self.reopened, self.validated)

    @property
    def judged(self) -> int:
        return self.response.judged + self.resolution.judged

    def finish(self, *, minimum: int) -> "Scorecard":
        rework, reopen = self.rework_rate, self.reopen_rate
        self.score = compliance_score(
            {
                "response_on_time": self.response.rate,
                "resolution_on_time": self.resolution.rate,
                "no_rework": None if rework is None else 1 - rework,
                "no_reopen": None if reopen is None else 1 - reopen,
                "satisfaction": satisfaction(self.mean_rating),
                "instructions_on_time": share(self.instructions_on_time, self.instructions_due),
            },
            judged=self.judged,
            minimum=minimum,
        )
        return self


def _judged_legs(
    period: Period,
    now: datetime,
    filters: Filters,
    kinds=(LegKind.RESPONSE, LegKind.RESOLUTION),
):
    """Legs judged in the period (see the module's docstring)."""
    due = Q(due_at__gte=period.since, due_at__lt=period.until) & (
        Q(due_at__lt=now) | Q(ended_at__isnull=False)
    )
    allowed_transfer = Q(outcome="transferred", ended_at__lte=F("due_at"))
    return (
        ComplaintLeg.objects.filter(due, kind__in=list(kinds))
        .filter(filters.complaints("complaint__"))
        .exclude(allowed_transfer)
    )


@dataclass
class CommandCenterCard:
    """The command center's own deadlines: verifying and sending a report on (3 working
    days by default), and validating an agency's follow-up."""

    verify: Deadline = field(default_factory=Deadline)
    validation: Deadline = field(default_factory=Deadline)
    verify_time: Durations = field(default_factory=Durations)
    waiting: int = 0  # reports waiting for verification now
    waiting_overdue: int = 0


def command_center_card(
    *,
    period: Period,
    filters: Filters = Filters(),  # noqa: B008 (frozen)
    now: datetime | None = None,
) -> CommandCenterCard:
    now = now or timezone.now()
    card = CommandCenterCard()
    kinds = {LegKind.VERIFY: card.verify, LegKind.VALIDATION: card.validation}
    if rollups_answer(filters):
        judged = {Metric.JUDGED_VERIFY: card.verify, Metric.JUDGED_VALIDATION: card.validation}
        for row in _daily(period, filters, judged):
            if row["agency_id"] == 0:
                deadline = judged[row["metric"]]
                deadline.judged, deadline.met = row["n"], row["total"]
        for row in _running_judged(period, now, filters):
            if row["agency_id"] is None and row["kind"] in kinds:
                kinds[row["kind"]].judged += row["n"]
    else:
        rows = (
            _judged_legs(period, now, filters, kinds=tuple(kinds))
            .filter(agency_id__isnull=True)
            .values("kind")
            .annotate(
                judged=Count("id"),
                met=Count("id", filter=Q(ended_at__isnull=False, ended_at__lte=F("due_at"))),
            )
            .order_by()
        )
        for row in rows:
            kinds[row["kind"]].judged, kinds[row["kind"]].met = row["judged"], row["met"]
    card.verify_time = Durations.of(
        list(
            ComplaintLeg.objects.filter(
                filters.complaints("complaint__"),
                kind=LegKind.VERIFY,
                outcome="done",
                ended_at__gte=period.since,
                ended_at__lt=period.until,
                working_seconds__isnull=False,
            ).values_list("working_seconds", flat=True)
        )
    )
    waiting = OpenCase.objects.filter(filters.complaints(), state=State.NEW)
    card.waiting = waiting.count()
    card.waiting_overdue = waiting.filter(due_at__lt=now).count()
    return card


@dataclass(frozen=True)
class Grouping:
    """How each queryset names the unit a figure belongs to, and how raw keys fold into
    the cards' keys (a UPTD's figures into its OPD's), so that no query needs a join."""

    legs: object  # an expression on ComplaintLeg
    events: object  # on ComplaintEvent
    complaints: object  # on Complaint
    only: Q = Q()  # limits the legs and events (e.g. one agency's cases)
    only_complaints: Q = Q()
    fold: dict | None = None  # raw key -> card key; None: the same


def _card_for(cards: dict, fold: dict, key):
    return cards.get(fold.get(key, key))


def _add_judged(card: Scorecard, kind: str, judged: int, met: int) -> None:
    deadline = card.response if kind == LegKind.RESPONSE else card.resolution
    deadline.judged += judged
    deadline.met += met


def _add_step(card: Scorecard, step: str, n: int) -> None:
    match step:
        case Action.FOLLOW_UP:
            card.follow_ups += n
        case Action.REJECT_FOLLOW_UP:
            card.reworked += n
        case Action.VALIDATE:
            card.validated += n
            card.closed += n
        case Action.REOPEN:
            card.reopened += n


def _set_ratings(cards: dict, ratings: dict) -> None:
    for key, (n, total) in ratings.items():
        if key in cards and n:
            cards[key].rated, cards[key].mean_rating = n, round(total / n, 2)


def _fill(cards: dict, *, by: Grouping, period: Period, now: datetime, filters: Filters) -> None:
    """Add every figure to `cards` (by id) from the complaint tables: six grouped
    queries, each on an index. The officers' cards, and any figure narrowed to a place,
    are made here; the OPDs' come from the rollups (`_fill_from_rollups`)."""
    since, until = period.since, period.until
    of_cases = filters.complaints("complaint__")
    fold = by.fold or {}

    judged = (
        _judged_legs(period, now, filters)
        .filter(by.only)
        .values(key=by.legs, leg=F("kind"))
        .annotate(
            judged=Count("id"),
            met=Count("id", filter=Q(ended_at__isnull=False, ended_at__lte=F("due_at"))),
        )
        .order_by()
    )
    for row in judged:
        card = _card_for(cards, fold, row["key"])
        if card is not None:
            _add_judged(card, row["leg"], row["judged"], row["met"])

    received = (
        ComplaintLeg.objects.filter(
            of_cases, by.only, kind=LegKind.RESPONSE, started_at__gte=since, started_at__lt=until
        )
        .values(key=by.legs)
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in received:
        card = _card_for(cards, fold, row["key"])
        if card is not None:
            card.received += row["n"]

    _fill_durations(cards, by=by, period=period, filters=filters)

    events = ComplaintEvent.objects.filter(
        of_cases, by.only, created_at__gte=since, created_at__lt=until
    )
    counted = (
        events.filter(
            action__in=[Action.FOLLOW_UP, Action.REJECT_FOLLOW_UP, Action.VALIDATE, Action.REOPEN]
        )
        .values(key=by.events, step=F("action"))
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counted:
        card = _card_for(cards, fold, row["key"])
        if card is not None:
            _add_step(card, row["step"], row["n"])
    # The ratings need the cases: only the rating events read them.
    ratings = defaultdict(lambda: [0, 0])
    rated = (
        events.filter(action=Action.RATE, complaint__rating__isnull=False)
        .values(key=by.events)
        .annotate(n=Count("id"), total=Sum("complaint__rating"))
        .order_by()
    )
    for row in rated:
        key = fold.get(row["key"], row["key"])
        ratings[key][0] += row["n"]
        ratings[key][1] += row["total"]
    _set_ratings(cards, ratings)

    backlog = Complaint.objects.filter(
        filters.complaints(), by.only_complaints, state__in=HOLDING_STATES
    ).values(key=by.complaints)
    _fill_backlog(cards, fold, backlog, now)


def _fill_durations(cards: dict, *, by: Grouping, period: Period, filters: Filters) -> None:
    """Median and 90th percentile of the working hours of the legs ended in the period:
    exact, so read leg by leg, from a covering index (no table read)."""
    fold = by.fold or {}
    key = by.legs
    if fold:
        key = Case(
            *(When(agency_id=u, then=Value(p)) for u, p in fold.items()),
            default=key,
            output_field=BigIntegerField(),
        )
    ended = (
        ComplaintLeg.objects.filter(
            filters.complaints("complaint__"),
            by.only,
            kind__in=[LegKind.RESPONSE, LegKind.RESOLUTION],
            outcome="done",
            ended_at__gte=period.since,
            ended_at__lt=period.until,
            working_seconds__isnull=False,
        )
        .annotate(unit=key)
        .values("unit", "kind", "working_seconds")
        .order_by()
    )
    found = _percentiles(ended) if connection.vendor == "postgresql" else _in_python(ended)
    _set_durations(cards, found)


def _set_durations(cards: dict, found: dict) -> None:
    """`found`: {(unit, leg kind): Durations}."""
    for (unit, kind), durations in found.items():
        if unit in cards:
            name = "response_time" if kind == LegKind.RESPONSE else "resolution_time"
            setattr(cards[unit], name, durations)


def _in_python(ended) -> dict:
    """Read with the bare cursor: a month of a big city is 100,000+ legs, and the ORM's
    per-row work would cost more than the database's."""
    seconds = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(*ended.query.sql_with_params())
        for unit, kind, value in cursor.fetchall():
            seconds[unit, kind].append(value)
    return {key: Durations.of(values) for key, values in seconds.items()}


def _percentiles(ended) -> dict:
    """PostgreSQL interpolates as `percentile` does (percentile_cont), next to the data."""
    inner, params = ended.query.sql_with_params()
    sql = (
        "SELECT unit, kind, COUNT(*), percentile_cont(ARRAY[0.5, 0.9]) "  # noqa: S608
        f"WITHIN GROUP (ORDER BY working_seconds) FROM ({inner}) AS legs GROUP BY unit, kind"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (unit, kind): Durations(count, median / HOUR, p90 / HOUR)
            for unit, kind, count, (median, p90) in cursor.fetchall()
        }


def _fill_durations_from_rollups(cards: dict, *, fold: dict, period: Period, filters: Filters):
    """The same medians and 90th percentiles as `_fill_durations`, from the day's
    working times (WorkingTimes): a few thousand rows for a month instead of a leg each."""
    rows = WorkingTimes.objects.filter(day__gte=period.start, day__lte=period.end)
    if filters.category_ids:
        rows = rows.filter(category_id__in=filters.category_ids)
    texts = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(*rows.values_list("agency_id", "kind", "seconds").query.sql_with_params())
        for unit, kind, seconds in cursor.fetchall():
            texts[fold.get(unit, unit), kind].append(seconds)
    found = {}
    for (unit, kind), parts in texts.items():
        values = parse_seconds(" ".join(parts)) if unit in cards else None
        if values:
            found[unit, kind] = Durations.of(values)
    _set_durations(cards, found)


def _fill_backlog(cards: dict, fold: dict, held, now: datetime) -> None:
    """`held`: the held cases (Complaint or OpenCase rows) as .values(key=...)."""
    today = timezone.localtime(now, settings.CERDAS_TIME_ZONE).date()

    def midnight(days_ago: int) -> datetime:
        return datetime.combine(
            today - timedelta(days=days_ago), time.min, tzinfo=settings.CERDAS_TIME_ZONE
        )

    ages = {}  # counted on `state` (never empty): the index holds it, the table is not read
    for i, (low, high) in enumerate(AGE_BUCKETS):
        q = Q(disposed_at__lt=midnight(low - 1))
        if high is not None:
            q &= Q(disposed_at__gte=midnight(high))
        ages[f"age{i}"] = Count("state", filter=q)
    backlog = held.annotate(
        n=Count("*"), overdue=Count("state", filter=Q(due_at__lt=now)), **ages
    ).order_by()
    for row in backlog:
        card = _card_for(cards, fold, row["key"])
        if card is not None:
            card.backlog += row["n"]
            card.backlog_overdue += row["overdue"]
            card.backlog_ages = [a + row[f"age{i}"] for i, a in enumerate(card.backlog_ages)]


ROLLED_UP_STEPS = {
    Metric.FOLLOW_UP: Action.FOLLOW_UP,
    Metric.REJECT_FOLLOW_UP: Action.REJECT_FOLLOW_UP,
    Metric.VALIDATE: Action.VALIDATE,
    Metric.REOPEN: Action.REOPEN,
}
ROLLED_UP_JUDGED = {
    Metric.JUDGED_RESPONSE: LegKind.RESPONSE,
    Metric.JUDGED_RESOLUTION: LegKind.RESOLUTION,
}


def _figures(period: Period, filters: Filters, metrics):
    """The rollups' rows of the period (DailyFigure), narrowed to the categories."""
    rows = DailyFigure.objects.filter(
        day__gte=period.start, day__lte=period.end, metric__in=list(metrics)
    )
    if filters.category_ids:
        rows = rows.filter(category_id__in=filters.category_ids)
    return rows


def _daily(period: Period, filters: Filters, metrics):
    """The rollups' figures of the period, per unit and metric."""
    rows = _figures(period, filters, metrics)
    return rows.values("agency_id", "metric").annotate(n=Sum("n"), total=Sum("total")).order_by()


def city_totals(
    period: Period,
    filters: Filters = Filters(),  # noqa: B008 (frozen)
    metrics=(Metric.RECEIVED, Metric.VALIDATE),
    *,
    by_day: bool = False,
):
    """The rollups' city-wide totals of the period: rows of metric (and day) and n."""
    rows = _figures(period, filters, metrics)
    group = ("day", "metric") if by_day else ("metric",)
    return rows.values(*group).annotate(n=Sum("n")).order_by()


def _running_judged(period: Period, now: datetime, filters: Filters):
    """Legs still running past a deadline that falls in the period: judged, missed. (The
    ended legs are in the rollups.) No condition on the kind: the running legs' own
    index answers the deadline range, and other kinds are skipped by the caller."""
    until = min(period.until, now)
    if until <= period.since:
        return []
    return (
        ComplaintLeg.objects.filter(
            filters.complaints("complaint__"),
            ended_at__isnull=True,
            due_at__gte=period.since,
            due_at__lt=until,
        )
        .values("agency_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )


def _fill_from_rollups(
    cards: dict, *, by: Grouping, period: Period, now: datetime, filters: Filters
) -> None:
    """The OPDs' figures from the rollups (performance/rollups.py): the same numbers as
    `_fill` (a test compares them), from a few thousand rows instead of a year of steps."""
    fold = by.fold or {}
    ratings = defaultdict(lambda: [0, 0])
    metrics = [Metric.SENT, Metric.RATE, *ROLLED_UP_STEPS, *ROLLED_UP_JUDGED]
    for row in _daily(period, filters, metrics):
        card = _card_for(cards, fold, row["agency_id"])
        if card is None:
            continue
        metric = row["metric"]
        if metric == Metric.SENT:
            card.received += row["n"]
        elif metric == Metric.RATE:
            key = fold.get(row["agency_id"], row["agency_id"])
            ratings[key][0] += row["n"]
            ratings[key][1] += row["total"]
        elif metric in ROLLED_UP_STEPS:
            _add_step(card, ROLLED_UP_STEPS[metric], row["n"])
        else:
            _add_judged(card, ROLLED_UP_JUDGED[metric], row["n"], row["total"])
    _set_ratings(cards, ratings)
    for row in _running_judged(period, now, filters):
        card = _card_for(cards, fold, row["agency_id"])
        if card is not None and row["kind"] in (LegKind.RESPONSE, LegKind.RESOLUTION):
            _add_judged(card, row["kind"], row["n"], 0)
    _fill_durations_from_rollups(cards, fold=fold, period=period, filters=filters)
    held = OpenCase.objects.filter(
        filters.complaints(), by.only_complaints, state__in=HOLDING_STATES
    ).values(key=by.complaints)
    _fill_backlog(cards, fold, held, now)


def rollups_answer(filters: Filters) -> bool:
    """The rollups are kept per day, unit and category, not per place."""
    return not filters.area_ids


def agency_scorecards(
    *,
    period: Period,
    filters: Filters = Filters(),  # noqa: B008 (frozen)
    agencies=None,
    now: datetime | None = None,
    from_rollups: bool = True,
) -> list[Scorecard]:
    """One scorecard per OPD (its UPTD/bidang counted with it), best score first; those
    with too few cases for a score ("data belum cukup") last, by name. `from_rollups`
    False reads the complaint tables instead (the tests' recount)."""
    now = now or timezone.now()
    opds = list(
        agencies
        if agencies is not None
        else Agency.objects.internal().filter(parent__isnull=True).order_by("name")
    )
    cards = {a.pk: Scorecard(key=a.pk, name=a.short_name or a.name) for a in opds}
    units = dict(Agency.objects.filter(parent_id__in=list(cards)).values_list("pk", "parent_id"))
    ids = [*cards, *units]
    by = Grouping(
        legs=F("agency_id"),
        events=F("agency_id"),
        complaints=F("agency_id"),
        # No condition on the agency for legs and events: other keys are simply not
        # cards. A condition would lead the planner to the agency's index (every case of
        # the agency) instead of the period's.
        only_complaints=Q(agency_id__in=ids),
        fold=units,
    )
    fill = _fill_from_rollups if rollups_answer(filters) and from_rollups else _fill
    fill(cards, by=by, period=period, now=now, filters=filters)
    instructions = on_time_by_agency(
        start=period.since, end=period.until, agency_ids=list(cards), now=now
    )
    for pk, figures in instructions.items():
        # Judged as the deadlines are: parts whose outcome is known.
        cards[pk].instructions_due = figures["on_time"] + figures["late"] + figures["overdue"]
        cards[pk].instructions_on_time = figures["on_time"]
    minimum = settings.CERDAS_SCORE_MIN_CASES
    return sorted((card.finish(minimum=minimum) for card in cards.values()), key=_rank)


def officer_scorecards(
    *,
    agency: Agency,
    period: Period,
    filters: Filters = Filters(),  # noqa: B008 (frozen)
    now: datetime | None = None,
) -> list[Scorecard]:
    """One scorecard per officer of an OPD (and its units), for the cases assigned to
    them now: an officer answers for the cases in their hands."""
    from cerdas.accounts.models import User

    now = now or timezone.now()
    ids = [agency.pk, *Agency.objects.filter(parent=agency).values_list("pk", flat=True)]
    officers = User.objects.filter(agency_id__in=ids, is_active=True).order_by(
        "first_name", "username"
    )
    cards = {u.pk: Scorecard(key=u.pk, name=u.display_name()) for u in officers}
    by = Grouping(
        legs=F("complaint__assigned_officer_id"),
        events=F("complaint__assigned_officer_id"),
        complaints=F("assigned_officer_id"),
        only=Q(agency_id__in=ids, complaint__assigned_officer__isnull=False),
        only_complaints=Q(agency_id__in=ids, assigned_officer__isnull=False),
    )
    _fill(cards, by=by, period=period, now=now, filters=filters)
    minimum = settings.CERDAS_SCORE_MIN_CASES
    return sorted((card.finish(minimum=minimum) for card in cards.values()), key=_rank)


def _rank(card: Scorecard):
    value = card.score.value if card.score else None
    return (value is None, -(value or 0), card.name)


@dataclass
class Summary:
    """The city today (the wall's figures)."""

    day: date
    received: int
    resolved: int
    open: int
    overdue: int
    median_response_hours: float | None  # of the first responses given today
    responses: int


def city_summary(*, now: datetime | None = None, filters: Filters = Filters()) -> Summary:  # noqa: B008
    now = now or timezone.now()
    today = Period.last_days(1, now=now)
    since, until = today.since, today.until
    open_cases = OpenCase.objects.filter(filters.complaints())
    if rollups_answer(filters):
        day = {row["metric"]: row["n"] for row in city_totals(today, filters)}
        received, resolved = day.get(Metric.RECEIVED, 0), day.get(Metric.VALIDATE, 0)
    else:
        steps = ComplaintEvent.objects.filter(
            filters.complaints("complaint__"), created_at__gte=since, created_at__lt=until
        )
        received = steps.filter(action=Action.SUBMIT).count()
        resolved = steps.filter(action=Action.VALIDATE).count()
    figures = {
        "received": received,
        "resolved": resolved,  # validated as done today (a reopened case counts again)
        "open": open_cases.count(),
        "overdue": open_cases.filter(due_at__lt=now).count(),
    }
    seconds = list(
        ComplaintLeg.objects.filter(
            filters.complaints("complaint__"),
            kind=LegKind.RESPONSE,
            outcome="done",
            ended_at__gte=since,
            ended_at__lt=until,
            working_seconds__isnull=False,
        ).values_list("working_seconds", flat=True)
    )
    return Summary(
        day=today.start,
        median_response_hours=Durations.of(seconds).median,
        responses=len(seconds),
        **figures,
    )
