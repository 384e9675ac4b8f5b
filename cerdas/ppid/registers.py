"""The registers of requests and of objections (Perki 1/2021, lampiran) and the
annual report, as rows shared by the pages and the XLSX files.

The registers hold the requesters' identity, as the law's registers do: they are
for the PPID only. The annual report holds figures, no person.
"""

import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook

from cerdas.lib.spreadsheets import xlsx_row

from .models import (
    EXEMPTIONS,
    WITHHOLDING,
    Decision,
    InfoRequest,
    Objection,
    ObjectionOutcome,
    ObjectionReason,
    _year_bounds,
)


def _local(value: datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, settings.CERDAS_TIME_ZONE).strftime("%d-%m-%Y %H:%M")


def _days(value: Decimal | None):
    return float(value) if value is not None else ""


def _contact(r: InfoRequest) -> str:
    return " / ".join(x for x in (r.phone, r.email) if x)


REQUEST_COLUMNS = [
    ("Nomor registrasi", lambda r: r.number),
    ("Tanggal permohonan", lambda r: _local(r.received_at)),
    ("Nama", lambda r: r.name),
    ("NIK / nomor identitas", lambda r: r.id_number),
    ("Alamat", lambda r: r.address),
    ("Nomor kontak", _contact),
    ("Pekerjaan", lambda r: r.occupation),
    ("Informasi yang diminta", lambda r: r.information),
    ("Tujuan penggunaan informasi", lambda r: r.purpose),
    ("Cara memperoleh informasi", lambda r: r.get_obtain_method_display()),
    ("Cara mendapatkan salinan", lambda r: r.get_delivery_method_display()),
    ("Batas waktu jawaban", lambda r: _local(r.due_at)),
    ("Tanggal perpanjangan", lambda r: _local(r.extended_at)),
    ("Alasan perpanjangan", lambda r: r.extension_reason),
    ("Tanggal pemberitahuan tertulis", lambda r: _local(r.decided_at)),
    ("Keputusan", lambda r: r.get_decision_display() if r.decision else "belum diputuskan"),
    ("Alasan penolakan / pengecualian", lambda r: r.exemptions_display()),
    ("Tanggal penyerahan informasi", lambda r: _local(r.delivered_at)),
    ("Waktu (hari kerja)", lambda r: _days(r.working_days)),
    ("Keberatan", lambda r: ", ".join(o.number for o in r.objections.all())),
]

OBJECTION_COLUMNS = [
    ("Nomor registrasi keberatan", lambda o: o.number),
    ("Tanggal keberatan", lambda o: _local(o.filed_at)),
    ("Nomor registrasi permohonan", lambda o: o.request.number),
    ("Nama", lambda o: o.request.name),
    ("Alamat", lambda o: o.request.address),
    ("Nomor kontak", lambda o: _contact(o.request)),
    ("Informasi yang diminta", lambda o: o.request.information),
    ("Tujuan penggunaan informasi", lambda o: o.request.purpose),
    ("Alasan keberatan (Pasal 35)", lambda o: o.get_reason_display()),
    ("Kasus posisi", lambda o: o.description),
    ("Batas waktu tanggapan", lambda o: _local(o.due_at)),
    ("Tanggal tanggapan atasan PPID", lambda o: _local(o.answered_at)),
    (
        "Tanggapan atasan PPID",
        lambda o: o.get_outcome_display() if o.outcome else "belum ditanggapi",
    ),
    ("Nama atasan PPID", lambda o: o.answered_by.display_name() if o.answered_by_id else ""),
    ("Waktu (hari kerja)", lambda o: _days(o.working_days)),
]


def requests_of(year: int):
    return (
        InfoRequest.objects.received_in(year)
        .prefetch_related(Prefetch("objections", queryset=Objection.objects.order_by("filed_at")))
        .order_by("received_at", "id")
    )


def objections_of(year: int):
    start, end = _year_bounds(year)
    return (
        Objection.objects.filter(filed_at__gte=start, filed_at__lt=end)
        .select_related("request", "answered_by")
        .order_by("filed_at", "id")
    )


def register_rows(columns, rows) -> list[list]:
    return [[i, *(get(row) for _, get in columns)] for i, row in enumerate(rows, start=1)]


def register_header(columns) -> list[str]:
    return ["No.", *(name for name, _ in columns)]


