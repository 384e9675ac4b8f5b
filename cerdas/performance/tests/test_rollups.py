"""The rollups equal a recount of the complaint tables, and the figures read from them
equal the figures read from the tables."""

from dataclasses import asdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from cerdas.complaints import services
from cerdas.complaints.models import OPEN_STATES, Category, Complaint, State
from cerdas.performance import rollups
from cerdas.performance.models import DailyFigure, Metric, OpenCase, WorkingTimes
from cerdas.performance.queries import Filters, Period, agency_scorecards
from conftest import jpeg_bytes

EVIDENCE = [services.Upload(name="bukti.jpg", data=jpeg_bytes())]


def assert_rollups_equal_recount():
    counted = {k: v for k, v in rollups.recount().items() if v != (0, 0)}
    assert rollups.stored() == counted
    assert rollups.times_stored() == rollups.times_recount()
    kept = {c.pk: asdict_case(c) for c in OpenCase.objects.all()}
    assert kept == {pk: asdict_case(c) for pk, c in rollups.open_cases_recount().items()}
    return counted


def asdict_case(case: OpenCase) -> dict:
    return {f.attname: getattr(case, f.attname) for f in OpenCase._meta.concrete_fields}


def cards(**kwargs) -> list[dict]:
    return [asdict(card) for card in agency_scorecards(**kwargs)]


@pytest.fixture
def demo_city(db, settings, tmp_path):
    """A city whose 150 cases lived their whole life through the services."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", complaints=150, seed=11, stdout=StringIO())


def test_rollups_kept_by_the_services_equal_a_recount(demo_city):
    counted = assert_rollups_equal_recount()
    metrics = {metric for _, metric, _, _ in counted}
    # Every kind of figure was exercised by the demo's stories.
    assert {"received", "sent", "judged_response", "judged_resolution", "validate"} <= metrics
    assert sum(n for (_, m, _, _), (n, _) in counted.items() if m == "received") == 150
    assert OpenCase.objects.count() == Complaint.objects.filter(state__in=OPEN_STATES).count()


def test_scorecards_from_rollups_equal_scorecards_from_the_tables(demo_city):
    now = timezone.now()
    category = Category.objects.order_by("pk").first()
    for period in (Period.last_days(30, now=now), Period.last_days(90, now=now)):
        for filters in (Filters(), Filters(category_ids=(category.pk,))):
            kwargs = {"period": period, "filters": filters, "now": now}
            from_rollups = cards(**kwargs)
            assert from_rollups == cards(**kwargs, from_rollups=False)
    assert any(card["received"] for card in from_rollups)


def test_a_follow_up_sent_back_takes_its_judgment_back(city, submit):
    complaint = submit()
    now = timezone.now()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=complaint, user=city.officer)
    services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah ditambal", photos=EVIDENCE
    )
    resolution = {"metric": Metric.JUDGED_RESOLUTION, "agency_id": city.pupr.pk}
    assert DailyFigure.objects.get(**resolution).n == 1
    timed = {"kind": "resolution", "agency_id": city.pupr.pk}
    first = rollups.parse_seconds(WorkingTimes.objects.get(**timed).seconds)
    assert len(first) == 1
    services.complaint_reject_follow_up(complaint=complaint, user=city.operator, reason="Belum")
    # The resolution leg runs again: it is no longer judged, until it ends again, and
    # its working time is taken back.
    assert DailyFigure.objects.get(**resolution).n == 0
    assert rollups.parse_seconds(WorkingTimes.objects.get(**timed).seconds) == []
    assert OpenCase.objects.get(pk=complaint.pk).state == State.IN_PROGRESS
    services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah diaspal", photos=EVIDENCE
    )
    services.complaint_validate(complaint=complaint, user=city.operator)
    assert DailyFigure.objects.get(**resolution).n == 1
    assert not OpenCase.objects.filter(pk=complaint.pk).exists()
    assert DailyFigure.objects.get(metric=Metric.VALIDATE).n == 1
    assert len(rollups.parse_seconds(WorkingTimes.objects.get(**timed).seconds)) == 1
    assert_rollups_equal_recount()
    assert DailyFigure.objects.get(metric="received").day == rollups.local_day(now)


def test_a_failed_step_counts_nothing(city, submit):
    complaint = submit()
    before = rollups.stored()
    with pytest.raises(services.WorkflowError):
        services.complaint_accept(complaint=complaint, user=city.officer)  # not sent yet
    assert rollups.stored() == before


def test_the_command_finds_a_difference_and_rebuilds(city, submit):
    submit()
    out = StringIO()
    call_command("rollups", stdout=out)
    assert "sama" in out.getvalue()
    DailyFigure.objects.filter(metric=Metric.RECEIVED).update(n=5)
    OpenCase.objects.all().delete()
    with pytest.raises(CommandError, match="berbeda"):
        call_command("rollups", stdout=StringIO())
    call_command("rollups", "--rebuild", stdout=StringIO())
    assert_rollups_equal_recount()
    assert DailyFigure.objects.get(metric=Metric.RECEIVED).n == 1


def test_the_command_finds_a_wrong_working_time(city, submit):
    complaint = submit()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=complaint, user=city.officer)
    response = WorkingTimes.objects.get(kind="response", agency_id=city.pupr.pk)
    WorkingTimes.objects.filter(pk=response.pk).update(seconds=response.seconds + " 99")
    out = StringIO()
    with pytest.raises(CommandError, match="1 angka harian"):
        call_command("rollups", stdout=out)
    assert "disimpan 2, dihitung 1" in out.getvalue()
    call_command("rollups", "--rebuild", stdout=StringIO())
    assert_rollups_equal_recount()
    assert WorkingTimes.objects.get(pk__gt=0).seconds == response.seconds.strip()


def test_counts_are_written_last_and_a_failed_inner_block_takes_its_own_back(db):
    key = (date(2026, 1, 5), Metric.RECEIVED, 0, 1)
    with transaction.atomic(), rollups.held_counts():
        rollups._add(key)
        # Held: the day's shared row is not locked while the rest of the change runs.
        assert not DailyFigure.objects.exists()
        with pytest.raises(ValueError), rollups.held_counts():
            rollups._add(key, 5)
            raise ValueError
        rollups._add(key)
    assert DailyFigure.objects.get().n == 2
    with pytest.raises(ValueError), transaction.atomic(), rollups.held_counts():
        rollups._add(key, 7)
        raise ValueError
    assert DailyFigure.objects.get().n == 2
    rollups._add(key)  # outside a service: written at once
    assert DailyFigure.objects.get().n == 3
