"""Deadlines of a case in working time, in the city's zone (Asia/Makassar, WITA).

Working hours 08:00-16:00, Monday to Friday, minus national holidays and the cuti bersama an
admin enters. Week of Monday 2 February 2026 and the next one have no national holiday;
Tuesday 17 February 2026 is Imlek and Monday 17 August 2026 is Independence Day. The SKB
makes Monday 16 February a cuti bersama; the tests of legs and pauses below were counted
without it and cancel it (`without_imlek_leave`), as an admin may. The leave days themselves
are pinned in cerdas/workdays/tests/test_deadline_table.py.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine

from cerdas.complaints import services
from cerdas.complaints.models import Complaint, ComplaintLeg, LegKind, State
from cerdas.complaints.services import Upload
from cerdas.workdays.models import Holiday, HolidayKind
from conftest import jpeg_bytes

WITA = ZoneInfo("Asia/Makassar")


def wita(*args: int) -> datetime:
    return datetime(*args, tzinfo=WITA)


FRIDAY_15 = wita(2026, 2, 6, 15, 0)
WEDNESDAY_15 = wita(2026, 2, 11, 15, 0)  # 1 h Friday + 8 h Monday + 8 h Tuesday + 7 h Wednesday


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The city fixture hashes ten passwords; the default hasher takes seconds for that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(FRIDAY_15, tick=False)
    return time_machine


def reload(complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def leg(complaint, kind) -> ComplaintLeg:
    return ComplaintLeg.objects.filter(complaint=complaint, kind=kind).latest("started_at", "id")


def test_dates_used_here_match_the_holidays_package():
    national = holidays.country_holidays("ID", years=2026)
    assert date(2026, 2, 17) in national  # Imlek
    assert date(2026, 8, 17) in national  # Independence Day, a Monday
    for day in [*range(2, 17), 18, 19, 20]:
        assert date(2026, 2, day) not in national
    for day in range(10, 17):
        assert date(2026, 8, day) not in national
    for day in range(18, 22):
        assert date(2026, 8, day) not in national


# --- the verify leg ------------------------------------------------------------------------


@time_machine.travel(FRIDAY_15, tick=False)
def test_friday_afternoon_case_is_due_wednesday_at_the_same_hour(submit):
    complaint = reload(submit())
    assert complaint.created_at == FRIDAY_15
    assert complaint.verify_due_at == WEDNESDAY_15
    assert complaint.due_at == WEDNESDAY_15
    verify = leg(complaint, LegKind.VERIFY)
    assert (verify.started_at, verify.due_at, verify.paused_at) == (FRIDAY_15, WEDNESDAY_15, None)
    # Stored in UTC: 15:00 WITA is 07:00 UTC.
    assert complaint.verify_due_at.utcoffset().total_seconds() == 0
    assert Complaint.objects.filter(verify_due_at=datetime(2026, 2, 11, 7, 0, tzinfo=UTC)).exists()


@time_machine.travel(wita(2026, 8, 14, 15, 0), tick=False)
def test_national_holiday_in_between_pushes_the_deadline_a_day(submit):
    # Monday 17 August is Independence Day: Friday 15:00 -> Thursday 15:00.
    assert reload(submit()).verify_due_at == wita(2026, 8, 20, 15, 0)


@time_machine.travel(FRIDAY_15, tick=False)
def test_cuti_bersama_entered_by_the_admin_pushes_the_deadline(submit):
    before = submit()  # also fills the calendar cache
    assert reload(before).verify_due_at == WEDNESDAY_15

    holiday = Holiday.objects.create(
        date=date(2026, 2, 10), name="Cuti bersama", kind=HolidayKind.CUTI_BERSAMA
    )
    after = submit()
    assert reload(after).verify_due_at == wita(2026, 2, 12, 15, 0)
    assert reload(before).verify_due_at == WEDNESDAY_15  # a filed case keeps its promise

    holiday.delete()
    assert reload(submit()).verify_due_at == WEDNESDAY_15


@time_machine.travel(FRIDAY_15, tick=False)
def test_holiday_on_a_weekend_changes_nothing(submit):
    Holiday.objects.create(date=date(2026, 2, 7), name="Libur daerah", kind=HolidayKind.LOCAL)
    assert reload(submit()).verify_due_at == WEDNESDAY_15


@time_machine.travel(wita(2026, 2, 7, 10, 0), tick=False)
def test_case_filed_on_saturday_starts_its_clock_on_monday_morning(submit):
    assert reload(submit()).verify_due_at == wita(2026, 2, 11, 16, 0)


@time_machine.travel(FRIDAY_15, tick=False)
def test_hours_based_policy_counts_working_hours(city, submit):
    # Garbage: verify within 4 working hours. 1 h on Friday, 3 h on Monday.
    complaint = reload(submit(category=city.garbage))
    assert complaint.verify_due_at == complaint.due_at == wita(2026, 2, 9, 11, 0)
    assert leg(complaint, LegKind.VERIFY).due_at == wita(2026, 2, 9, 11, 0)


def test_hours_based_policy_also_times_the_validation_leg(city, submit, clock):
    complaint = submit(category=city.garbage)
    clock.move_to(wita(2026, 2, 9, 9, 0), tick=False)
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.dlh)
    services.complaint_accept(complaint=complaint, user=city.other_officer)
    clock.move_to(wita(2026, 2, 9, 14, 0), tick=False)
    services.complaint_follow_up(
        complaint=complaint,
        user=city.other_officer,
        note="Sampah sudah diangkut.",
        photos=[Upload(name="bukti.jpg", data=jpeg_bytes())],
    )
    # 2 h on Monday, 2 h on Tuesday.
    assert leg(complaint, LegKind.VALIDATION).due_at == wita(2026, 2, 10, 10, 0)
    assert reload(complaint).due_at == wita(2026, 2, 10, 10, 0)


# --- pausing while the reporter is asked for information ---------------------------------


def test_request_info_pauses_and_provide_info_gives_back_the_remaining_time(city, submit, clock):
    complaint = submit()
    monday_10 = wita(2026, 2, 9, 10, 0)
    clock.move_to(monday_10, tick=False)
    services.complaint_request_info(complaint=complaint, user=city.operator, question="Di mana?")

    paused = reload(complaint)
    assert paused.state == State.NEEDS_INFO
    assert (paused.due_at, paused.paused_at) == (None, monday_10)
    verify = leg(complaint, LegKind.VERIFY)
    assert (verify.paused_at, verify.due_at, verify.ended_at) == (monday_10, WEDNESDAY_15, None)
    assert not Complaint.objects.overdue(wita(2026, 3, 1, 8, 0)).exists()

    # 21 working hours were left (Mon 6 h, Tue 8 h, Wed 7 h). Two calendar days later:
    clock.move_to(wita(2026, 2, 11, 10, 0), tick=False)
    services.complaint_provide_info(
        complaint=complaint, user=None, reporter_link=True, text="Depan toko emas."
    )
    resumed = reload(complaint)
    friday_15 = wita(2026, 2, 13, 15, 0)  # Wed 6 h, Thu 8 h, Fri 7 h
    assert resumed.state == State.NEW
    assert (resumed.due_at, resumed.verify_due_at, resumed.paused_at) == (
        friday_15,
        friday_15,
        None,
    )
    verify.refresh_from_db()
    assert (verify.paused_at, verify.due_at, verify.ended_at) == (None, friday_15, None)


def test_a_pause_after_the_deadline_gives_back_no_time(city, submit, clock):
    complaint = submit()
    clock.move_to(wita(2026, 2, 12, 9, 0), tick=False)  # the day after the deadline
    services.complaint_request_info(complaint=complaint, user=city.operator, question="Foto?")
    clock.move_to(wita(2026, 2, 13, 9, 0), tick=False)
    services.complaint_provide_info(complaint=complaint, user=None, reporter_link=True, text="Ini")
    assert reload(complaint).due_at == WEDNESDAY_15
    assert leg(complaint, LegKind.VERIFY).due_at == WEDNESDAY_15


@pytest.mark.usefixtures("without_imlek_leave")
def test_dispose_while_waiting_for_information_ends_the_verify_leg_without_the_pause(
    city, submit, clock
):
    complaint = submit()
    clock.move_to(wita(2026, 2, 9, 10, 0), tick=False)
    services.complaint_request_info(complaint=complaint, user=city.operator, question="Di mana?")
    # Disposed the day after the original deadline, but the clock stood still meanwhile:
    # the 21 working hours left run from now, to Monday 16 February 15:00.
    thursday_10 = wita(2026, 2, 12, 10, 0)
    clock.move_to(thursday_10, tick=False)
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)

    verify = leg(complaint, LegKind.VERIFY)
    assert (verify.ended_at, verify.outcome, verify.paused_at) == (thursday_10, "done", None)
    assert verify.due_at == wita(2026, 2, 16, 15, 0)
    assert verify.met is True
    disposed = reload(complaint)
    assert (disposed.state, disposed.paused_at) == (State.DISPOSED, None)
    # The agency's first response: 5 working days, skipping Imlek on Tuesday 17 February.
    assert disposed.due_at == disposed.response_due_at == wita(2026, 2, 20, 10, 0)
    assert leg(complaint, LegKind.RESPONSE).due_at == wita(2026, 2, 20, 10, 0)


def test_reject_while_waiting_for_information_closes_the_paused_leg(city, submit, clock):
    complaint = submit()
    clock.move_to(wita(2026, 2, 9, 10, 0), tick=False)
    services.complaint_request_info(complaint=complaint, user=city.operator, question="Di mana?")
    clock.move_to(wita(2026, 2, 20, 10, 0), tick=False)
    services.complaint_reject(complaint=complaint, user=city.operator, reason="Tidak dijawab.")
    verify = leg(complaint, LegKind.VERIFY)
    assert (verify.ended_at, verify.paused_at) == (wita(2026, 2, 20, 10, 0), None)
    assert reload(complaint).due_at is None


# --- the running deadline per state ------------------------------------------------------


@pytest.mark.usefixtures("without_imlek_leave")
def test_due_at_follows_the_leg_the_current_holder_is_working_on(city, submit, clock):
    complaint = submit()
    assert reload(complaint).due_at == leg(complaint, LegKind.VERIFY).due_at == WEDNESDAY_15

    clock.move_to(wita(2026, 2, 9, 9, 0), tick=False)
    services.complaint_request_info(complaint=complaint, user=city.operator, question="?")
    assert reload(complaint).due_at is None

    clock.move_to(wita(2026, 2, 9, 11, 0), tick=False)
    services.complaint_provide_info(complaint=complaint, user=None, reporter_link=True, text="!")
    assert reload(complaint).due_at == leg(complaint, LegKind.VERIFY).due_at

    clock.move_to(wita(2026, 2, 9, 13, 0), tick=False)
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    response = leg(complaint, LegKind.RESPONSE)
    assert response.due_at == wita(2026, 2, 16, 13, 0)
    assert reload(complaint).due_at == response.due_at

    clock.move_to(wita(2026, 2, 10, 9, 0), tick=False)
    services.complaint_accept(complaint=complaint, user=city.officer)
    resolution = leg(complaint, LegKind.RESOLUTION)
    # 14 working days from Monday 9 Feb 13:00, Imlek skipped.
    assert resolution.due_at == wita(2026, 3, 2, 13, 0)
    assert reload(complaint).due_at == resolution.due_at

    clock.move_to(wita(2026, 2, 11, 9, 0), tick=False)
    photo = Upload(name="bukti.jpg", data=jpeg_bytes())
    services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Selesai.", photos=[photo]
    )
    validation = leg(complaint, LegKind.VALIDATION)
    assert validation.due_at == wita(2026, 2, 16, 9, 0)
    assert reload(complaint).due_at == validation.due_at

    clock.move_to(wita(2026, 2, 11, 10, 0), tick=False)
    services.complaint_reject_follow_up(complaint=complaint, user=city.operator, reason="Belum.")
    assert reload(complaint).due_at == resolution.due_at

    clock.move_to(wita(2026, 2, 12, 9, 0), tick=False)
    services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah.", photos=[photo]
    )
    services.complaint_validate(complaint=complaint, user=city.operator)
    assert reload(complaint).due_at is None

    clock.move_to(wita(2026, 2, 13, 9, 0), tick=False)
    services.complaint_reopen(
        complaint=complaint, user=None, reporter_link=True, reason="Rusak lagi."
    )
    reopened = leg(complaint, LegKind.RESOLUTION)
    assert reopened.pk != resolution.pk
    assert reopened.due_at == wita(2026, 3, 6, 9, 0)  # 14 working days, Imlek skipped
    assert reload(complaint).due_at == reopened.due_at


@pytest.mark.parametrize("ending", ["reject", "hand_off", "mark_duplicate"])
def test_a_case_closed_at_the_door_has_no_running_deadline(city, submit, clock, ending):
    complaint = submit()
    master = submit()
    if ending == "reject":
        services.complaint_reject(complaint=complaint, user=city.operator, reason="Spam.")
    elif ending == "hand_off":
        services.complaint_hand_off(
            complaint=complaint, user=city.operator, body=city.pln, note="."
        )
    else:
        services.complaint_mark_duplicate(complaint=complaint, user=city.operator, master=master)
    assert reload(complaint).due_at is None
    assert not ComplaintLeg.objects.filter(complaint=complaint, ended_at__isnull=True).exists()


# --- met or missed -------------------------------------------------------------------------


def test_leg_met_tells_whether_it_ended_by_its_deadline(city, submit, clock):
    complaint = submit()
    assert leg(complaint, LegKind.VERIFY).met is None  # still running

    clock.move_to(wita(2026, 2, 12, 9, 0), tick=False)  # the day after Wednesday 15:00
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    assert leg(complaint, LegKind.VERIFY).met is False
    assert Complaint.objects.overdue(wita(2026, 2, 12, 9, 0)).count() == 0  # a new leg runs

    response = leg(complaint, LegKind.RESPONSE)
    clock.move_to(response.due_at, tick=False)  # exactly on time still counts
    services.complaint_accept(complaint=complaint, user=city.officer)
    assert leg(complaint, LegKind.RESPONSE).met is True


def test_overdue_lists_open_cases_past_their_running_deadline(submit, clock):
    late = submit()
    clock.move_to(wita(2026, 2, 11, 15, 0, 1), tick=False)
    fresh = submit()
    overdue = Complaint.objects.overdue(wita(2026, 2, 11, 15, 0, 1))
    assert list(overdue) == [late]
    assert fresh not in overdue


# --- each leg's own working time (the scorecards' response and resolution times) ----------


def test_a_leg_keeps_its_working_time_less_the_pause_for_the_reporter(city, submit, clock):
    complaint = submit()  # Friday 15:00
    clock.move_to(wita(2026, 2, 9, 10, 0), tick=False)  # Monday 10:00: 1 h Fri + 2 h Mon
    services.complaint_request_info(complaint=complaint, user=city.operator, question="Di mana?")
    clock.move_to(wita(2026, 2, 11, 10, 0), tick=False)  # paused 6 + 8 + 2 = 16 working hours
    services.complaint_provide_info(
        complaint=complaint, user=None, reporter_link=True, text="Depan toko emas."
    )
    clock.move_to(wita(2026, 2, 11, 14, 30), tick=False)  # 4.5 h more
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    verify = leg(complaint, LegKind.VERIFY)
    assert verify.paused_seconds == 16 * 3600
    assert verify.working_seconds == int(7.5 * 3600)


@pytest.mark.usefixtures("without_imlek_leave")
def test_response_and_resolution_times_skip_nights_weekends_and_holidays(city, submit, clock):
    complaint = submit()
    clock.move_to(wita(2026, 2, 13, 15, 0), tick=False)  # Friday 15:00
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    clock.move_to(wita(2026, 2, 16, 9, 0), tick=False)  # Monday 09:00: 1 h + 1 h
    complaint = services.complaint_accept(complaint=complaint, user=city.head)
    assert leg(complaint, LegKind.RESPONSE).working_seconds == 2 * 3600
    # Tuesday 17 February is Imlek: Monday 7 h after accepting, Wednesday 2 h.
    clock.move_to(wita(2026, 2, 18, 10, 0), tick=False)
    complaint = services.complaint_follow_up(
        complaint=complaint,
        user=city.officer,
        note="Sudah ditambal.",
        photos=[Upload(name="bukti.jpg", data=jpeg_bytes())],
    )
    # The resolution leg runs from the disposal: 1 h Fri + 8 h Mon + 2 h Wed.
    assert leg(complaint, LegKind.RESOLUTION).working_seconds == 11 * 3600


def test_rework_reopens_the_resolution_leg_and_its_time_counts_on(city, submit, clock):
    complaint = submit()
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    complaint = services.complaint_accept(complaint=complaint, user=city.head)
    evidence = [Upload(name="bukti.jpg", data=jpeg_bytes())]
    clock.move_to(wita(2026, 2, 9, 9, 0), tick=False)  # 1 h Fri + 1 h Mon
    complaint = services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Selesai.", photos=evidence
    )
    assert leg(complaint, LegKind.RESOLUTION).working_seconds == 2 * 3600
    complaint = services.complaint_reject_follow_up(
        complaint=complaint, user=city.operator, reason="Foto tidak menunjukkan lokasi."
    )
    resolution = leg(complaint, LegKind.RESOLUTION)
    assert (resolution.ended_at, resolution.working_seconds) == (None, None)
    clock.move_to(wita(2026, 2, 9, 12, 0), tick=False)
    complaint = services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah, ini fotonya.", photos=evidence
    )
    assert leg(complaint, LegKind.RESOLUTION).working_seconds == 5 * 3600
