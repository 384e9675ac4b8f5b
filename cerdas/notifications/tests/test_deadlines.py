"""Deadline warnings for officers and the escalation ladder, with frozen time."""

from datetime import timedelta

import pytest
import time_machine

from cerdas.complaints.services import complaint_dispose
from cerdas.notifications.deadlines import deadlines_escalate, deadlines_warn
from cerdas.notifications.models import EscalationStep, Notification
from cerdas.workdays.calendar import city_calendar

from .conftest import set_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(city):
    set_emails(
        [
            (city.officer, "petugas@pupr.example"),
            (city.head, "kepala@pupr.example"),
            (city.operator, "operator@cc.example"),
            (city.leader, "walikota@kota.example"),
            (city.other_officer, "petugas@dlh.example"),
        ]
    )
    return city


@pytest.fixture
def disposed(staff, submit):
    complaint = submit()
    complaint_dispose(complaint=complaint, user=staff.operator, agency=staff.pupr)
    complaint.refresh_from_db()
    return complaint


def told(template):
    return sorted(Notification.objects.filter(template=template).values_list("address", flat=True))


def test_officers_are_warned_once_before_the_deadline(staff, disposed, settings):
    settings.CERDAS_NOTIFY_WARN_HOURS = 8
    calendar = city_calendar()
    early = disposed.due_at - timedelta(days=10)
    assert deadlines_warn(now=early) == 0
    near = calendar.add(disposed.due_at - timedelta(days=3), 0, "hours")
    while calendar.remaining(near, disposed.due_at) > 8 * 3600:
        near += timedelta(hours=1)
    assert deadlines_warn(now=near) == 1
    assert told("deadline_near") == ["petugas@pupr.example"]
    assert deadlines_warn(now=near + timedelta(minutes=5)) == 0  # never twice
    [notice] = Notification.objects.filter(template="deadline_near")
    assert disposed.code in notice.body and "Budi" not in notice.body


def test_the_ladder_climbs_with_working_hours(staff, disposed):
    calendar = city_calendar()
    due = disposed.due_at
    assert deadlines_escalate(now=due - timedelta(minutes=1)) == 0
    just_late = due + timedelta(minutes=1)
    assert deadlines_escalate(now=just_late) == 1
    assert told("deadline_passed") == ["petugas@pupr.example"]
    assert deadlines_escalate(now=just_late) == 0
    # One working day later (8 working hours): the agency head; the operator after 16.
    assert deadlines_escalate(now=calendar.add(due, 8, "hours") + timedelta(minutes=1)) == 1
    assert deadlines_escalate(now=calendar.add(due, 16, "hours") + timedelta(minutes=1)) == 1
    assert deadlines_escalate(now=calendar.add(due, 40, "hours") + timedelta(minutes=1)) == 1
    assert told("deadline_passed") == [
        "kepala@pupr.example",
        "operator@cc.example",
        "petugas@pupr.example",
        "walikota@kota.example",
    ]
    assert deadlines_escalate(now=calendar.add(due, 80, "hours")) == 0
    assert "petugas@dlh.example" not in told("deadline_passed")


def test_a_category_can_have_its_own_ladder(staff, disposed):
    EscalationStep.objects.create(category=staff.road, rung="leader", after_hours=0)
    with time_machine.travel(disposed.due_at + timedelta(minutes=1), tick=False):
        assert deadlines_escalate() == 1
    assert told("deadline_passed") == ["walikota@kota.example"]


def test_escalation_does_not_run_twice_when_two_hosts_race(staff, disposed):
    late = disposed.due_at + timedelta(minutes=1)
    assert deadlines_escalate(now=late) + deadlines_escalate(now=late) == 1
    assert Notification.objects.filter(template="deadline_passed").count() == 1
