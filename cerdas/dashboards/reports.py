"""The monthly agency performance report: XLSX (the figures, to work with) and PDF (to
sign and file, with its chart). The same scorecards as the leaders' pages."""

import io
from datetime import date

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cerdas.core.numbers import XLSX_COUNT, XLSX_ONE_DECIMAL, XLSX_PERCENT, number, percent
from cerdas.lib.scoring import GREEN_FROM, WEIGHTS, YELLOW_FROM
from cerdas.lib.spreadsheets import xlsx_row
from cerdas.performance.queries import Period, Scorecard

ZONE_COLOURS = {"hijau": "1F7A3A", "kuning": "A86B00", "merah": "B3261E"}
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip

TEXT, COUNT, ONE, SHARE = "text", "count", "one", "share"
# Each column: its header and how its numbers are written (cerdas.core.numbers): a share
# is kept as a fraction, so the spreadsheet shows it as a percentage in the reader's locale.
COLUMNS = [
    ("OPD", TEXT),
    ("Skor", ONE),
    ("Zona", TEXT),
    ("Diterima", COUNT),
    ("Selesai", COUNT),
    ("Respons tepat waktu", SHARE),
    ("Selesai tepat waktu", SHARE),
    ("Respons median (jam kerja)", ONE),
    ("Respons p90", ONE),
    ("Penyelesaian median (jam kerja)", ONE),
    ("Penyelesaian p90", ONE),
    ("TL ditolak", SHARE),
    ("Dibuka kembali", SHARE),
    ("Kepuasan (1-5)", ONE),
    ("Dinilai", COUNT),
    ("Arahan tepat waktu", TEXT),
    ("Tunggakan", COUNT),
    ("Tunggakan lewat tenggat", COUNT),
]
HEADERS = [header for header, _kind in COLUMNS]
XLSX_FORMATS = {COUNT: XLSX_COUNT, ONE: XLSX_ONE_DECIMAL, SHARE: XLSX_PERCENT}


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, date.fromordinal(end.toordinal() - 1))


def title(period: Period) -> str:
    return f"Kinerja pelayanan pengaduan {MONTHS[period.start.month - 1]} {period.start.year}"


def row(card: Scorecard) -> list:
    return [
        card.name,
        card.score.value,
        card.score.zone or "data belum cukup",
        card.received,
        card.closed,
        card.response.rate,
        card.resolution.rate,
        card.response_time.median,
        card.response_time.p90,
        card.resolution_time.median,
        card.resolution_time.p90,
        card.rework_rate,
        card.reopen_rate,
        card.mean_rating,
        card.rated,
        f"{card.instructions_on_time}/{card.instructions_due}" if card.instructions_due else None,
        card.backlog,
        card.backlog_overdue,
    ]


def _written(value, kind: str) -> str:
    """A value as the (Indonesian) PDF prints it: 85,3 and 92,5%."""
    if value is None:
        return ""
    if kind == SHARE:
        return percent(value, 1, trim=True, language="id")
    if kind == ONE:
        return number(value, 1, language="id")
    if kind == COUNT:
        return number(value, language="id")
    return str(value)


def formula_lines() -> list[str]:
    names = {
        "response_on_time": "respons pertama tepat waktu",
        "resolution_on_time": "selesai dalam tenggat kategori",
        "no_rework": "1 - tingkat tindak lanjut ditolak",
        "no_reopen": "1 - tingkat dibuka kembali",
        "satisfaction": "kepuasan: (rata-rata bintang - 1) / 4",
        "instructions_on_time": "arahan pimpinan selesai tepat waktu",
    }
    return [
        "Skor 0-100 = rata-rata berbobot: "
        + "; ".join(f"{names[k]} ({w})" for k, w in WEIGHTS.items())
        + ". Komponen tanpa data tidak dihitung dan bobot lainnya disesuaikan.",
        f"Zona: hijau {GREEN_FROM:g}-100, kuning {YELLOW_FROM:g}-80,99, merah 0-50,99. "
        f"Kurang dari {settings.CERDAS_SCORE_MIN_CASES} kasus dinilai: data belum cukup.",
        "Tenggat dinilai pada periode jatuh temponya; waktu dalam jam kerja, tanpa hari "
        "libur dan tanpa waktu menunggu pelapor.",
    ]


