"""The annual report against figures worked out by hand (see conftest for the calendar)."""

import io

import pytest
from openpyxl import load_workbook

from cerdas.ppid import services
from cerdas.ppid.registers import annual_report

from .conftest import local


@pytest.fixture
def year_of_requests(ppid, file_request):
    p = ppid.ppid
    decide = services.request_decide
    # 4.5 working days, granted and delivered.
    r1 = decide(
        request=file_request(), user=p, decision="diberikan", note="x", now=local(2026, 8, 14, 14)
    )
    services.request_deliver(request=r1, user=p, now=local(2026, 8, 14, 15))
    # 1 working day, refused on b and h.
    r2 = decide(
        request=file_request(),
        user=p,
        decision="ditolak",
        exemptions=["b", "h"],
        note="x",
        now=local(2026, 8, 11, 10),
    )
    # Extended, then granted in part after 12 working days (due 7 Sep: on time).
    r3 = file_request()
    services.request_extend(request=r3, user=p, reason="Arsip.", now=local(2026, 8, 12, 9))
    decide(
        request=r3,
        user=p,
        decision="sebagian",
        exemptions=["h"],
        note="x",
        now=local(2026, 8, 31, 10),
    )
    # 2.5 working days, not held.
    decide(
        request=file_request(),
        user=p,
        decision="tidak_dikuasai",
        note="x",
        now=local(2026, 8, 12, 14),
    )
    # 11 working days, one after the deadline of 27 Aug 10:00: late.
    r5 = decide(
        request=file_request(), user=p, decision="diberikan", note="x", now=local(2026, 8, 28, 10)
    )
    # Still open; and one from the year before, which does not count.
    file_request()
    file_request(now=local(2025, 12, 30, 10))
    o1 = services.objection_file(
        number=r2.number,
        contact="siti@example.com",
        reason="a",
        description="x",
        now=local(2026, 8, 12, 10),
    )
    services.objection_answer(
        objection=o1, user=ppid.leader, outcome="ditolak", answer="x", now=local(2026, 8, 14, 10)
    )
    services.objection_file(
        number=r5.number,
        contact="siti@example.com",
        reason="g",
        description="x",
        now=local(2026, 8, 31, 10),
    )


def test_annual_figures_match_the_hand_count(year_of_requests):
    report = annual_report(2026)
    assert (report.received, report.answered, report.pending) == (6, 5, 1)
    assert (report.extended, report.on_time, report.late, report.delivered) == (1, 4, 1, 1)
    assert report.by_decision == {
        "Informasi diberikan seluruhnya": 2,
        "Informasi diberikan sebagian": 1,
        "Permohonan ditolak (informasi dikecualikan)": 1,
        "Informasi tidak dikuasai": 1,
    }
    # Working days 4.5, 1, 12, 2.5, 11: mean 31 / 5, median 4.5.
    assert (report.mean_days, report.median_days, report.max_days) == (6.2, 4.5, 12.0)
    assert [(k, n) for k, _text, n in report.refusal_reasons] == [("b", 1), ("h", 2)]
    assert (report.objections, report.objections_pending) == (2, 1)
    assert [n for _label, n in report.objections_by_reason] == [1, 1]
    assert dict(report.objections_by_outcome)["Keberatan ditolak (menguatkan putusan PPID)"] == 1
    assert report.objection_mean_days == 2.0


def test_annual_page_and_xlsx(client, ppid, year_of_requests):
    for who in ["citizen", "officer"]:
        client.force_login(getattr(ppid, who))
        assert client.get("/ppid/laporan-tahunan/?tahun=2026").status_code == 403
    client.force_login(ppid.leader)
    html = client.get("/ppid/laporan-tahunan/?tahun=2026").content.decode()
    assert '<td id="median">4.5</td>' in html or '<td id="median">4,5</td>' in html
    response = client.get("/ppid/laporan-tahunan/ekspor.xlsx?tahun=2026")
    rows = dict(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows["Jumlah permohonan"] == 6
    assert rows["Rata-rata waktu jawaban (hari kerja)"] == 6.2
    assert rows["Pengecualian Pasal 17 huruf h: mengungkap rahasia pribadi"] == 2
    assert rows["Jumlah keberatan"] == 2
    assert client.get("/ppid/laporan-tahunan/?tahun=abc").status_code == 404
