"""Load a demo city (Manado unless told otherwise): the city's setup, the demo's units and
accounts, and a complaint history played through the real services."""

import logging
import random
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cerdas.accounts.models import User
from cerdas.agencies.models import Agency
from cerdas.areas.models import Area
from cerdas.city.services import city_activate, city_setup
from cerdas.complaints.models import Complaint, State
from cerdas.complaints.services import Upload
from cerdas.lib import cityfile
from cerdas.notifications.deadlines import deadlines_escalate, deadlines_warn
from cerdas.notifications.receivers import silenced

from .city import MANADO, accounts_load, agencies_load, categories_load
from .history import History, _jpeg
from .instructions import instructions_load
from .opendata import opendata_load
from .public_info import public_info_load
from .sensors import sensors_load


@dataclass
class DemoSummary:
    city: str = ""
    areas: int = 0
    agencies: int = 0
    categories: int = 0
    accounts: list[User] = field(default_factory=list)
    complaints: int = 0
    info_requests: int = 0
    auto_closed: int = 0
    datasets: int = 0
    duplicates: int = 0
    instructions: int = 0
    sensors: int = 0
    router: str = ""
    states: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)


@contextmanager
def _quiet(name: str):
    """The services log every transition; for ten thousand of them at once that is noise."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(max(logging.WARNING, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        logger.setLevel(level)


def demo_has_data() -> bool:
    """True once the instance has real or demo data, or a city was set up in its data
    directory: then `--if-empty` leaves it alone."""
    return (
        cityfile.read(settings.DATA_DIR) is not None
        or Complaint.objects.exists()
        or Agency.objects.exists()
    )


# The demo's tracking codes keep the prefix Manado's real system prints.
DEMO_PREFIXES = {MANADO: "MDO"}


def _estimate_population(city_code: str) -> None:
    """Demo only: the city's total (Kemendagri/BPS list) spread over its kelurahan by land
    area, where none was entered; an admin replaces it with the real numbers."""
    from shapely.geometry import shape

    city = Area.objects.filter(code=city_code).first()
    villages = list(Area.objects.villages().in_city(city_code).filter(geometry__isnull=False))
    if not city or not city.population or not villages or any(v.population for v in villages):
        return
    areas = {v.pk: shape(v.geometry).area for v in villages}
    total = sum(areas.values())
    for village in villages:
        village.population = max(1, round(city.population * areas[village.pk] / total))
    Area.objects.bulk_update(villages, ["population"])


@transaction.atomic
def demo_load(
    *,
    seed: int = 42,
    complaints: int = 2000,
    now: datetime | None = None,
    city_code: str = MANADO,
) -> DemoSummary:
    """Set up `city_code` (its shipped boundaries) and load the demo on it, all or nothing.
    Reference data is matched by code (loading twice is safe); complaints are added each
    time. Raises CityError when the city cannot be set up here.

    The same seed gives the same city and the same stories; only the tracking codes
    (random by design) and the dates (relative to `now`) differ between runs.
    """
    now = now or timezone.now()
    rng = random.Random(seed)
    summary = DemoSummary()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        summary.seconds[name] = time.perf_counter() - clock
        clock = time.perf_counter()

    setup = city_setup(code=city_code, prefix=DEMO_PREFIXES.get(city_code))
    with city_activate(setup.identity):
        _estimate_population(city_code)
        summary.areas = Area.objects.in_city(city_code).count() + 1
        summary.city = setup.identity.name
        lap("wilayah")
        agencies = agencies_load(city_code)
        categories = categories_load(agencies)
        city = accounts_load(agencies, rng, city_name=setup.identity.name)
        city.categories = categories
        summary.agencies, summary.categories = len(agencies), len(categories)
        summary.accounts = city.accounts
        lap("instansi, kategori, akun")
        # Ninety days of history are not news: nobody is notified of them now (the
        # outbox would otherwise send thousands of messages at the first start).
        with silenced(), _quiet("cerdas.complaints.services"):
            if complaints > 0:
                history = History(city, rng, now)
                # A few of the count are fresh reports of a problem already being handled.
                wanted = min(4, complaints // 20)
                stories = history.plan(complaints - wanted)
                result = history.play(stories)
                summary.duplicates = len(history.seed_duplicates(stories, wanted))
                if summary.duplicates < wanted:  # too few cases to repeat: the count holds
                    more = [history.random_story() for _ in range(wanted - summary.duplicates)]
                    result.complaints += history.play(sorted(more, key=lambda s: s.at)).complaints
                summary.complaints = result.complaints + summary.duplicates
                summary.auto_closed = result.auto_closed
            # The warnings and escalations of those 90 days were due long ago: claimed
            # here, in silence, so that the first start does not mail them all at once.
            deadlines_warn(now=now, batch=1_000_000)
            deadlines_escalate(now=now, batch=1_000_000)
            lap("pengaduan")
            summary.router = _train_router()
            lap("model rute")
            with _quiet("cerdas.instructions.services"):
                jpeg = _jpeg("drainase", True, 1)
                summary.instructions = instructions_load(
                    city, rng, now, lambda: Upload(name="bukti.jpg", data=jpeg)
                )
            lap("arahan")
        if city_code == MANADO:  # its rivers and markets by name
            summary.sensors = sensors_load(rng, now)
        lap("sensor")
        summary.datasets = opendata_load(rng, timezone.localdate(now).year)
        lap("data terbuka")
        if city_code == MANADO:  # its requests and news name Manado's rivers and streets
            summary.info_requests = public_info_load(now=now)
        lap("informasi publik")
    summary.states = Counter(Complaint.objects.values_list("state", flat=True))
    return summary


def _train_router() -> str:
    """Train the routing model on the demo's own history (the operators' dispositions,
    kept as labels) and route the cases still waiting for verification, so the operator
    sees the model's suggestions at once. Suggestions only for those: they were filed
    before there was a model. Returns the version, or "" when the history is too small."""
    from cerdas.triage.models import TrainingLabel
    from cerdas.triage.services import complaint_route
    from cerdas.triage.training import TrainingError, train_and_save

    rows = list(TrainingLabel.objects.order_by("pk").values_list("text", "label"))
    try:
        version, _router = train_and_save(
            [text for text, _ in rows], [label for _, label in rows], source="db"
        )
    except TrainingError:
        return ""
    waiting = Complaint.objects.filter(state=State.NEW).values_list("pk", "created_at")
    for pk, filed in waiting:
        complaint_route(complaint_id=pk, now=filed + timedelta(seconds=1), may_dispose=False)
    return version