def xlsx(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the annual report -----------------------------------------------------------------


@dataclass
class AnnualReport:
    year: int
    received: int = 0
    answered: int = 0
    pending: int = 0
    extended: int = 0
    on_time: int = 0
    late: int = 0
    delivered: int = 0
    by_decision: dict = field(default_factory=dict)  # label -> count
    mean_days: float | None = None
    median_days: float | None = None
    max_days: float | None = None
    refusal_reasons: list = field(default_factory=list)  # (letter, text, count)
    objections: int = 0
    objections_pending: int = 0
    objections_by_reason: list = field(default_factory=list)  # (label, count)
    objections_by_outcome: list = field(default_factory=list)
    objection_mean_days: float | None = None


def _round(value) -> float | None:
    return round(float(value), 2) if value is not None else None


def annual_report(year: int) -> AnnualReport:
    report = AnnualReport(year=year)
    rows = list(
        InfoRequest.objects.received_in(year).only(
            "state",
            "decision",
            "exemptions",
            "decided_at",
            "due_at",
            "extended_at",
            "delivered_at",
            "working_days",
            "received_at",
        )
    )
    report.received = len(rows)
    decided = [r for r in rows if r.decision]
    report.answered = len(decided)
    report.pending = report.received - report.answered
    report.extended = sum(1 for r in rows if r.extended_at is not None)
    report.on_time = sum(1 for r in decided if r.decided_at <= r.due_at)
    report.late = report.answered - report.on_time
    report.delivered = sum(1 for r in rows if r.delivered_at is not None)
    counts = Counter(r.decision for r in decided)
    report.by_decision = {str(d.label): counts.get(d.value, 0) for d in Decision}
    days = [r.working_days for r in decided]
    if days:
        report.mean_days = _round(sum(days) / len(days))
        report.median_days = _round(statistics.median(days))
        report.max_days = _round(max(days))
    letters = Counter(x for r in decided if r.decision in WITHHOLDING for x in r.exemption_list())
    report.refusal_reasons = [
        (k, str(v), letters[k]) for k, v in EXEMPTIONS.items() if letters.get(k)
    ]
    objections = list(objections_of(year))
    report.objections = len(objections)
    report.objections_pending = sum(1 for o in objections if o.is_open)
    by_reason = Counter(o.reason for o in objections)
    report.objections_by_reason = [
        (str(r.label), by_reason[r.value]) for r in ObjectionReason if by_reason.get(r.value)
    ]
    by_outcome = Counter(o.outcome for o in objections if o.outcome)
    report.objections_by_outcome = [
        (str(o.label), by_outcome.get(o.value, 0)) for o in ObjectionOutcome
    ]
    answered = [o.working_days for o in objections if o.working_days is not None]
    if answered:
        report.objection_mean_days = _round(sum(answered) / len(answered))
    return report


def annual_rows(report: AnnualReport) -> list[list]:
    """The report as label/value rows for the XLSX (and the same order as the page)."""
    rows = [
        ["Tahun", report.year],
        ["Jumlah permohonan", report.received],
        ["Sudah dijawab", report.answered],
        ["Belum dijawab", report.pending],
        ["Diperpanjang", report.extended],
        ["Dijawab dalam jangka waktu", report.on_time],
        ["Dijawab melewati jangka waktu", report.late],
        ["Informasi diserahkan", report.delivered],
        ["Rata-rata waktu jawaban (hari kerja)", report.mean_days],
        ["Median waktu jawaban (hari kerja)", report.median_days],
        ["Waktu jawaban terlama (hari kerja)", report.max_days],
    ]
    rows += [[f"Keputusan: {label}", n] for label, n in report.by_decision.items()]
    rows += [
        [f"Pengecualian Pasal 17 huruf {k}: {text}", n] for k, text, n in report.refusal_reasons
    ]
    rows += [
        ["Jumlah keberatan", report.objections],
        ["Keberatan belum ditanggapi", report.objections_pending],
    ]
    rows += [[f"Alasan keberatan: {label}", n] for label, n in report.objections_by_reason]
    rows += [[f"Tanggapan atasan: {label}", n] for label, n in report.objections_by_outcome]
    rows += [["Rata-rata waktu tanggapan keberatan (hari kerja)", report.objection_mean_days]]
    return rows
