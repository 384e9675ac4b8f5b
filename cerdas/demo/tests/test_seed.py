import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from cerdas.accounts.models import Role, User
from cerdas.areas.services import area_at
from cerdas.complaints import services
from cerdas.complaints.models import (
    FINAL_STATES,
    Action,
    Complaint,
    ComplaintEvent,
    ComplaintLeg,
    ComplaintPhoto,
    LegKind,
    Privacy,
    State,
)
from cerdas.lib.codes import is_valid
from cerdas.workdays.calendar import city_calendar
from cerdas.workdays.models import Holiday

from ..seed import WorkingTime, seed_complaints

N = 300
NOW = datetime(2025, 6, 18, 2, 30, tzinfo=UTC)  # Wednesday 10:30 in Manado


@pytest.fixture
def seeded(db):
    return seed_complaints(count=N, days=150, seed=5, batch=120, now=NOW)


def histories():
    events = defaultdict(list)
    for e in ComplaintEvent.objects.order_by("complaint_id", "created_at", "id"):
        events[e.complaint_id].append(e)
    legs = defaultdict(list)
    for leg in ComplaintLeg.objects.order_by("complaint_id", "started_at", "id"):
        legs[leg.complaint_id].append(leg)
    return events, legs


def test_adds_the_count_in_every_kind_of_state(seeded):
    assert Complaint.objects.count() == seeded.complaints == N
    assert ComplaintEvent.objects.count() == seeded.events
    assert ComplaintLeg.objects.count() == seeded.legs
    assert ComplaintPhoto.objects.count() == seeded.photos
    states = set(Complaint.objects.values_list("state", flat=True))
    assert {State.CLOSED, State.REJECTED, State.IN_PROGRESS, State.DISPOSED} <= states
    closed = Complaint.objects.filter(state=State.CLOSED).count()
    assert closed > N / 2
    codes = list(Complaint.objects.values_list("code", flat=True))
    assert len(set(codes)) == N and all(is_valid(code) for code in codes)


def test_every_history_starts_with_submit_and_ends_in_the_current_state(seeded):
    events, _legs = histories()
    for complaint in Complaint.objects.all():
        history = events[complaint.pk]
        assert history[0].action == Action.SUBMIT
        assert history[0].from_state == "" and history[0].to_state == State.NEW
        assert history[0].created_at == complaint.created_at
        assert history[-1].to_state == complaint.state
        assert history[-1].created_at == complaint.updated_at
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_state == before.to_state
            assert after.created_at >= before.created_at
            assert after.pk > before.pk


def test_legs_one_open_per_kind_none_once_closed(seeded):
    _events, legs = histories()
    for complaint in Complaint.objects.all():
        open_kinds = [leg.kind for leg in legs[complaint.pk] if leg.ended_at is None]
        assert len(open_kinds) == len(set(open_kinds))
        if complaint.state in (*FINAL_STATES, State.RESOLVED):
            assert open_kinds == [], complaint.state
        for leg in legs[complaint.pk]:
            assert leg.due_at > leg.started_at
            assert leg.ended_at is None or leg.ended_at >= leg.started_at
            if leg.kind in (LegKind.VERIFY, LegKind.VALIDATION):
                assert leg.agency_id is None
        if complaint.state == State.NEEDS_INFO:
            assert complaint.paused_at is not None and complaint.due_at is None


def test_agency_legs_belong_to_the_agency_the_events_sent_the_case_to(seeded):
    events, legs = histories()
    transfers = 0
    for complaint in Complaint.objects.all():
        starts = {}
        for e in events[complaint.pk]:
            if e.action in (Action.DISPOSE, Action.APPROVE_TRANSFER):
                starts[e.created_at] = e.target_agency_id
            if e.action == Action.REOPEN:
                starts[e.created_at] = e.agency_id
            if e.action == Action.APPROVE_TRANSFER:
                transfers += 1
                assert e.agency_id != e.target_agency_id  # held by the old agency
            if e.action in (Action.ACCEPT, Action.FOLLOW_UP, Action.VALIDATE):
                assert e.agency_id == starts[max(t for t in starts if t <= e.created_at)]
        for leg in legs[complaint.pk]:
            if leg.kind in (LegKind.RESPONSE, LegKind.RESOLUTION):
                assert starts[leg.started_at] == leg.agency_id
                if leg.outcome == "transferred":
                    assert leg.ended_at in starts and starts[leg.ended_at] != leg.agency_id
        if complaint.agency_id is not None:
            assert complaint.agency_id == starts[max(starts)]
    assert transfers > 0


