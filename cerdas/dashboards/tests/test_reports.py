"""The monthly report (PDF, XLSX) and the complaint lists as files."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from cerdas.complaints import services

WITA = ZoneInfo("Asia/Makassar")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def february(city, submit, time_machine, settings):
    settings.CERDAS_SCORE_MIN_CASES = 1
    time_machine.move_to(datetime(2026, 2, 2, 9, 0, tzinfo=WITA), tick=False)
    pupr = services.complaint_dispose(
        complaint=submit(reporter_name="Budi Santoso"), user=city.operator, agency=city.pupr
    )
    services.complaint_accept(complaint=pupr, user=city.head)
    dlh = services.complaint_dispose(
        complaint=submit(category=city.garbage), user=city.operator, agency=city.dlh
    )
    time_machine.move_to(datetime(2026, 3, 2, 10, 0, tzinfo=WITA), tick=False)
    return {"pupr": pupr, "dlh": dlh}


def test_monthly_xlsx_has_every_opd_and_the_formula(client, city, february):
    client.force_login(city.leader)
    response = client.get("/pimpinan/laporan/2026-02.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert 'filename="kinerja-2026-02.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Kartu kinerja"].iter_rows(values_only=True))
    assert "Februari 2026" in rows[0][0]
    header, *cards = rows[3:]
    assert header[0] == "OPD" and header[1] == "Skor"
    by_name = {r[0]: r for r in cards}
    assert set(by_name) == {"Dinas PUPR", "DLH"}
    assert by_name["Dinas PUPR"][3] == 1  # received
    assert by_name["Dinas PUPR"][5] == 1.0  # response on time, a share shown as a percentage
    assert by_name["DLH"][5] == 0.0
    sheet = book["Kartu kinerja"]
    pupr_row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "Dinas PUPR")
    # Real numbers with a format: the reader's spreadsheet draws its own locale's separators.
    assert pupr_row[5].number_format == "0.0%" and pupr_row[3].number_format == "#,##0"
    assert "rata-rata berbobot" in book["Cara menghitung"]["A1"].value


def test_monthly_pdf_is_a_real_pdf(client, city, february):
    client.force_login(city.operator)
    response = client.get("/pimpinan/laporan/2026-02.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-64:]
    assert len(response.content) > 2000


def test_an_agency_head_gets_only_their_own_agency(client, city, february):
    client.force_login(city.other_head)
    book = load_workbook(io.BytesIO(client.get("/pimpinan/laporan/2026-02.xlsx").content))
    names = [r[0] for r in book["Kartu kinerja"].iter_rows(min_row=5, values_only=True)]
    assert names == ["DLH"]


@pytest.mark.parametrize("who", ["officer", "citizen"])
def test_others_get_no_report(client, city, february, who):
    client.force_login(getattr(city, who))
    assert client.get("/pimpinan/laporan/2026-02.pdf").status_code == 403


def test_a_month_that_does_not_exist_is_404(client, city):
    client.force_login(city.leader)
    assert client.get("/pimpinan/laporan/2026-13.pdf").status_code == 404
    assert client.get("/pimpinan/laporan/2026-02.doc").status_code == 404


def test_the_queue_exports_with_its_filters_and_no_personal_data(client, city, february):
    client.force_login(city.operator)
    response = client.get(f"/cc/antrian/ekspor.csv?category={city.garbage.pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["kode"] for r in rows] == [february["dlh"].code]
    assert rows[0]["opd"] == "Dinas Lingkungan Hidup" and rows[0]["lewat_tenggat"] == "ya"
    everything = client.get("/cc/antrian/ekspor.xlsx")
    body = load_workbook(io.BytesIO(everything.content))["Pengaduan"]
    values = [v for row in body.iter_rows(values_only=True) for v in row]
    assert february["pupr"].code in values
    for personal in ("Budi Santoso", "081234567890", "budi@example.com"):
        assert personal not in text and personal not in values


def test_an_agency_exports_only_its_own_cases(client, city, february):
    client.force_login(city.other_officer)
    response = client.get("/opd/kotak-masuk/ekspor.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert february["dlh"].code in text and february["pupr"].code not in text
    assert client.get("/cc/antrian/ekspor.csv").status_code == 403


def test_citizens_and_visitors_cannot_export(client, city, february):
    assert client.get("/cc/antrian/ekspor.csv").status_code == 302
    client.force_login(city.citizen)
    assert client.get("/cc/antrian/ekspor.csv").status_code == 403
    assert client.get("/opd/kotak-masuk/ekspor.xlsx").status_code == 403


def test_the_pdf_writes_numbers_the_indonesian_way():
    from cerdas.dashboards import reports

    assert reports._written(0.853, reports.SHARE) == "85,3%"
    assert reports._written(1.0, reports.SHARE) == "100%"
    assert reports._written(1234.56, reports.ONE) == "1.234,6"
    assert reports._written(12345, reports.COUNT) == "12.345"
    assert reports._written(None, reports.ONE) == ""
