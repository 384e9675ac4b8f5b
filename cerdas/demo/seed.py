"""Bulk seed: a year (or any span) of plausible complaints, fast enough for millions.

`cerdas demo` plays each complaint through the real services, which is exact but costs
milliseconds per step. This module writes what those services would have written,
directly and in batches: the complaint rows, every event of each step (same actions,
from/to states, actor labels and public flags), the deadline legs and the photo rows.
It follows the same stories as `cerdas.demo.history` (same fates, delays, transfers,
rework, reopening and ratings) over a longer period with weekly, daily and seasonal
rhythms, and stops each story where its next step would lie in the future.

Speed comes from three things:

* working time is computed on a table of the city's working windows (built once from
  the real calendar, holidays included), so adding working seconds is a bisection;
  timestamps are whole seconds, so the results equal `WorkCalendar.add` exactly;
* rows are written with one `executemany` per table and batch (SQLite) or `COPY`
  (PostgreSQL), with primary keys allocated here so events and photos can point at
  their complaint without reading anything back;
* texts come from small per-(category, kelurahan) pools of the demo's templates and
  points from a per-kelurahan pool checked once against the polygon index.

Ids are allocated from the tables' current maxima: run it while nobody else files
complaints (it is a seed command). The same seed and `now` give the same data.
"""

import bisect
import math
import random
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

import shapely
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from shapely.geometry import shape

from cerdas.accounts.models import Role, User
from cerdas.agencies.models import Agency
from cerdas.areas.models import Area, AreaLevel
from cerdas.areas.services import area_at
from cerdas.complaints.models import (
    Action,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintLeg,
    ComplaintPhoto,
    LegKind,
    PhotoKind,
    Privacy,
    State,
)
from cerdas.complaints.services import AUTO_CLOSE_DAYS, _title_from
from cerdas.lib.codes import ALPHABET, _check_char
from cerdas.lib.geo import grid_cell
from cerdas.performance import rollups
from cerdas.workdays.calendar import city_calendar

from . import data
from .history import CHANNELS, CHAT, HAND_OFF_RATE, HOUR_WEIGHTS, OPERATOR_ENTERED, _jpeg
from .history import History as _DemoHistory
from .history import Story as _DemoStory

HOUR = 3600
DAY = 86400
# Reports per weekday (Monday first): busiest on Monday, quieter at the weekend.
WEEKDAY_WEIGHTS = [1.2, 1.1, 1.05, 1.0, 0.95, 0.6, 0.5]
HOLIDAY_WEIGHT = 0.6
# At weekends people write later in the morning.
WEEKEND_HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 9, 9, 8, 8, 8, 9, 9, 8, 7, 5, 3]
# Manado's rainy season (November to March) brings more reports, most of them water.
MONTH_WEIGHTS = [1.2, 1.15, 1.05, 0.95, 0.9, 0.85, 0.85, 0.85, 0.9, 1.0, 1.1, 1.2]
RAINY_MONTHS = (1, 2, 3, 11, 12)
RAIN_BOOST = {"banjir": 2.2, "drainase": 1.5, "pohon-tumbang": 1.8}
STORM_BOOST = {"banjir": 10.0, "drainase": 3.0, "pohon-tumbang": 10.0}
STORM_DAYS_PER_YEAR = 8
POINTS_PER_VILLAGE = 256
TEXT_POOL = 4
CODE_SPACE = len(ALPHABET) ** 5
CODE_STEP = 7_654_321  # not a multiple of 29: id -> code index is a bijection
CODE_OFFSET = 1_234_567
MASTER_WINDOW = 21 * DAY
AUTO_CLOSE_NOTE = "Ditutup otomatis: tidak ada tanggapan pelapor 10 hari kerja setelah selesai."
PHOTO_SIZE = (320, 240)


class _Stop(Exception):  # noqa: N818 - control flow, not an error
    """The story's next step would be in the future: the case stays as it is now."""


# --- working time on a precomputed table ------------------------------------------------


class WorkingTime:
    """The city calendar's working windows between two moments, as epoch seconds.

    `pos(t)` is the working time elapsed before `t` since the table's start; adding
    working seconds is `at(pos(t) + s)`. With whole-second inputs the results are those
    of `WorkCalendar.add_seconds` and `working_seconds_between` (checked by the tests).
    """

    def __init__(self, calendar, first: int, last: int):
        tz = calendar.tz
        self.day_seconds = calendar.day_seconds
        day = datetime.fromtimestamp(first, tz).date() - timedelta(days=1)
        end = datetime.fromtimestamp(last, tz).date() + timedelta(days=1)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum: list[int] = []  # working seconds before each window
        self.cum_end: list[int] = []
        total = 0
        while day <= end:
            if calendar.is_working_day(day):
                start = int(datetime.combine(day, calendar.day_start, tzinfo=tz).timestamp())
                stop = int(datetime.combine(day, calendar.day_end, tzinfo=tz).timestamp())
                self.starts.append(start)
                self.ends.append(stop)
                self.cum.append(total)
                total += stop - start
                self.cum_end.append(total)
            day += timedelta(days=1)
        self.first, self.last = self.starts[0], self.ends[-1]

    def pos(self, t: int) -> int:
        if not self.first <= t <= self.last:
            raise ValueError("moment outside the precomputed working-time table")
        i = bisect.bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        if t >= self.ends[i]:
            return self.cum_end[i]
        return self.cum[i] + t - self.starts[i]

    def at(self, p: int) -> int:
        """The moment `p` working seconds into the table (p > 0; a day's end stays there)."""
        i = bisect.bisect_left(self.cum_end, p)
        if i >= len(self.starts):
            raise ValueError("deadline beyond the precomputed working-time table")
        return self.starts[i] + p - self.cum[i]

    def add(self, t: int, seconds: int) -> int:
        return self.at(self.pos(t) + seconds)

    def between(self, a: int, b: int) -> int:
        return self.pos(b) - self.pos(a)


# --- the city as the seeder needs it ------------------------------------------------------


@dataclass
class _Unit:
    id: int
    code: str
    label: str  # str(agency): what the services write as the actor label
    short_name: str
    name: str
    public_contact: str
    speed: float
    officers: list[tuple[int, str]] = field(default_factory=list)  # (id, display name)
    head: tuple[int, int | None, str] | None = None  # (id, agency id, display name)