def test_deadlines_follow_the_city_calendar(seeded):
    calendar = city_calendar()
    checked = 0
    for leg in ComplaintLeg.objects.exclude(kind=LegKind.VERIFY).select_related(
        "complaint__category__policy"
    ):
        policy = leg.complaint.category.policy
        amount, unit = {
            LegKind.RESPONSE: (policy.response_amount, policy.response_unit),
            LegKind.RESOLUTION: (policy.resolution_amount, policy.resolution_unit),
            LegKind.VALIDATION: (policy.verify_amount, policy.verify_unit),
        }[leg.kind]
        assert leg.due_at == calendar.add(leg.started_at, amount, unit)
        checked += 1
    assert checked > N
    met = ComplaintLeg.objects.filter(ended_at__isnull=False)
    late = sum(1 for leg in met if not leg.met)
    assert 0.03 * met.count() < late < 0.5 * met.count()  # both outcomes common


def test_ended_legs_keep_their_working_time_as_the_services_do(seeded):
    calendar = city_calendar()
    legs = ComplaintLeg.objects.all()
    assert not legs.filter(ended_at__isnull=False, working_seconds__isnull=True).exists()
    assert not legs.filter(ended_at__isnull=True, working_seconds__isnull=False).exists()
    paused = 0
    for leg in legs.filter(ended_at__isnull=False):
        elapsed = round(calendar.working_seconds_between(leg.started_at, leg.ended_at))
        assert leg.working_seconds == max(0, elapsed - leg.paused_seconds)
        paused += leg.paused_seconds > 0
    assert paused  # some verifications waited for the reporter


def test_working_time_table_equals_the_calendar(db):
    Holiday.objects.create(date=date(2025, 3, 12), name="Libur daerah")
    calendar = city_calendar()
    start = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
    table = WorkingTime(calendar, start, start + 260 * 86400)
    rng = random.Random(3)
    for _ in range(400):
        t = start + rng.randrange(120 * 86400)
        seconds = rng.choice([300, 3600, 4 * 3600, 28800, 3 * 28800, 60 * 28800])
        seconds += rng.randrange(2) * rng.randrange(28800)
        moment = datetime.fromtimestamp(t, UTC)
        expected = calendar.add_seconds(moment, seconds)
        assert datetime.fromtimestamp(table.add(t, seconds), UTC) == expected
        later = t + rng.randrange(40 * 86400)
        assert table.between(t, later) == calendar.working_seconds_between(
            moment, datetime.fromtimestamp(later, UTC)
        )


def test_ratings_privacy_places_and_people(seeded):
    events, _legs = histories()
    for complaint in Complaint.objects.select_related("area", "category"):
        rated = [e for e in events[complaint.pk] if e.action == Action.RATE]
        assert (complaint.rating is not None) == bool(rated)
        if rated:
            assert complaint.state == State.CLOSED and 1 <= complaint.rating <= 5
            assert rated[0].note.startswith(f"{complaint.rating}/5")
        if complaint.category.code == "pungli":
            assert complaint.privacy == Privacy.CONFIDENTIAL
        if complaint.latitude is not None:
            assert area_at(complaint.latitude, complaint.longitude) == complaint.area
        else:
            assert complaint.area is None and complaint.address
        if complaint.state in FINAL_STATES:
            assert complaint.closed_at is not None
        if complaint.state == State.DUPLICATE:
            master = complaint.duplicate_of
            assert master.pk < complaint.pk and master.category_id == complaint.category_id
        if complaint.assigned_officer_id:
            officer = complaint.assigned_officer
            assert officer.agency_id == complaint.agency_id
            assert officer.role in (Role.OFFICER, Role.AGENCY_HEAD)
        assert complaint.reporter_name
    with_phone = Complaint.objects.exclude(reporter_phone="").count()
    assert with_phone < N / 3
    assert Complaint.objects.filter(rework_count__gt=0).exists()
    assert Complaint.objects.filter(reopen_count__gt=0).exists()
    assert Complaint.objects.filter(state=State.CLOSED, rating__isnull=True).exists()


