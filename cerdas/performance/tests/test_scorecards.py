"""Scorecards against figures worked out by hand.

February 2026 in WITA, working hours 08:00-16:00; Tuesday 17 February is Imlek. The road
category gives an OPD 5 working days for its first response and 14 for the resolution;
the garbage category 5 and 3.

- A (Dinas PUPR): disposed Mon 2 Feb 10:00, accepted Tue 3 Feb 10:00 (8 working hours),
  followed up Wed 4 Feb 10:00 (16 h from disposal), validated, rated 5.
- C (Dinas PUPR): disposed Mon 2 Feb 10:00 and never answered: its response (due Mon 9
  Feb 10:00) and its resolution (due Mon 23 Feb 10:00, Imlek skipped) are missed.
- D (DLH, garbage): disposed Mon 2 Feb 10:00, accepted Mon 9 Feb 12:00 (42 h, 2 h late),
  followed up Tue 10 Feb, sent back (rework), followed up again Wed 11 Feb 10:00 (56 h,
  due Thu 5 Feb), validated, reopened by the reporter Thu 12 Feb: the new resolution leg
  (due Wed 18 Feb 10:00) is still running on 27 February.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cerdas.complaints import services
from cerdas.complaints.services import Upload
from cerdas.lib.scoring import compliance_score, percentile, zone
from cerdas.performance.queries import (
    Filters,
    Period,
    agency_scorecards,
    city_summary,
    officer_scorecards,
)
from conftest import jpeg_bytes

WITA = ZoneInfo("Asia/Makassar")
FEBRUARY = Period(date(2026, 2, 1), date(2026, 2, 28))


def wita(*args: int) -> datetime:
    return datetime(*args, tzinfo=WITA)


NOW = wita(2026, 2, 27, 12, 0)


@pytest.fixture(autouse=True)
def _minimum(settings):
    settings.CERDAS_SCORE_MIN_CASES = 2


@pytest.fixture
def history(city, submit, time_machine):
    def at(*args):
        time_machine.move_to(wita(*args), tick=False)

    evidence = [Upload(name="bukti.jpg", data=jpeg_bytes())]
    at(2026, 2, 2, 9, 0)
    a = submit(description="Lubang besar di Jl. Sam Ratulangi.")
    c = submit(description="Aspal mengelupas di depan sekolah.")
    d = submit(category=city.garbage, description="Sampah menumpuk di pasar.")
    at(2026, 2, 2, 10, 0)
    a = services.complaint_dispose(complaint=a, user=city.operator, agency=city.pupr)
    c = services.complaint_dispose(complaint=c, user=city.operator, agency=city.pupr)
    d = services.complaint_dispose(complaint=d, user=city.operator, agency=city.dlh)
    at(2026, 2, 3, 10, 0)
    a = services.complaint_accept(complaint=a, user=city.head, officer=city.officer)
    at(2026, 2, 4, 10, 0)
    a = services.complaint_follow_up(
        complaint=a, user=city.officer, note="Sudah ditambal.", photos=evidence
    )
    at(2026, 2, 4, 11, 0)
    a = services.complaint_validate(complaint=a, user=city.operator)
    at(2026, 2, 5, 9, 0)
    services.complaint_rate(complaint=a, user=None, reporter_link=True, rating=5)
    at(2026, 2, 9, 12, 0)
    d = services.complaint_accept(complaint=d, user=city.other_officer)
    at(2026, 2, 10, 10, 0)
    d = services.complaint_follow_up(
        complaint=d, user=city.other_officer, note="Diangkut.", photos=evidence
    )
    at(2026, 2, 10, 11, 0)
    d = services.complaint_reject_follow_up(
        complaint=d, user=city.operator, reason="Foto tidak menunjukkan pasar."
    )
    at(2026, 2, 11, 10, 0)
    d = services.complaint_follow_up(
        complaint=d, user=city.other_officer, note="Ini fotonya.", photos=evidence
    )
    d = services.complaint_validate(complaint=d, user=city.operator)
    at(2026, 2, 12, 10, 0)
    services.complaint_reopen(
        complaint=d, user=None, reporter_link=True, reason="Sampah menumpuk lagi."
    )
    at(2026, 2, 27, 12, 0)


def by_name(cards):
    return {card.name: card for card in cards}


def test_agency_scorecards_match_the_hand_computed_figures(city, history):
    cards = agency_scorecards(period=FEBRUARY, now=NOW)
    assert [card.name for card in cards] == ["Dinas PUPR", "DLH"]  # best score first
    pupr, dlh = cards

    assert (pupr.received, pupr.closed) == (2, 1)
    assert (pupr.response.judged, pupr.response.met) == (2, 1)
    assert (pupr.resolution.judged, pupr.resolution.met) == (2, 1)
    assert (pupr.response_time.count, pupr.response_time.median) == (1, 8.0)
    assert pupr.resolution_time.median == 16.0
    assert (pupr.follow_ups, pupr.reworked, pupr.rework_rate) == (1, 0, 0.0)
    assert (pupr.validated, pupr.reopened, pupr.reopen_rate) == (1, 0, 0.0)
    assert (pupr.rated, pupr.mean_rating) == (1, 5.0)
    assert (pupr.backlog, pupr.backlog_overdue, pupr.backlog_ages) == (1, 1, [0, 0, 1, 0])
    # 100 x (25 x 0.5 + 35 x 0.5 + 10 x 1 + 10 x 1 + 10 x 1) / 90
    assert (pupr.score.value, pupr.score.zone) == (66.7, "kuning")

    assert dlh.received == 1
    assert (dlh.response.judged, dlh.response.met) == (1, 0)
    assert (dlh.resolution.judged, dlh.resolution.met) == (2, 0)  # before and after reopen
    assert (dlh.response_time.median, dlh.resolution_time.median) == (42.0, 56.0)
    assert (dlh.follow_ups, dlh.reworked, dlh.rework_rate) == (2, 1, 0.5)
    assert (dlh.validated, dlh.reopened, dlh.reopen_rate) == (1, 1, 1.0)
    assert (dlh.rated, dlh.mean_rating) == (0, None)
    assert (dlh.backlog, dlh.backlog_overdue) == (1, 1)
    # No rating: satisfaction drops out. 100 x (0 + 0 + 10 x 0.5 + 10 x 0) / 80
    assert "satisfaction" not in dlh.score.used
    assert (dlh.score.value, dlh.score.zone) == (6.2, "merah")


def test_too_few_cases_give_no_score_and_no_rank(city, history, settings):
    settings.CERDAS_SCORE_MIN_CASES = 4
    cards = by_name(agency_scorecards(period=FEBRUARY, now=NOW))
    assert cards["Dinas PUPR"].score.value == 66.7
    assert cards["DLH"].score.value is None and cards["DLH"].score.zone == ""
    assert cards["DLH"].follow_ups == 2  # the figures are still shown


def test_a_deadline_still_ahead_is_not_judged_yet(city, submit, time_machine):
    time_machine.move_to(wita(2026, 2, 2, 9, 0), tick=False)
    answered, waiting = submit(), submit()
    for case in (answered, waiting):
        case = services.complaint_dispose(complaint=case, user=city.operator, agency=city.pupr)
    time_machine.move_to(wita(2026, 2, 3, 10, 0), tick=False)
    services.complaint_accept(complaint=answered, user=city.head)
    # Both responses are due on 9 February. On the 6th only the one given counts (met);
    # the other is judged once its deadline has passed (missed).
    early = by_name(agency_scorecards(period=FEBRUARY, now=wita(2026, 2, 6, 12, 0)))
    assert (early["Dinas PUPR"].response.judged, early["Dinas PUPR"].response.met) == (1, 1)
    late = by_name(agency_scorecards(period=FEBRUARY, now=wita(2026, 2, 9, 11, 0)))
    assert (late["Dinas PUPR"].response.judged, late["Dinas PUPR"].response.met) == (2, 1)


def test_a_unit_counts_for_its_opd(city, submit, time_machine):
    time_machine.move_to(wita(2026, 2, 2, 9, 0), tick=False)
    case = submit()
    services.complaint_dispose(complaint=case, user=city.operator, agency=city.uptd)
    cards = by_name(agency_scorecards(period=FEBRUARY, now=NOW))
    assert "UPTD Jalan" not in cards
    assert (cards["Dinas PUPR"].received, cards["Dinas PUPR"].backlog) == (1, 1)
    assert cards["Dinas PUPR"].response.judged == 1


def test_filters_narrow_every_figure(city, history):
    garbage_only = Filters(category_ids=(city.garbage.pk,))
    cards = by_name(agency_scorecards(period=FEBRUARY, now=NOW, filters=garbage_only))
    assert cards["Dinas PUPR"].received == 0 and cards["Dinas PUPR"].backlog == 0
    assert cards["DLH"].received == 1


def test_officer_scorecards_count_the_cases_in_their_hands(city, history):
    cards = by_name(officer_scorecards(agency=city.pupr, period=FEBRUARY, now=NOW))
    mine = cards[city.officer.display_name()]
    assert (mine.response.judged, mine.response.met) == (1, 1)
    assert (mine.resolution.judged, mine.resolution.met) == (1, 1)
    assert (mine.follow_ups, mine.validated, mine.mean_rating) == (1, 1, 5.0)
    assert city.other_officer.display_name() not in cards  # DLH's
    assert cards[city.officer2.display_name()].judged == 0


def test_city_summary_counts_today(city, submit, time_machine):
    time_machine.move_to(wita(2026, 2, 2, 9, 0), tick=False)
    old = submit()
    time_machine.move_to(wita(2026, 2, 3, 9, 0), tick=False)
    submit()
    old = services.complaint_dispose(complaint=old, user=city.operator, agency=city.pupr)
    time_machine.move_to(wita(2026, 2, 3, 13, 0), tick=False)
    services.complaint_accept(complaint=old, user=city.head)  # 4 working hours
    summary = city_summary(now=wita(2026, 2, 3, 14, 0))
    assert summary.day == date(2026, 2, 3)
    assert (summary.received, summary.resolved, summary.open) == (1, 0, 2)
    assert (summary.median_response_hours, summary.responses) == (4.0, 1)
    # Overdue: the first report's verification was due Thu 5 Feb 09:00.
    assert city_summary(now=wita(2026, 2, 10, 9, 0)).overdue == 1


def test_scorecards_take_a_fixed_number_of_queries(city, history, django_assert_num_queries):
    # The OPDs and their units, the rollups, the running legs, the working times, the
    # backlog and the instructions.
    with django_assert_num_queries(7):
        agency_scorecards(period=FEBRUARY, now=NOW)
    with django_assert_num_queries(9):  # the same from the complaint tables
        agency_scorecards(period=FEBRUARY, now=NOW, from_rollups=False)


# --- the formula ---------------------------------------------------------------------------


def test_compliance_score_renormalises_the_weights_of_missing_components():
    full = compliance_score(
        {"response_on_time": 1.0, "resolution_on_time": 1.0, "satisfaction": None},
        judged=10,
        minimum=10,
    )
    assert (full.value, full.zone, set(full.used)) == (
        100.0,
        "hijau",
        {"response_on_time", "resolution_on_time"},
    )
    assert compliance_score({"response_on_time": 1.0}, judged=9, minimum=10).value is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, "hijau"),
        (81, "hijau"),
        (80.99, "kuning"),
        (51, "kuning"),
        (50.99, "merah"),
        (0, "merah"),
    ],
)
def test_zones_follow_the_ombudsman(value, expected):
    assert zone(value) == expected


def test_percentile_interpolates_between_ranks():
    assert percentile([], 50) is None
    assert percentile([4.0], 90) == 4.0
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(1, 11)), 90) == pytest.approx(9.1)


def test_time_machine_is_the_clock_here():
    # The history fixture moves time; a test without it runs at the real clock.
    with time_machine.travel(NOW, tick=False):
        assert Period.last_days(1).start == date(2026, 2, 27)


def test_instructions_done_on_time_count_in_the_score(city, history, time_machine):
    from cerdas.instructions import services as instructions

    time_machine.move_to(wita(2026, 2, 9, 9, 0), tick=False)
    order = instructions.instruction_create(
        user=city.leader,
        subject="Tambal jalan sebelum Cap Go Meh",
        body="Semua lubang di jalur pawai.",
        agencies=[city.pupr],
        deadline=wita(2026, 2, 20, 16, 0),
    )
    part = order.recipients.get()
    part = instructions.instruction_acknowledge(recipient=part, user=city.head)
    part = instructions.instruction_mark_done(recipient=part, user=city.head, note="Selesai.")
    instructions.instruction_accept(recipient=part, user=city.leader)
    pupr = by_name(agency_scorecards(period=FEBRUARY, now=NOW))["Dinas PUPR"]
    assert (pupr.instructions_due, pupr.instructions_on_time) == (1, 1)
    # 100 x (12.5 + 17.5 + 10 + 10 + 10 + 10 x 1) / 100
    assert pupr.score.value == 70.0


def test_the_command_centers_own_deadlines(city, history):
    from cerdas.performance.queries import command_center_card

    card = command_center_card(period=FEBRUARY, now=NOW)
    # A, C and D were verified one working hour after they came in (3 days allowed).
    assert (card.verify.judged, card.verify.met) == (3, 3)
    assert (card.verify_time.count, card.verify_time.median) == (3, 1.0)
    # A, D and D again were validated within the hour; D's first follow-up was sent back.
    assert card.validation.judged == 3 and card.validation.met == 3
    assert (card.waiting, card.waiting_overdue) == (0, 0)