@dataclass
class _Kind:
    code: str
    id: int
    verify: int
    response: int
    resolution: int
    agency: str
    units: list[str]
    privacy: str | None


@dataclass
class _Village:
    id: int | None
    name: str
    kec: str
    geometry: dict
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class SeedResult:
    complaints: int = 0
    events: int = 0
    legs: int = 0
    photos: int = 0
    seconds: float = 0.0
    states: Counter = field(default_factory=Counter)


def city_is_loaded() -> bool:
    return (
        Category.objects.filter(code__in=list(data.CATEGORIES)).count() == len(data.CATEGORIES)
        and Area.objects.filter(level=AreaLevel.VILLAGE, code__startswith="71.71.").exists()
    )


def _budget(amount: int, unit: str, day_seconds: int) -> int:
    return amount * (day_seconds if unit == "days" else HOUR)


# --- rows --------------------------------------------------------------------------------


class _Table:
    """One model's insert: its columns in order, and how to write a batch of tuples."""

    def __init__(self, model, names: list[str]):
        # The primary key is left to the database unless listed.
        fields = {
            f.attname: f
            for f in model._meta.concrete_fields
            if not f.primary_key or f.attname in names
        }
        missing = [n for n in names if n not in fields]
        if missing:
            raise RuntimeError(f"{model.__name__} has no field(s) {missing}")
        # Fields added to the model later get their default, so the seeder keeps working.
        self.extra = tuple(
            fields[n].get_db_prep_save(fields[n].get_default(), connection)
            for n in fields
            if n not in names
        )
        columns = [fields[n].column for n in names] + [
            fields[n].column for n in fields if n not in names
        ]
        self.table = model._meta.db_table
        self.quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        self.insert = (
            f"INSERT INTO {connection.ops.quote_name(self.table)} ({self.quoted}) VALUES ({marks})"  # noqa: S608, E501 - names from the model
        )

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        extra = self.extra
        if extra:
            rows = [row + extra for row in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor: COPY is the fast path
                with raw.copy(
                    f"COPY {connection.ops.quote_name(self.table)} ({self.quoted}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert, rows)


COMPLAINT_FIELDS = [
    "id",
    "code",
    "channel",
    "title",
    "description",
    "category_id",
    "latitude",
    "longitude",
    "address",
    "area_id",
    "reporter_id",
    "reporter_name",
    "reporter_phone",
    "reporter_email",
    "privacy",
    "state",
    "agency_id",
    "external_body_id",
    "assigned_officer_id",
    "duplicate_of_id",
    "transfer_to_id",
    "transfer_reason",
    "due_at",
    "verify_due_at",
    "response_due_at",
    "resolution_due_at",
    "paused_at",
    "created_at",
    "updated_at",
    "disposed_at",
    "accepted_at",
    "followed_up_at",
    "resolved_at",
    "closed_at",
    "rework_count",
    "reopen_count",
    "rating",
    "rating_comment",
    "attributes",
    "submission_key",
    "cell",
]
EVENT_FIELDS = [
    "id",
    "complaint_id",
    "action",
    "actor_id",
    "actor_label",
    "from_state",
    "to_state",
    "note",
    "agency_id",
    "target_agency_id",
    "is_public",
    "created_at",
]
LEG_FIELDS = [
    "complaint_id",
    "kind",
    "agency_id",
    "started_at",
    "due_at",
    "paused_at",
    "ended_at",
    "outcome",
    "paused_seconds",
    "working_seconds",
]
PHOTO_FIELDS = ["complaint_id", "event_id", "kind", "image", "width", "height", "created_at"]


# --- one case while its story is played --------------------------------------------------


class _Case:
    __slots__ = (
        "id",
        "code",
        "kind",
        "state",
        "t",
        "created",
        "agency",
        "officer",
        "assigned",
        "external_body",
        "duplicate_of",
        "transfer_to",
        "transfer_reason",
        "verify_due",
        "response_due",
        "resolution_due",
        "paused",
        "disposed",
        "accepted",
        "followed_up",
        "resolved",
        "closed",
        "rework",
        "reopen",
        "rating",
        "rating_comment",
        "legs",
        "events",
        "photos",
        "reporter_id",
        "report",
        "place",
        "area_id",
        "category",
    )


class Seeder:
    def __init__(self, *, seed: int, days: int, now: datetime):
        self.rng = random.Random(seed)
        self.text_rng = random.Random(seed * 7919 + 1)
        self.days = days
        self.now = int(now.timestamp())
        self.start = self.now - days * DAY
        calendar = city_calendar()
        self.tz = calendar.tz
        # Deadlines reach at most 60 working days (about 90 calendar days) past a step.
        self.wt = WorkingTime(calendar, self.start - 7 * DAY, self.now + 400 * DAY)
        self.day = self.wt.day_seconds
        self.ts = self._timestamp_adapter()
        self._load_city()
        self._load_villages()
        self.text_pools: dict[tuple, list] = {}
        self.masters: deque = deque()  # (filed, id, code, category, village index)
        self.village_of_area = {v.id: i for i, v in enumerate(self.villages)}
        self.channel_values = [str(ch) for ch, _w in CHANNELS]
        self.channel_cum = _cumulate([w for _ch, w in CHANNELS])
        self.photo_files: dict[tuple, str] = {}
        self.event_ids = _Ids(ComplaintEvent)
        fields = {f.name: f for f in Complaint._meta.concrete_fields}
        self.attributes = fields["attributes"].get_db_prep_save({}, connection)

    # --- setup -------------------------------------------------------------------------

    def _timestamp_adapter(self) -> Callable[[int | None], object]:
        if connection.vendor == "sqlite":
            # What Django's SQLite backend stores for an aware datetime: naive UTC text.
            fmt, gmtime, strftime = "%Y-%m-%d %H:%M:%S", time.gmtime, time.strftime
            return lambda t: None if t is None else strftime(fmt, gmtime(t))
        return lambda t: None if t is None else datetime.fromtimestamp(t, UTC)

    def _load_city(self) -> None:
        agencies = {a.code: a for a in Agency.objects.all()}
        users = User.objects.filter(is_active=True).select_related("agency").order_by("username")
        self.units: dict[str, _Unit] = {
            code: _Unit(
                id=a.pk,
                code=code,
                label=str(a),
                short_name=a.short_name,
                name=a.name,
                public_contact=a.public_contact,
                speed=data.AGENCY_SPEED.get(code, 1.0),
            )
            for code, a in agencies.items()
        }
        heads: dict[str, tuple] = {}
        self.operators: list[int] = []
        self.citizen: tuple[int, str] | None = None
        for user in users:
            if user.role == Role.OPERATOR:
                self.operators.append(user.pk)
            elif user.role == Role.OFFICER and user.agency_id:
                self.units[user.agency.code].officers.append((user.pk, user.display_name()))
            elif user.role == Role.AGENCY_HEAD and user.agency_id:
                heads.setdefault(user.agency.code, (user.pk, user.agency_id, user.display_name()))
            elif user.username == "warga" and user.role == Role.CITIZEN:
                self.citizen = (user.pk, user.display_name())
        for code, unit in self.units.items():
            parent = agencies[code].parent
            unit.head = heads.get(code) or (heads.get(parent.code) if parent else None)
            if not unit.officers and unit.head:
                unit.officers = [(unit.head[0], unit.head[2])]
        if not self.operators:
            self.operators = [None]
        self.operator_weights = [5, 3, 2][: len(self.operators)] + [1] * max(
            0, len(self.operators) - 3
        )
        categories = Category.objects.select_related("policy").filter(
            code__in=list(data.CATEGORIES)
        )
        self.kinds: dict[str, _Kind] = {}
        for c in categories:
            p = c.policy
            spec = data.CATEGORIES[c.code]
            self.kinds[c.code] = _Kind(
                code=c.code,
                id=c.pk,
                verify=_budget(p.verify_amount, p.verify_unit, self.day),
                response=_budget(p.response_amount, p.response_unit, self.day),
                resolution=_budget(p.resolution_amount, p.resolution_unit, self.day),
                agency=spec["agency"],
                units=[u for u in spec.get("units", []) if u in self.units],
                privacy=spec.get("privacy"),
            )

    def _load_villages(self) -> None:
        """Candidate points per kelurahan, each checked once against the polygon index."""
        rng = random.Random(self.rng.random())
        areas = (
            Area.objects.filter(code__startswith="71.71.", level=AreaLevel.VILLAGE)
            .exclude(geometry=None)
            .select_related("parent")
            .order_by("code")
        )
        self.villages: list[_Village] = []
        for area in areas:
            village = _Village(
                id=area.pk, name=area.name, kec=area.parent.name, geometry=area.geometry
            )
            geom = shape(area.geometry)
            shapely.prepare(geom)
            min_lon, min_lat, max_lon, max_lat = geom.bounds
            tries = 0
            while len(village.points) < POINTS_PER_VILLAGE and tries < 50 * POINTS_PER_VILLAGE:
                tries += 1
                lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
                if not shapely.contains_xy(geom, lon, lat):
                    continue
                lat, lon = round(lat, 6), round(lon, 6)
                found = area_at(lat, lon)
                if found is not None and found.pk == area.pk:
                    village.points.append((lat, lon))
            if village.points:
                self.villages.append(village)
        if not self.villages:
            raise RuntimeError("Tidak ada kelurahan Manado dengan batas wilayah.")
        weights = [0.3 if v.kec == "Bunaken Kepulauan" else 1.0 for v in self.villages]
        self.village_cum = _cumulate(weights)
        self.villages_by_kec: dict[str, list[int]] = {}
        for i, v in enumerate(self.villages):
            self.villages_by_kec.setdefault(v.kec, []).append(i)
        # The demo's writer of places and texts, reused with its own random stream.
        self.writer = _DemoHistory.__new__(_DemoHistory)
        self.writer.rng = self.text_rng

    # --- planning ---------------------------------------------------------------------------

    def plan(self, count: int) -> list[tuple[int, str]]:
        """(filed at, category) for `count` reports, in filing order."""
        rng = self.rng
        tz = self.tz
        first = datetime.fromtimestamp(self.start, tz).date()
        last = datetime.fromtimestamp(self.now, tz).date()
        days = []
        day = first
        while day <= last:
            days.append(day)
            day += timedelta(days=1)
        calendar = city_calendar()
        rainy = [d for d in days if d.month in RAINY_MONTHS] or days
        storms = set(
            rng.sample(rainy, min(len(rainy), max(1, self.days * STORM_DAYS_PER_YEAR // 365)))
        )
        weights = []
        for i, d in enumerate(days):
            w = MONTH_WEIGHTS[d.month - 1] * WEEKDAY_WEIGHTS[d.weekday()]
            if d.weekday() < 5 and not calendar.is_working_day(d):
                w *= HOLIDAY_WEIGHT
            w *= 0.85 + 0.3 * i / max(1, len(days) - 1)  # a city that reports more each month
            if d in storms:
                w *= 2.5
            weights.append(w)
        codes = [c for c in data.CATEGORIES if c in self.kinds]
        base = [data.CATEGORIES[c]["weight"] for c in codes]

        def category_weights(boost: dict) -> list[float]:
            return _cumulate([w * boost.get(c, 1.0) for c, w in zip(codes, base, strict=True)])

        dry, wet, storm = (
            category_weights({}),
            category_weights(RAIN_BOOST),
            category_weights(STORM_BOOST),
        )
        hour_cum = _cumulate(HOUR_WEIGHTS)
        weekend_cum = _cumulate(WEEKEND_HOUR_WEIGHTS)
        hours = range(24)
        midnights = {d: int(datetime.combine(d, dtime(0, 0), tzinfo=tz).timestamp()) for d in days}
        latest = self.now - 300
        plans = []
        for d in rng.choices(days, cum_weights=_cumulate(weights), k=count):
            base_ts = midnights[d]
            cum = weekend_cum if d.weekday() >= 5 else hour_cum
            while True:
                hour = rng.choices(hours, cum_weights=cum)[0]
                t = base_ts + hour * HOUR + rng.randrange(3600)
                if self.start <= t < latest:
                    break
                if base_ts + HOUR > latest or base_ts + DAY <= self.start:
                    t = max(self.start, min(latest - 1, base_ts + rng.randrange(DAY)))
                    break
            cats = storm if d in storms else wet if d.month in RAINY_MONTHS else dry
            plans.append((t, rng.choices(codes, cum_weights=cats)[0]))
        plans.sort()
        return plans

    # --- helpers ------------------------------------------------------------------------------

    def _operator(self):
        return self.rng.choices(self.operators, self.operator_weights)[0]

    def _lognormal(self, median: float, sigma: float) -> float:
        return math.exp(self.rng.gauss(math.log(median), sigma))

    def _verify_delay(self) -> float:
        roll = self.rng.random()
        if roll < 0.65:
            return self.rng.uniform(0.02, 0.5)
        if roll < 0.9:
            return self.rng.uniform(0.5, 1.0)
        return self.rng.uniform(1.0, 2.2)  # late

    def _advance(self, c: _Case, seconds: float, *, working: bool = True) -> None:
        # A long lognormal tail would run past the working-time table: far in the future
        # anyway, so cap it (200 working days).
        seconds = min(max(int(seconds), 300), 200 * self.day)
        moment = self.wt.add(c.t, seconds) if working else c.t + seconds
        if moment >= self.now:
            raise _Stop
        c.t = moment

    def _event(
        self,
        c: _Case,
        action: str,
        actor,
        label: str,
        before: str,
        *,
        note: str = "",
        agency: int | None = None,
        target: int | None = None,
        public: bool = True,
        held_by: _Unit | None = None,
    ) -> int:
        event_id = self.event_ids.take()
        holder = held_by or c.agency
        c.events.append(
            (
                event_id,
                c.id,
                str(action),
                actor,
                label,
                str(before),
                str(c.state),
                note,
                holder.id if holder else None,
                target,
                public,
                c.t,
            )
        )
        return event_id

    def _photos(self, c: _Case, event_id: int, kind: str, count: int, evidence: bool) -> None:
        for _ in range(count):
            variant = self.rng.randrange(3) if evidence else 0
            name = self._photo_file(c.category, evidence, variant)
            c.photos.append((c.id, event_id, str(kind), name, *PHOTO_SIZE, c.t))

    def _photo_file(self, category: str, evidence: bool, variant: int) -> str:
        """Seeded photos share one stored file per picture (the demo draws only a few)."""
        key = (category, evidence, variant)
        name = self.photo_files.get(key)
        if name is None:
            name = f"photos/seed/{category}-{'bukti' if evidence else 'laporan'}-{variant}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(_jpeg(category, evidence, variant)))
            self.photo_files[key] = name
        return name

    # --- legs, as services._start_leg / _end_leg / _resume write them -------------------------

    def _start_leg(self, c: _Case, kind: str, unit: _Unit | None, seconds: int) -> int:
        due = self.wt.add(c.t, seconds)
        # kind, agency, started, due, paused, ended, outcome, paused seconds, working seconds
        c.legs.append([str(kind), unit.id if unit else None, c.t, due, None, None, "", 0, None])
        return due

    def _open_leg(self, c: _Case, kind: str):
        for leg in reversed(c.legs):
            if leg[0] == kind and leg[5] is None:
                return leg
        return None

    def _resume(self, leg, t: int) -> None:
        remaining = self.wt.between(leg[4], leg[3])
        if remaining > 0:
            leg[3] = self.wt.add(t, remaining)
        leg[7] += max(0, self.wt.between(leg[4], t))
        leg[4] = None

    def _end_leg(self, c: _Case, kind: str, outcome: str = "done"):
        leg = self._open_leg(c, kind)
        if leg is None:
            return None
        if leg[4] is not None:
            self._resume(leg, c.t)
        leg[5] = c.t
        leg[6] = outcome
        leg[8] = max(0, self.wt.between(leg[2], c.t) - leg[7])
        return leg

    def _leave_triage(self, c: _Case) -> None:
        leg = self._end_leg(c, LegKind.VERIFY)
        if leg is not None:
            c.verify_due = leg[3]
        c.paused = None

    def _send_to_agency(self, c: _Case, unit: _Unit) -> None:
        c.agency = unit
        c.assigned = None
        c.disposed = c.t
        c.accepted = None
        c.response_due = self._start_leg(c, LegKind.RESPONSE, unit, c.kind.response)
        c.resolution_due = self._start_leg(c, LegKind.RESOLUTION, unit, c.kind.resolution)

    # --- one story -------------------------------------------------------------------------

    def case(self, complaint_id: int, code: str, filed: int, category: str, c: _Case) -> list:
        rng = self.rng
        c.id, c.code, c.t, c.created = complaint_id, code, filed, filed
        c.state = State.NEW
        c.agency = c.officer = c.assigned = c.external_body = c.duplicate_of = None
        c.transfer_to, c.transfer_reason = None, ""
        c.response_due = c.resolution_due = c.paused = None
        c.disposed = c.accepted = c.followed_up = c.resolved = c.closed = None
        c.rework = c.reopen = 0
        c.rating, c.rating_comment = None, ""
        c.legs, c.events, c.photos = [], [], []

        # The fate, as History.random_story draws it.
        fate, hand_off, master = "dispose", None, None
        roll = rng.random()
        if roll < 0.04:
            fate = "reject"
        elif roll < 0.08:
            fate = "duplicate"
        elif roll < 0.08 + HAND_OFF_RATE.get(category, 0):
            fate = "hand_off"
            hand_off = rng.choice(data.HAND_OFFS[category])
        ask_info = fate != "reject" and rng.random() < 0.07
        answers = rng.random() < 0.75
        speed = self.units[data.CATEGORIES[category]["agency"]].speed
        transfer = None
        transfer_early = True
        if category in data.TRANSFERS and rng.random() < 0.05:
            transfer = "approve" if rng.random() < 0.85 else "decline"
            transfer_early = rng.random() < 0.6
        reworks = 0
        if rng.random() < 0.03 + 0.03 * speed:
            reworks = 2 if rng.random() < 0.15 else 1
        reopen = rng.random() < 0.025 + 0.02 * speed
        rate = rng.random() < 0.5

        village = None
        if fate == "duplicate":
            while self.masters and self.masters[0][0] < filed - MASTER_WINDOW:
                self.masters.popleft()
            if self.masters:
                _at, master_id, master_code, category, village = rng.choice(self.masters)
                master = (master_id, master_code)
            else:
                fate = "dispose"
        c.category = category
        c.kind = self.kinds[category]
        row = self._submit(c, fate, hand_off, village)
        try:
            self._play(
                c,
                fate,
                hand_off,
                master,
                ask_info,
                answers,
                transfer,
                transfer_early,
                reworks,
                reopen,
                rate,
            )
        except _Stop:
            pass
        return row

    def _village(self, hand_off: dict | None) -> int:
        wanted = hand_off and hand_off.get("kecamatan")
        if wanted:
            pool = [i for kec in wanted for i in self.villages_by_kec.get(kec, [])]
            if pool:
                return self.rng.choice(pool)
        return bisect.bisect_left(self.village_cum, self.rng.random() * self.village_cum[-1])

    def _text(self, category: str, fate: str, hand_off: dict | None, village: int, channel: str):
        """(title, description, address, report template, place) from a small pool."""
        group = "operator" if channel in OPERATOR_ENTERED else "chat" if channel in CHAT else "form"
        key = (category, fate, id(hand_off), village, group)
        pool = self.text_pools.get(key)
        if pool is None:
            pool = self.text_pools[key] = []
        if len(pool) < TEXT_POOL:
            v = self.villages[village]
            story = _DemoStory(at=None, category=category, fate=fate, hand_off=hand_off)
            area = _AreaLike(v.name, v.kec)
            story.place.update(self.writer._place(story, area))
            title, description = self.writer._texts(story, channel)
            description = description.strip()
            title = (title.strip() or _title_from(description))[:200]
            pool.append((title, description, story.place["address"], story.report, story.place))
            return pool[-1]
        return pool[self.rng.randrange(TEXT_POOL)]

    def _submit(self, c: _Case, fate: str, hand_off: dict | None, village: int | None) -> list:
        rng = self.rng
        if village is None:
            village = self._village(hand_off)
        channel = rng.choices(self.channel_values, cum_weights=self.channel_cum)[0]
        title, description, address, report, place = self._text(
            c.category, fate, hand_off, village, channel
        )
        c.report, c.place = report, place
        v = self.villages[village]
        lat = lon = None
        c.area_id = None
        if channel not in OPERATOR_ENTERED or rng.random() < 0.6:
            lat, lon = v.points[rng.randrange(len(v.points))]
            c.area_id = v.id
        c.reporter_id = None
        if self.citizen and rng.random() < 0.012:
            c.reporter_id, name = self.citizen
        else:
            name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        privacy = c.kind.privacy
        if privacy is None:
            roll = rng.random()
            privacy = (
                Privacy.PUBLIC
                if roll < 0.82
                else Privacy.ANONYMOUS
                if roll < 0.97
                else Privacy.CONFIDENTIAL
            )
        phone = email = ""
        if rng.random() < 0.1:
            phone = (
                "+62"
                + rng.choice(("811", "812", "813", "852", "853"))
                + str(rng.randrange(10_000_000, 100_000_000))
            )
        if c.reporter_id is None and channel == Channel.EMAIL:
            first, last = name.split(" ", 1)
            email = f"{first}.{last.replace(' ', '')}{rng.randint(1, 99)}@example.com".lower()
        c.verify_due = self.wt.add(c.t, c.kind.verify)
        c.legs.append([str(LegKind.VERIFY), None, c.t, c.verify_due, None, None, "", 0, None])
        entered = channel in OPERATOR_ENTERED
        actor = self._operator() if entered else c.reporter_id
        event_id = self._event(
            c, Action.SUBMIT, actor, "Command Center" if entered else "Pelapor", ""
        )
        if fate != "reject" and rng.random() < 0.25:
            self._photos(c, event_id, PhotoKind.REPORT, 1 + (rng.random() < 0.2), False)
        return [channel, title, description, lat, lon, address, name, phone, email, str(privacy)]

    def _play(
        self,
        c,
        fate,
        hand_off,
        master,
        ask_info,
        answers,
        transfer,
        transfer_early,
        reworks,
        reopen,
        rate,
    ) -> None:
        rng = self.rng
        verify = c.kind.verify
        if ask_info:
            self._advance(c, rng.uniform(0.05, 0.5) * verify)
            leg = self._open_leg(c, LegKind.VERIFY)
            leg[4] = c.t
            c.paused = c.t
            c.state = State.NEEDS_INFO
            self._event(
                c,
                Action.REQUEST_INFO,
                self._operator(),
                "Command Center",
                State.NEW,
                note=rng.choice(data.INFO_QUESTIONS),
            )
            if not answers:
                self._advance(c, rng.uniform(5, 10) * self.day)
                self._reject(c, data.NO_REPLY_REASON)
                return
            self._advance(c, rng.uniform(1, 72) * HOUR, working=False)
            leg = self._open_leg(c, LegKind.VERIFY)
            self._resume(leg, c.t)
            c.verify_due = leg[3]
            c.paused = None
            c.state = State.NEW
            event_id = self._event(
                c,
                Action.PROVIDE_INFO,
                c.reporter_id,
                "Pelapor",
                State.NEEDS_INFO,
                note=rng.choice(data.INFO_ANSWERS).format(**c.place),
            )
            if rng.random() < 0.4:
                self._photos(c, event_id, PhotoKind.INFO, 1, False)

        self._advance(c, self._verify_delay() * verify)
        if fate == "reject":
            self._reject(c, rng.choice(data.REJECT_REASONS))
            return
        before = c.state
        if fate == "duplicate":
            self._leave_triage(c)
            c.duplicate_of = master[0]
            c.closed = c.t
            c.state = State.DUPLICATE
            self._event(
                c,
                Action.MARK_DUPLICATE,
                self._operator(),
                "Command Center",
                before,
                note=f"Duplikat dari {master[1]}.",
            )
            return
        if fate == "hand_off":
            body = self.units[hand_off["body"]]
            note = hand_off["note"].format(body=body.name, contact=body.public_contact)
            self._leave_triage(c)
            c.external_body = body.id
            c.closed = c.t
            c.state = State.HANDED_OFF
            self._event(
                c,
                Action.HAND_OFF,
                self._operator(),
                "Command Center",
                before,
                note=note,
                target=body.id,
            )
            return
        self._with_agencies(c, transfer, transfer_early, reworks, reopen, rate)

    def _reject(self, c: _Case, reason: str) -> None:
        before = c.state
        self._leave_triage(c)
        c.closed = c.t
        c.state = State.REJECTED
        self._event(c, Action.REJECT, self._operator(), "Command Center", before, note=reason)

    def _with_agencies(self, c, transfer, transfer_early, reworks, reopen, rate) -> None:
        rng = self.rng
        kind = c.kind
        code = kind.agency
        if kind.units and rng.random() < 0.3:
            code = rng.choice(kind.units)
        if c.area_id is not None:
            self.masters.append((c.created, c.id, c.code, c.category, self._village_index(c)))
        unit = self.units[code]
        before = c.state
        self._leave_triage(c)
        self._send_to_agency(c, unit)
        c.state = State.DISPOSED
        notes = data.DISPOSE_NOTES + (
            data.DISPOSE_NOTES_STREET if c.category in data.STREET_CATEGORIES else []
        )
        self._event(
            c,
            Action.DISPOSE,
            self._operator(),
            "Command Center",
            before,
            note=rng.choice(notes),
            target=unit.id,
        )
        response, resolution, verify = kind.response, kind.resolution, kind.verify
        while True:  # once more after an approved transfer
            unit = self.units[code]
            speed = unit.speed
            disposed_at = c.t
            if transfer and transfer_early:
                holder, transfer = self._transfer(c, code, transfer, verify)
                if holder != code:
                    code = holder
                    continue
            if rng.random() < 0.015 * speed:
                raise _Stop  # forgotten: stays with the agency, overdue
            self._advance(c, self._lognormal(0.3 * speed, 0.8) * response)
            self._accept(c, unit)
            if transfer and not transfer_early:
                self._advance(c, rng.uniform(0.1, 0.5) * response)
                holder, transfer = self._transfer(c, code, transfer, verify)
                if holder != code:
                    code = holder
                    continue
            break
        if rng.random() < 0.08:
            self._advance(c, rng.uniform(0.1, 0.3) * resolution)
            officer = c.officer or rng.choice(unit.officers)
            self._event(
                c,
                Action.COMMENT,
                officer[0],
                unit.label,
                c.state,
                note=rng.choice(data.AGENCY_COMMENTS),
                public=False,
            )
        if rng.random() < 0.015 * speed:
            raise _Stop
        planned = min(int(self._lognormal(0.4 * speed, 0.7) * resolution), 200 * self.day)
        target = self.wt.add(disposed_at, planned)
        spent = self.wt.between(c.t, target)
        self._advance(c, max(spent, 0.05 * resolution))
        self._follow_up(c, unit)
        for _ in range(reworks):
            self._advance(c, rng.uniform(0.05, 1.0) * verify)
            self._end_leg(c, LegKind.VALIDATION)
            for leg in reversed(c.legs):
                if leg[0] == LegKind.RESOLUTION and leg[1] == unit.id:
                    leg[5], leg[6], leg[8] = None, "", None
                    break
            c.rework += 1
            c.state = State.IN_PROGRESS
            self._event(
                c,
                Action.REJECT_FOLLOW_UP,
                self._operator(),
                "Command Center",
                State.AWAITING_VALIDATION,
                note=rng.choice(data.REWORK_REASONS),
            )
            self._advance(c, self._lognormal(0.2 * speed, 0.6) * resolution)
            self._follow_up(c, unit)
        self._validate(c, verify)
        if reopen:
            self._advance(c, rng.uniform(12, 144) * HOUR, working=False)
            self._auto_close_before(c, c.t)
            if c.state == State.RESOLVED:  # within the 10 working days
                c.reopen += 1
                c.resolved = None
                c.resolution_due = self._start_leg(c, LegKind.RESOLUTION, unit, resolution)
                c.state = State.IN_PROGRESS
                self._event(
                    c,
                    Action.REOPEN,
                    c.reporter_id,
                    "Pelapor",
                    State.RESOLVED,
                    note=rng.choice(data.REOPEN_REASONS),
                )
                self._advance(c, self._lognormal(0.3 * speed, 0.6) * resolution)
                self._follow_up(c, unit)
                self._validate(c, verify)
        if not rate:
            self._auto_close_before(c, self.now)
            return
        try:
            self._advance(c, rng.uniform(2, 190) * HOUR, working=False)
        except _Stop:
            self._auto_close_before(c, self.now)
            raise
        self._auto_close_before(c, c.t)
        rating = self._rating(unit, c)
        comment = rng.choice(data.RATING_COMMENTS[rating])
        before = c.state
        c.rating, c.rating_comment = rating, comment
        c.closed = c.closed or c.t
        c.state = State.CLOSED
        self._event(
            c,
            Action.RATE,
            c.reporter_id,
            "Pelapor",
            before,
            note=f"{rating}/5" + (f": {comment}" if comment else ""),
        )

    def _village_index(self, c: _Case) -> int:
        return self.village_of_area[c.area_id]

    def _auto_close_before(self, c: _Case, until: int) -> None:
        """The nightly job (01:00 local) closes a case left `selesai` for 10 working days:
        write it if that night came before `until` (the reporter's next step, or now)."""
        if c.state != State.RESOLVED:
            return
        due = self.wt.add(c.resolved, AUTO_CLOSE_DAYS * self.day)
        local = datetime.fromtimestamp(due, self.tz)
        night = local.replace(hour=1, minute=0, second=0, microsecond=0)
        if night < local:
            night += timedelta(days=1)
        night_ts = int(night.timestamp())
        if night_ts >= until:
            return
        step = c.t
        c.t = night_ts
        c.state = State.CLOSED
        c.closed = night_ts
        self._event(c, Action.AUTO_CLOSE, None, "Sistem", State.RESOLVED, note=AUTO_CLOSE_NOTE)
        c.t = max(step, night_ts)

    def _transfer(self, c: _Case, code: str, decision: str, verify: int) -> tuple[str, None]:
        rng = self.rng
        target_code, reason = data.TRANSFERS[c.category]
        if target_code == code or target_code not in self.units:
            return code, None
        unit, target = self.units[code], self.units[target_code]
        self._advance(c, rng.uniform(0.1, 0.6) * verify)
        c.transfer_to, c.transfer_reason = target.id, reason
        self._event(
            c,
            Action.REQUEST_TRANSFER,
            rng.choice(unit.officers)[0],
            unit.label,
            c.state,
            note=reason,
            target=target.id,
            public=False,
        )
        self._advance(c, rng.uniform(0.1, 1.0) * verify)
        if decision == "approve":
            before = c.state
            self._end_leg(c, LegKind.RESPONSE, "transferred")
            self._end_leg(c, LegKind.RESOLUTION, "transferred")
            c.transfer_to, c.transfer_reason = None, ""
            self._send_to_agency(c, target)
            c.state = State.DISPOSED
            c.officer = None
            self._event(
                c,
                Action.APPROVE_TRANSFER,
                self._operator(),
                "Command Center",
                before,
                target=target.id,
                held_by=unit,
            )
            return target_code, None
        c.transfer_to, c.transfer_reason = None, ""
        self._event(
            c,
            Action.DECLINE_TRANSFER,
            self._operator(),
            "Command Center",
            c.state,
            note=rng.choice(data.TRANSFER_DECLINES),
            target=target.id,
            public=False,
        )
        return code, None

    def _accept(self, c: _Case, unit: _Unit) -> None:
        rng = self.rng
        officers = unit.officers
        note = rng.choice(data.ACCEPT_NOTES)
        head = unit.head

        def accept(actor_id: int, assigned: int | None) -> None:
            self._end_leg(c, LegKind.RESPONSE)
            c.accepted = c.t
            c.assigned = assigned
            c.state = State.IN_PROGRESS
            self._event(c, Action.ACCEPT, actor_id, unit.label, State.DISPOSED, note=note)

        def assign(officer) -> None:
            c.assigned = officer[0]
            self._event(
                c,
                Action.ASSIGN,
                head[0],
                unit.label,
                c.state,
                note=f"Ditangani oleh {officer[1]}",
                public=False,
            )

        if head is None or rng.random() < 0.7:
            c.officer = rng.choice(officers)
            accept(c.officer[0], c.officer[0])
            if head is not None and len(officers) > 1 and rng.random() < 0.1:
                c.officer = rng.choice([o for o in officers if o != c.officer])
                self._advance(c, rng.uniform(0.5, 4) * HOUR)
                assign(c.officer)
            return
        c.officer = rng.choice(officers)
        if rng.random() < 0.6:
            accept(head[0], c.officer[0])
            return
        # Without an officer named, the head who accepts is credited if they belong here.
        accept(head[0], head[0] if head[1] == unit.id else None)
        self._advance(c, rng.uniform(0.2, 3) * HOUR)
        assign(c.officer)

    def _follow_up(self, c: _Case, unit: _Unit) -> None:
        rng = self.rng
        place = {**c.place, "agency": unit.short_name, "n": rng.randint(2, 6)}
        note = rng.choice(c.report["done"]).format(**place)
        count = 2 if rng.random() < 0.2 else 1
        officer = c.officer or rng.choice(unit.officers)
        c.transfer_to, c.transfer_reason = None, ""
        self._end_leg(c, LegKind.RESOLUTION)
        c.followed_up = c.t
        self._start_leg(c, LegKind.VALIDATION, None, c.kind.verify)
        c.state = State.AWAITING_VALIDATION
        event_id = self._event(
            c, Action.FOLLOW_UP, officer[0], unit.label, State.IN_PROGRESS, note=note
        )
        self._photos(c, event_id, PhotoKind.EVIDENCE, count, True)

    def _validate(self, c: _Case, verify: int) -> None:
        self._advance(c, self._verify_delay() * verify)
        self._end_leg(c, LegKind.VALIDATION)
        c.resolved = c.t
        c.state = State.RESOLVED
        self._event(
            c,
            Action.VALIDATE,
            self._operator(),
            "Command Center",
            State.AWAITING_VALIDATION,
            note=self.rng.choice(data.VALIDATE_NOTES),
        )

    def _rating(self, unit: _Unit, c: _Case) -> int:
        slow = unit.speed >= 1.5 or c.rework or c.reopen
        weights = [8, 12, 25, 30, 25] if slow else [2, 4, 12, 35, 47]
        return self.rng.choices([1, 2, 3, 4, 5], weights)[0]

    # --- rows ------------------------------------------------------------------------------

    def rows(self, c: _Case, submitted: list) -> tuple[tuple, list, list, list]:
        ts = self.ts
        channel, title, description, lat, lon, address, name, phone, email, privacy = submitted
        state = c.state
        # The running deadline, as services._refresh_due_at leaves it.
        due = None
        if state == State.NEW:
            due = c.verify_due
        elif state == State.DISPOSED:
            due = c.response_due
        elif state == State.IN_PROGRESS:
            due = c.resolution_due
        elif state == State.AWAITING_VALIDATION:
            leg = self._open_leg(c, LegKind.VALIDATION)
            due = leg[3] if leg else None
        complaint = (
            c.id,
            c.code,
            channel,
            title,
            description,
            c.kind.id,
            lat,
            lon,
            address,
            c.area_id,
            c.reporter_id,
            name,
            phone,
            email,
            privacy,
            str(state),
            c.agency.id if c.agency else None,
            c.external_body,
            c.assigned,
            c.duplicate_of,
            c.transfer_to,
            c.transfer_reason,
            ts(due),
            ts(c.verify_due),
            ts(c.response_due),
            ts(c.resolution_due),
            ts(c.paused),
            ts(c.created),
            ts(c.events[-1][11]),
            ts(c.disposed),
            ts(c.accepted),
            ts(c.followed_up),
            ts(c.resolved),
            ts(c.closed),
            c.rework,
            c.reopen,
            c.rating,
            c.rating_comment,
            self.attributes,
            None,
            grid_cell(lat, lon),
        )
        events = [(*e[:11], ts(e[11])) for e in c.events]
        legs = [
            (c.id, kind, agency, ts(start), ts(due), ts(paused), ts(ended), outcome, ps, ws)
            for kind, agency, start, due, paused, ended, outcome, ps, ws in c.legs
        ]
        photos = [(*p[:6], ts(p[6])) for p in c.photos]
        return complaint, events, legs, photos


def code_for(index: int, prefix: str) -> str:
    """The tracking code of a code index (0 <= index < 29**5), with its check character."""
    chars = []
    for _ in range(5):
        index, digit = divmod(index, len(ALPHABET))
        chars.append(ALPHABET[digit])
    body = "".join(reversed(chars))
    full = body + _check_char(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


class _Codes:
    """Codes derived from the complaint id through a bijection, so they cannot collide
    with each other; one already taken (filed by the services at random) is replaced
    by the next free one counted down from the top of the code space."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.taken = set(Complaint.objects.values_list("code", flat=True))
        self.spill = CODE_SPACE - 1

    def take(self, complaint_id: int) -> str:
        code = code_for((complaint_id * CODE_STEP + CODE_OFFSET) % CODE_SPACE, self.prefix)
        while code in self.taken:
            code = code_for((self.spill * CODE_STEP + CODE_OFFSET) % CODE_SPACE, self.prefix)
            self.spill -= 1
        self.taken.add(code)
        return code


class _Ids:
    """Primary keys reserved from the database, a block at a time, for rows the seeder
    writes with their id (a complaint's events name it before it is written).

    A running server writes complaints and events meanwhile: its ids come from the same
    place, so the two never meet. PostgreSQL hands out the block from the table's sequence;
    SQLite (AUTOINCREMENT, never reusing an id below ``sqlite_sequence``) gets it by moving
    that counter past the block inside one write transaction."""

    def __init__(self, model, block: int = 10_000):
        self.table = model._meta.db_table
        self.block = block
        self.ids: list[int] = []
        self.next = 0

    def take(self) -> int:
        if self.next == len(self.ids):
            self.ids, self.next = self._reserve(self.block), 0
        self.next += 1
        return self.ids[self.next - 1]

    def _reserve(self, count: int) -> list[int]:
        quoted = connection.ops.quote_name(self.table)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return sorted(row[0] for row in cursor.fetchall())
            if connection.vendor != "sqlite":
                raise NotImplementedError(connection.vendor)
            top = f"(SELECT coalesce(max(id), 0) FROM {quoted})"  # noqa: S608 (its own table)
            bump = f"UPDATE sqlite_sequence SET seq = max(seq, {top}) + %s WHERE name = %s"  # noqa: S608
            cursor.execute(bump, [count, self.table])
            if cursor.rowcount == 0:
                first = f"INSERT INTO sqlite_sequence (name, seq) VALUES (%s, {top} + %s)"  # noqa: S608
                cursor.execute(first, [self.table, count])
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            last = cursor.fetchone()[0]
        return list(range(last - count + 1, last + 1))


def seed_complaints(
    *,
    count: int,
    days: int = 365,
    seed: int = 42,
    batch: int = 20_000,
    now: datetime | None = None,
    progress: Callable[[int, int, float, int], None] | None = None,
) -> SeedResult:
    """Add `count` complaints filed over the last `days` days, with their whole history.

    Loads the demo city first if it is not there. Each batch is one transaction; after
    each, `progress(complaints done, count, seconds so far, rows written)` is called."""
    from .services import demo_load  # services imports history, as this module does

    if count < 0 or days < 1 or batch < 1:
        raise ValueError("count >= 0, days >= 1 and batch >= 1")
    clock = time.perf_counter()
    now = now or timezone.now()
    if not city_is_loaded():
        demo_load(seed=seed, complaints=0, now=now)
    seeder = Seeder(seed=seed, days=days, now=now)
    plans = seeder.plan(count)
    tables = (
        _Table(Complaint, COMPLAINT_FIELDS),
        _Table(ComplaintEvent, EVENT_FIELDS),
        _Table(ComplaintLeg, LEG_FIELDS),
        _Table(ComplaintPhoto, PHOTO_FIELDS),
    )
    result = SeedResult()
    complaint_ids = _Ids(Complaint, block=min(batch, max(count, 1)))
    seeder.event_ids = _Ids(ComplaintEvent)
    codes = _Codes(settings.CERDAS_CODE_PREFIX)
    for first in range(0, count, batch):
        rows: tuple[list, list, list, list] = ([], [], [], [])
        for filed, category in plans[first : first + batch]:
            c_id = complaint_ids.take()
            case = _Case()
            submitted = seeder.case(c_id, codes.take(c_id), filed, category, case)
            for bucket, part in zip(rows, seeder.rows(case, submitted), strict=True):
                if isinstance(part, tuple):
                    bucket.append(part)
                else:
                    bucket.extend(part)
            result.states[case.state] += 1
        with transaction.atomic():
            for table, bucket in zip(tables, rows, strict=True):
                table.write(bucket)
        result.complaints += len(rows[0])
        result.events += len(rows[1])
        result.legs += len(rows[2])
        result.photos += len(rows[3])
        if progress is not None:
            rows_so_far = result.complaints + result.events + result.legs + result.photos
            progress(result.complaints, count, time.perf_counter() - clock, rows_so_far)
    # The rows went in beside the services: the leaders' rollups are counted once, here.
    rollups.rebuild()
    if connection.vendor == "postgresql":
        # Millions of new rows, and autovacuum gathers their statistics only later: until
        # it does, the planner guesses (a duplicate lookup at 1,000,000 complaints took
        # 115 ms at p95 instead of 9). SQLite gathers its own where it needs them
        # (triage/duplicates.py); analyzing its event table would mislead the wall's feed.
        with connection.cursor() as cursor:
            for model in (Complaint, ComplaintEvent, ComplaintLeg, ComplaintPhoto):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    result.seconds = time.perf_counter() - clock
    return result


class _AreaLike:
    """What History._place reads of an area: its name and its parent's name."""

    def __init__(self, name: str, kec: str):
        self.name = name
        self.parent = _Named(kec)


class _Named:
    def __init__(self, name: str):
        self.name = name


def _cumulate(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out