def _content(complaints):
    first = complaints[0].pk
    rows = []
    for c in complaints:
        rows.append(
            (
                c.title,
                c.description,
                c.state,
                c.created_at,
                c.due_at,
                c.latitude,
                c.agency_id,
                c.rating,
                c.duplicate_of_id - first if c.duplicate_of_id else None,
                # A duplicate's note names its master's code, which differs between runs.
                tuple(
                    (action, at, "" if action == Action.MARK_DUPLICATE else note, actor)
                    for action, at, note, actor in c.events.values_list(
                        "action", "created_at", "note", "actor_id"
                    )
                ),
                tuple(c.legs.values_list("kind", "agency_id", "due_at", "ended_at")),
            )
        )
    return rows


def test_same_seed_same_data_and_a_second_run_adds_more(seeded):
    first = list(Complaint.objects.order_by("pk"))
    again = seed_complaints(count=N, days=150, seed=5, batch=77, now=NOW)
    assert again.complaints == N
    assert Complaint.objects.count() == 2 * N
    assert Complaint.objects.values("code").distinct().count() == 2 * N
    second = list(Complaint.objects.order_by("pk"))[N:]
    assert _content(first) == _content(second)
    other = seed_complaints(count=20, days=150, seed=6, now=NOW)
    assert other.complaints == 20 and Complaint.objects.count() == 2 * N + 20


def test_seeded_cases_go_on_through_the_real_services(seeded):
    operator = User.objects.get(username="operator")
    disposed = Complaint.objects.filter(state=State.DISPOSED).select_related("agency").first()
    officer = User.objects.filter(agency=disposed.agency, role=Role.OFFICER).first()
    now = NOW + timedelta(minutes=5)
    accepted = services.complaint_accept(complaint=disposed, user=officer, now=now)
    assert accepted.state == State.IN_PROGRESS and accepted.assigned_officer == officer
    assert not disposed.legs.filter(kind=LegKind.RESPONSE, ended_at__isnull=True).exists()

    waiting = Complaint.objects.filter(state=State.AWAITING_VALIDATION).first()
    back = services.complaint_reject_follow_up(
        complaint=waiting, user=operator, reason="Foto bukti kurang jelas.", now=now
    )
    assert back.state == State.IN_PROGRESS and back.rework_count == waiting.rework_count + 1
    leg = back.legs.get(kind=LegKind.RESOLUTION, ended_at__isnull=True)
    assert leg.due_at == back.resolution_due_at == back.due_at

    new = Complaint.objects.filter(state=State.NEW).first()
    rejected = services.complaint_reject(complaint=new, user=operator, reason="Uji.", now=now)
    assert rejected.state == State.REJECTED
    assert not rejected.legs.filter(ended_at__isnull=True).exists()


def test_command_loads_the_city_and_reports(db):
    out = StringIO()
    call_command("seed", complaints=40, days=30, batch=15, stdout=out)
    text = out.getvalue()
    assert "40 pengaduan" in text and "/dtk" in text
    assert Complaint.objects.count() == 40
    assert User.objects.filter(username="operator").exists()


def test_a_server_writing_between_batches_gets_ids_of_its_own(db):
    """`cerdas seed` beside a running server: the server files and handles complaints
    between the seeder's batches, with ids the database assigns. Neither side's rows may
    take the other's id (it used to: IntegrityError on complaints_complaintevent.id)."""
    from cerdas.complaints.models import Category

    seed_complaints(count=10, days=30, seed=1, batch=10, now=NOW)  # the city, a first batch
    written = []

    def server_writes(done, count, seconds, rows):
        category = Category.objects.filter(is_active=True).first()
        filed = services.complaint_submit(
            category=category,
            description="Lampu jalan mati sejak kemarin malam.",
            address="Jl. Sam Ratulangi depan Gereja Sentrum",
            now=NOW,
        )
        new = Complaint.objects.filter(state=State.NEW).exclude(pk=filed.pk).first()
        operator = User.objects.get(username="operator")
        services.complaint_reject(complaint=new, user=operator, reason="Uji.", now=NOW)
        written.append(filed.pk)

    before = ComplaintEvent.objects.count()
    result = seed_complaints(count=90, days=30, seed=2, batch=30, now=NOW, progress=server_writes)
    assert len(written) == 3 and result.complaints == 90
    assert Complaint.objects.count() == 10 + 90 + 3
    assert ComplaintEvent.objects.count() > before + result.events
    # And once the seeder is done, the server's next rows still find free ids.
    server_writes(0, 0, 0, 0)
    assert Complaint.objects.count() == 10 + 90 + 4
