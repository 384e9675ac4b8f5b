"""Keep the rollups (models.py) as the complaint services change things, and rebuild them.

Counted where the change is made, in its transaction (written last, see `held_counts`):
- every recorded step (the `event_recorded` signal, receivers.py): the counted actions
  into DailyFigure, and the case's row in OpenCase written or removed;
- the deadline legs (complaints/services.py `_start_leg`, `_end_leg`): the cases an
  agency received, each ended leg judged once, on the day of its deadline, and the
  working time of each response and resolution done, on the day it ended
  (WorkingTimes).

What is counted are facts that never change afterwards (a step, a leg that ended), so a
recount of the complaint tables gives the same figures: `recount()` is that recount,
`rebuild()` replaces what is kept with it (after a bulk import, `cerdas seed`, or an
edit made outside the services), and the tests compare the two.
"""

import functools
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from cerdas.complaints.models import OPEN_STATES, Action, Complaint, ComplaintEvent, ComplaintLeg

from .models import DailyFigure, Metric, OpenCase, WorkingTimes

__all__ = ["OpenCase", "rebuild", "recount", "stored"]

# The steps counted per day, and the figure each one adds to.
COUNTED_ACTIONS = {
    Action.SUBMIT: Metric.RECEIVED,
    Action.FOLLOW_UP: Metric.FOLLOW_UP,
    Action.REJECT_FOLLOW_UP: Metric.REJECT_FOLLOW_UP,
    Action.VALIDATE: Metric.VALIDATE,
    Action.REOPEN: Metric.REOPEN,
    Action.RATE: Metric.RATE,
}
JUDGED = {
    "verify": Metric.JUDGED_VERIFY,
    "response": Metric.JUDGED_RESPONSE,
    "resolution": Metric.JUDGED_RESOLUTION,
    "validation": Metric.JUDGED_VALIDATION,
}
# An agency (not the command center) is named on the submit step only when an officer
# entered the report; the intake is the city's, whoever holds it.
CITY_WIDE = {Metric.RECEIVED}

Key = tuple[date, str, int, int]  # day, metric, agency id (0: none), category id


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment, settings.CERDAS_TIME_ZONE).date()


# A day's row is shared by every change of that day, unit and category (all of a day's
# reports of one category add to one "received" row): a transaction that updates it holds
# its lock until it commits, and concurrent filings then wait for each other. So a
# complaint service holds its counts and writes them as its last statements, in key order
# (two transactions never wait for each other's rows crosswise).
_held = threading.local()


@dataclass
class _Counts:
    """What a complaint service counted, until its end."""

    figures: dict = field(default_factory=dict)  # DailyFigure key: (n, total)
    times: defaultdict = field(default_factory=lambda: defaultdict(list))  # key: tokens

    def copy(self) -> "_Counts":
        return _Counts(
            dict(self.figures), defaultdict(list, {k: list(v) for k, v in self.times.items()})
        )


@contextmanager
def held_counts():
    """Inside a transaction: hold the rollup counts of this block and write them at its
    end. Nested blocks leave them to the outermost; a block that fails takes its own back."""
    held = getattr(_held, "counts", None)
    if held is not None:
        before = held.copy()
        try:
            yield
        except BaseException:
            _held.counts = before
            raise
        return
    _held.counts = _Counts()
    try:
        yield
        held = _held.counts
        for key in sorted(held.figures):
            _upsert_figure(key, *held.figures[key])
        for key in sorted(held.times):
            _upsert_times(key, "".join(held.times[key]))
    finally:
        _held.counts = None