def monthly_xlsx(period: Period, cards: list[Scorecard]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kartu kinerja"
    sheet.append([f"{title(period)} - {settings.CERDAS_CITY_NAME}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"Periode {period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y}"])
    sheet.append([])
    sheet.append(HEADERS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for card in cards:
        sheet.append(xlsx_row(sheet, row(card)))
        for cell, (_header, kind) in zip(sheet[sheet.max_row], COLUMNS, strict=True):
            if kind in XLSX_FORMATS:
                cell.number_format = XLSX_FORMATS[kind]
        if card.score.zone:
            zone = sheet.cell(row=sheet.max_row, column=3)
            zone.fill = PatternFill("solid", fgColor=ZONE_COLOURS[card.score.zone])
            zone.font = Font(color="FFFFFF", bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.freeze_panes = "B5"
    notes = book.create_sheet("Cara menghitung")
    for line in formula_lines():
        notes.append([line])
    notes.column_dimensions["A"].width = 140
    stamp = timezone.localtime(timezone.now(), settings.CERDAS_TIME_ZONE)
    notes.append([f"Dibuat {stamp:%d-%m-%Y %H:%M} oleh Cerdas."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _chart(cards: list[Scorecard]) -> Drawing | None:
    scored = [c for c in cards if c.score.value is not None]
    if not scored:
        return None
    height = 24 + 18 * len(scored)
    drawing = Drawing(24 * cm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 5.5 * cm, 12
    chart.width, chart.height = 17 * cm, height - 24
    chart.data = [[c.score.value for c in reversed(scored)]]
    chart.categoryAxis.categoryNames = [c.name for c in reversed(scored)]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 10
    chart.bars.strokeColor = None
    for i, card in enumerate(reversed(scored)):
        chart.bars[(0, i)].fillColor = colors.HexColor("#" + ZONE_COLOURS[card.score.zone])
    drawing.add(chart)
    return drawing


def monthly_pdf(period: Period, cards: list[Scorecard]) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=1.2 * cm,
        rightMargin=1.2 * cm,
        topMargin=1.2 * cm,
        bottomMargin=1.2 * cm,
        title=title(period),
        author=f"Cerdas - {settings.CERDAS_CITY_NAME}",
    )
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story = [
        Paragraph(f"{title(period)} - {settings.CERDAS_CITY_NAME}", styles["Title"]),
        Paragraph(f"Periode {period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y}", styles["Normal"]),
        Spacer(1, 0.4 * cm),
    ]
    chart = _chart(cards)
    if chart is not None:
        story += [Paragraph("Skor kepatuhan per OPD", styles["Heading2"]), chart]
    columns = [0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 12, 13, 16, 17]
    header = [Paragraph(HEADERS[i], small) for i in columns]
    body = [
        [Paragraph(_written(row(card)[i], COLUMNS[i][1]), small) for i in columns] for card in cards
    ]
    table = Table([header, *body], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EDF3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for i, card in enumerate(cards, start=1):
        if card.score.zone:
            style.append(
                ("BACKGROUND", (2, i), (2, i), colors.HexColor("#" + ZONE_COLOURS[card.score.zone]))
            )
    table.setStyle(TableStyle(style))
    story += [Spacer(1, 0.4 * cm), Paragraph("Kartu kinerja", styles["Heading2"]), table]
    story += [Spacer(1, 0.4 * cm), Paragraph("Cara menghitung", styles["Heading2"])]
    story += [Paragraph(line, small) for line in formula_lines()]
    doc.build(story)
    return out.getvalue()
