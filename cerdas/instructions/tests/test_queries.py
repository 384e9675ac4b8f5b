"""The on-time figures the scorecards read, and the deadline colours, with frozen time."""

import time_machine

from cerdas.instructions import services
from cerdas.instructions.queries import on_time_by_agency
from cerdas.workdays.models import Holiday, HolidayKind

from .conftest import local


def _done(part, user, at, traveller):
    traveller.move_to(at)
    if part.status == "terkirim":
        part = services.instruction_acknowledge(recipient=part, user=user)
    return services.instruction_mark_done(recipient=part, user=user)


def test_on_time_arithmetic(city, send):
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False) as traveller:
        a = send(agencies=[city.pupr, city.dlh], deadline=local(2026, 3, 10, 16, 0))
        b = send(agencies=[city.pupr, city.dlh], deadline=local(2026, 3, 20, 16, 0))
        c = send(agencies=[city.pupr], deadline=local(2026, 3, 30, 16, 0))
        d = send(agencies=[city.pupr], deadline=local(2026, 4, 6, 16, 0))  # next period
        e = send(agencies=[city.pupr], deadline=local(2026, 3, 16, 16, 0))

        def part(instruction, agency):
            return instruction.recipients.get(agency=agency)

        # A: PUPR done the day before, accepted after the deadline: on time.
        p = _done(part(a, city.pupr), city.officer, local(2026, 3, 9, 10, 0), traveller)
        traveller.move_to(local(2026, 3, 11, 9, 0))
        services.instruction_accept(recipient=p, user=city.leader)
        # A: DLH done two days late, accepted: late.
        p = _done(part(a, city.dlh), city.other_officer, local(2026, 3, 12, 10, 0), traveller)
        services.instruction_accept(recipient=p, user=city.leader)
        # E: PUPR done in time but returned, done again after the deadline: late.
        p = _done(part(e, city.pupr), city.head, local(2026, 3, 13, 10, 0), traveller)
        p = services.instruction_return(recipient=p, user=city.leader, reason="Belum lengkap.")
        traveller.move_to(local(2026, 3, 17, 10, 0))
        p = services.instruction_mark_done(recipient=p, user=city.head)
        services.instruction_accept(recipient=p, user=city.leader)
        # B: PUPR only acknowledged: overdue by the 25th. DLH done in time, the leader
        # has not looked yet: open, not overdue (the OPD's clock stopped in time).
        traveller.move_to(local(2026, 3, 18, 10, 0))
        services.instruction_acknowledge(recipient=part(b, city.pupr), user=city.officer)
        _done(part(b, city.dlh), city.other_head, local(2026, 3, 19, 10, 0), traveller)
        # C and D: PUPR still within time.
        traveller.move_to(local(2026, 3, 25, 9, 0))
        assert c.pk and d.pk

        figures = on_time_by_agency(
            start=local(2026, 3, 1), end=local(2026, 4, 1), agency_ids=[city.pupr.pk, city.dlh.pk]
        )
        assert figures[city.pupr.pk] == {
            "agency_id": city.pupr.pk,
            "due": 4,
            "on_time": 1,
            "late": 1,
            "open": 2,
            "overdue": 1,
            "on_time_rate": 1 / 3,
        }
        assert figures[city.dlh.pk] == {
            "agency_id": city.dlh.pk,
            "due": 2,
            "on_time": 0,
            "late": 1,
            "open": 1,
            "overdue": 0,
            "on_time_rate": 0.0,
        }
        # Without agency_ids: only the agencies that had something due.
        assert set(on_time_by_agency(start=local(2026, 3, 1), end=local(2026, 4, 1))) == {
            city.pupr.pk,
            city.dlh.pk,
        }
        # The period's end is exclusive and D lies in April: one due, still in time.
        april = on_time_by_agency(start=local(2026, 4, 1), end=local(2026, 5, 1))
        assert april[city.pupr.pk]["due"] == 1
        assert april[city.pupr.pk]["on_time_rate"] is None


def test_rate_is_none_when_nothing_was_due(city, send):
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        send(agencies=[city.dlh], deadline=local(2026, 3, 10, 16, 0))
        figures = on_time_by_agency(
            start=local(2026, 3, 1), end=local(2026, 4, 1), agency_ids=[city.pupr.pk]
        )
    assert figures == {
        city.pupr.pk: {
            "agency_id": city.pupr.pk,
            "due": 0,
            "on_time": 0,
            "late": 0,
            "open": 0,
            "overdue": 0,
            "on_time_rate": None,
        }
    }


def _colour(client, city, agency_code="pupr") -> str:
    client.force_login(city.leader)
    html = client.get("/arahan/").content.decode()
    marker = f'data-agency="{agency_code}"'
    row = html[html.index(marker) :]
    return row[row.index('data-colour="') + 13 :].split('"', 1)[0]


def test_colour_counts_working_days_across_weekend_and_holiday(city, send, client):
    # Thursday 16:00 to Tuesday 16:00: five calendar days, three working days (Fri, Mon,
    # Tue) because of the weekend: green.
    with time_machine.travel(local(2026, 3, 5, 16, 0), tick=False):
        send(deadline=local(2026, 3, 10, 16, 0))
        assert _colour(client, city) == "green"
        # A local holiday on Monday leaves two working days: yellow.
        Holiday.objects.create(
            date=local(2026, 3, 9).date(), name="Libur daerah", kind=HolidayKind.LOCAL
        )
        assert _colour(client, city) == "yellow"
    with time_machine.travel(local(2026, 3, 10, 16, 1), tick=False):
        assert _colour(client, city) == "red"


def test_colour_stops_once_done(city, part, client):
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    services.instruction_mark_done(recipient=part, user=city.officer)
    assert _colour(client, city) == "none"
    assert "dilaporkan tepat waktu" in client.get("/arahan/").content.decode()