def counted(service):
    """A complaint service in one transaction whose rollup counts are written last."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), held_counts():
            return service(*args, **kwargs)

    return wrapper


def _add(key: Key, n: int = 1, total: int = 0) -> None:
    held = getattr(_held, "counts", None)
    if held is None:
        _upsert_figure(key, n, total)
    else:
        n0, total0 = held.figures.get(key, (0, 0))
        held.figures[key] = (n0 + n, total0 + total)


def _append_seconds(key: Key, token: str) -> None:
    held = getattr(_held, "counts", None)
    if held is None:
        _upsert_times(key, token)
    else:
        held.times[key].append(token)


def _upsert(model, what: str, key: Key, values: dict, merge: str) -> None:
    """Insert the row of `key` (day, `what`: its metric or kind, agency, category) with
    `values`, or fold them into the row already there (`merge`: the SET clause, `{t}` the
    table) in the same statement: nothing is read first, so no count is ever lost."""
    day, name, agency_id, category_id = key
    table = model._meta.db_table
    columns = ", ".join(values)
    slots = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, {what}, agency_id, category_id, {columns}) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s, {slots}) "
            f"ON CONFLICT (day, {what}, agency_id, category_id) DO UPDATE SET "
            + merge.format(t=table),
            [
                connection.ops.adapt_datefield_value(day),
                str(name),
                agency_id,
                category_id,
                *values.values(),
            ],
        )


def _upsert_figure(key: Key, n: int, total: int) -> None:
    merge = "n = {t}.n + excluded.n, total = {t}.total + excluded.total"
    _upsert(DailyFigure, "metric", key, {"n": n, "total": total}, merge)


def _upsert_times(key: Key, tokens: str) -> None:
    merge = "seconds = {t}.seconds || excluded.seconds"
    _upsert(WorkingTimes, "kind", key, {"seconds": tokens}, merge)


# The legs whose working time the scorecards show (median and 90th percentile).
TIMED = ("response", "resolution")


def parse_seconds(text: str) -> list[int]:
    """The values of a WorkingTimes text (or several joined by a space), those taken
    back (with a minus sign) removed once each."""
    if "-" not in text:
        return list(map(int, text.split()))
    kept: Counter = Counter()
    for token in text.split():
        if token.startswith("-"):
            kept[int(token[1:])] -= 1
        else:
            kept[int(token)] += 1
    return list(kept.elements())


# --- kept by the services -------------------------------------------------------------


def step_recorded(event: ComplaintEvent, complaint: Complaint) -> None:
    metric = COUNTED_ACTIONS.get(event.action)
    if metric is not None:
        agency = 0 if metric in CITY_WIDE else event.agency_id or 0
        total = (complaint.rating or 0) if metric == Metric.RATE else 0
        _add((local_day(event.created_at), metric, agency, complaint.category_id), 1, total)
    case_changed(complaint)


def case_changed(complaint: Complaint) -> None:
    """Write the case's open-case row, or remove it once the case is no longer open."""
    if complaint.state not in OPEN_STATES:
        OpenCase.objects.filter(complaint_id=complaint.pk).delete()
        return
    OpenCase.objects.bulk_create(
        [_open_case(complaint)],
        update_conflicts=True,
        unique_fields=["complaint"],
        update_fields=[f.name for f in OpenCase._meta.concrete_fields if not f.primary_key],
    )


def _open_case(c) -> OpenCase:
    return OpenCase(
        complaint_id=c.pk,
        code=c.code,
        state=c.state,
        privacy=c.privacy,
        agency_id=c.agency_id or 0,
        category_id=c.category_id,
        area_id=c.area_id or 0,
        latitude=c.latitude,
        longitude=c.longitude,
        due_at=c.due_at,
        disposed_at=c.disposed_at,
    )


def leg_started(leg: ComplaintLeg, category_id: int) -> None:
    if leg.kind == "response":
        _add((local_day(leg.started_at), Metric.SENT, leg.agency_id or 0, category_id))


def leg_ended(leg: ComplaintLeg, category_id: int, *, undo: bool = False) -> None:
    """Judge the leg once, in the period of its deadline (performance/queries.py): met
    when it ended by then; a transfer before its deadline is not judged. `undo`: the leg
    runs again (a follow-up sent back), its judgment is taken back until it ends again,
    and so is its working time."""
    if leg.kind in TIMED and leg.outcome == "done" and leg.working_seconds is not None:
        key = (local_day(leg.ended_at), leg.kind, leg.agency_id or 0, category_id)
        _append_seconds(key, f" {'-' if undo else ''}{leg.working_seconds}")
    if leg.outcome == "transferred" and leg.ended_at <= leg.due_at:
        return
    sign = -1 if undo else 1
    met = int(leg.ended_at <= leg.due_at)
    key = (local_day(leg.due_at), JUDGED[leg.kind], leg.agency_id or 0, category_id)
    _add(key, sign, sign * met)


# --- recount and rebuild ---------------------------------------------------------------


