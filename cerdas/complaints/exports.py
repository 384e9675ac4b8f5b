"""The complaint lists as files: CSV and XLSX with the filters of the screen they come
from. No personal data: no reporter name, phone or e-mail (a file travels further than
a screen); the case page has the contact details for those who may see them."""

import csv
import io
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook

from cerdas.lib.spreadsheets import safe_row, xlsx_row

COLUMNS = [
    ("kode", lambda c, now: c.code),
    ("dibuat", lambda c, now: _local(c.created_at)),
    ("kanal", lambda c, now: c.channel),
    ("kategori", lambda c, now: c.category.name),
    ("judul", lambda c, now: c.title),
    ("status", lambda c, now: c.get_state_display()),
    ("privasi", lambda c, now: c.privacy),
    ("opd", lambda c, now: c.agency.name if c.agency_id else ""),
    ("petugas", lambda c, now: c.assigned_officer.display_name() if c.assigned_officer_id else ""),
    ("kelurahan", lambda c, now: c.area.name if c.area_id else ""),
    ("kecamatan", lambda c, now: c.area.parent.name if c.area_id and c.area.parent_id else ""),
    ("tenggat", lambda c, now: _local(c.due_at)),
    ("lewat_tenggat", lambda c, now: "ya" if c.due_at and c.due_at < now else "tidak"),
    ("selesai", lambda c, now: _local(c.resolved_at)),
    ("penilaian", lambda c, now: c.rating or ""),
]
MAX_ROWS = 100_000  # a bigger extract is a job for the API's cursor pages


def _local(value: datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, settings.CERDAS_TIME_ZONE).strftime("%Y-%m-%d %H:%M")


def _rows(queryset):
    now = timezone.now()
    cases = queryset.select_related(
        "category", "agency", "assigned_officer", "area__parent"
    ).order_by("-created_at", "-id")[:MAX_ROWS]
    for case in cases.iterator(chunk_size=2000):
        yield [get(case, now) for _, get in COLUMNS]


def complaints_csv(queryset) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _ in COLUMNS])
    writer.writerows(safe_row(row) for row in _rows(queryset))
    # A BOM so that spreadsheet programs read the UTF-8 (kelurahan names, emoji) right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def complaints_xlsx(queryset) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pengaduan")
    sheet.append([name for name, _ in COLUMNS])
    for row in _rows(queryset):
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