def recount() -> Counter:
    """Every DailyFigure as the complaint tables give it now: {key: (n, total)}."""
    from .queries import LocalDate  # queries reads the rollups: import it late

    figures: Counter = Counter()

    def put(rows, metric_of):
        for row in rows:
            day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(row["day"])
            metric = metric_of(row)
            agency = 0 if metric in CITY_WIDE else row["unit"] or 0
            key = (day, str(metric), agency, row["cat"])
            n, total = figures.get(key, (0, 0))
            figures[key] = (n + row["n"], total + (row.get("total") or 0))

    steps = (
        ComplaintEvent.objects.filter(action__in=list(COUNTED_ACTIONS))
        .exclude(action=Action.RATE)
        .values(
            day=LocalDate("created_at"),
            step=F("action"),
            unit=F("agency_id"),
            cat=F("complaint__category_id"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    put(steps, lambda row: COUNTED_ACTIONS[row["step"]])
    ratings = (
        ComplaintEvent.objects.filter(action=Action.RATE, complaint__rating__isnull=False)
        .values(
            day=LocalDate("created_at"),
            unit=F("agency_id"),
            cat=F("complaint__category_id"),
        )
        .annotate(n=Count("id"), total=Sum("complaint__rating"))
        .order_by()
    )
    put(ratings, lambda row: Metric.RATE)
    sent = (
        ComplaintLeg.objects.filter(kind="response")
        .values(
            day=LocalDate("started_at"),
            unit=F("agency_id"),
            cat=F("complaint__category_id"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    put(sent, lambda row: Metric.SENT)
    judged = (
        ComplaintLeg.objects.filter(ended_at__isnull=False)
        .exclude(outcome="transferred", ended_at__lte=F("due_at"))
        .values(
            day=LocalDate("due_at"),
            leg=F("kind"),
            unit=F("agency_id"),
            cat=F("complaint__category_id"),
        )
        .annotate(n=Count("id"), total=Count("id", filter=Q(ended_at__lte=F("due_at"))))
        .order_by()
    )
    put(judged, lambda row: JUDGED[row["leg"]])
    return figures


def times_recount() -> dict:
    """Every WorkingTimes as the legs give it now: {(day, kind, agency, category): the
    seconds, sorted}."""
    from .queries import LocalDate

    times = defaultdict(list)
    legs = ComplaintLeg.objects.filter(
        kind__in=TIMED, outcome="done", working_seconds__isnull=False
    ).values_list(
        LocalDate("ended_at"), "kind", "agency_id", "complaint__category_id", "working_seconds"
    )
    for day, kind, agency_id, category_id, seconds in legs.iterator(chunk_size=20_000):
        day = day if isinstance(day, date) else date.fromisoformat(day)
        times[day, kind, agency_id or 0, category_id].append(seconds)
    return {key: sorted(values) for key, values in times.items()}


def times_stored() -> dict:
    found = {}
    for t in WorkingTimes.objects.all():
        values = sorted(parse_seconds(t.seconds))
        if values:
            found[t.day, t.kind, t.agency_id, t.category_id] = values
    return found


def stored() -> Counter:
    return Counter(
        {
            (d.day, d.metric, d.agency_id, d.category_id): (d.n, d.total)
            for d in DailyFigure.objects.filter(Q(n__gt=0) | Q(total__gt=0))
        }
    )


def open_cases_recount() -> dict:
    return {
        c.pk: _open_case(c)
        for c in Complaint.objects.filter(state__in=OPEN_STATES).only(
            "id",
            "code",
            "state",
            "privacy",
            "agency_id",
            "category_id",
            "area_id",
            "latitude",
            "longitude",
            "due_at",
            "disposed_at",
        )  # fmt: skip
    }


@transaction.atomic
def rebuild(batch: int = 5000) -> tuple[int, int]:
    """Replace the rollups with a recount. Returns (daily figures, open cases)."""
    WorkingTimes.objects.all().delete()
    WorkingTimes.objects.bulk_create(
        (
            WorkingTimes(
                day=d, kind=k, agency_id=a, category_id=c, seconds=" ".join(map(str, values))
            )
            for (d, k, a, c), values in times_recount().items()
        ),
        batch_size=batch,
    )
    figures = recount()
    DailyFigure.objects.all().delete()
    DailyFigure.objects.bulk_create(
        (
            DailyFigure(day=d, metric=m, agency_id=a, category_id=c, n=n, total=t)
            for (d, m, a, c), (n, t) in figures.items()
        ),
        batch_size=batch,
    )
    OpenCase.objects.all().delete()
    cases = open_cases_recount()
    OpenCase.objects.bulk_create(cases.values(), batch_size=batch)
    return len(figures), len(cases)
