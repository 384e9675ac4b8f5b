"""Read an uploaded CSV, XLSX or JSON file into a table, or say exactly what is wrong.

Pure functions, no database: `read_table` returns a Table (columns with their types and
the rows) or raises TableError with every problem found (up to MAX_PROBLEMS), each naming
the row, so the producer can fix the file and nothing is imported from a bad one.
"""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL = 10_000  # characters in one cell
MAX_PROBLEMS = 20
DELIMITERS = ",;\t|"
DELIMITER_NAMES = {",": "koma", ";": "titik koma", "\t": "tab", "|": "garis tegak (|)"}
FORMATS = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON"}

_INT = re.compile(r"-?\d{1,18}")
_NUMBER = re.compile(r"-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?")


class TableError(Exception):
    """The file cannot be imported; `problems` lists what is wrong (Indonesian)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Table:
    columns: list[str]
    rows: list[list]  # values: int, float, str or None, one per column
    types: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    note: str = ""  # something the producer should check although the import succeeded

    @property
    def fields(self) -> list[dict]:
        return [{"id": c, "type": t} for c, t in zip(self.columns, self.types, strict=True)]


class _Problems:
    def __init__(self):
        self.items: list[str] = []
        self.more = 0

    def add(self, text: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(text)
        else:
            self.more += 1

    def raise_any(self) -> None:
        if self.items:
            if self.more:
                self.items.append(f"... dan {self.more} masalah lain.")
            raise TableError(self.items)


def format_of(filename: str) -> str | None:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return FORMATS.get(ext)


def read_table(filename: str, data: bytes, *, max_bytes: int) -> Table:
    fmt = format_of(filename)
    if fmt is None:
        raise TableError(["Format berkas tidak didukung: gunakan .csv, .xlsx atau .json."])
    if len(data) > max_bytes:
        raise TableError(
            [
                f"Berkas terlalu besar ({len(data) / 1024 / 1024:.1f} MB; "
                f"maksimal {max_bytes // 1024 // 1024} MB)."
            ]
        )
    if not data.strip():
        raise TableError(["Berkas kosong."])
    reader = {"CSV": _read_csv, "XLSX": _read_xlsx, "JSON": _read_json}[fmt]
    table = reader(data)
    if not table.rows:
        raise TableError(["Berkas hanya berisi baris judul, tanpa baris data."])
    if len(table.rows) > MAX_ROWS:
        raise TableError([f"Terlalu banyak baris ({len(table.rows)}; maksimal {MAX_ROWS})."])
    table.types = _infer_types(table)
    return table


# --- text: encoding ------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str, str]:
    """(text, encoding, note). UTF-8 (with or without BOM) first, then Windows-1252 or
    Latin-1, said in the note; UTF-16 and binary files are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise TableError(
            [
                "Berkas bukan teks UTF-8 (tampak UTF-16 atau biner). "
                "Simpan ulang sebagai CSV UTF-8 (Excel: \u201cCSV UTF-8\u201d)."
            ]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig", ""
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = f"bukan UTF-8 (byte tidak sah pertama di baris {line})"
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    note = (
        f"Berkas {where}; dibaca sebagai {encoding}. Periksa huruf beraksen, "
        "atau simpan ulang sebagai UTF-8."
    )
    return text, encoding, note


# --- CSV -------------------------------------------------------------------------------


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:50]
    header = lines[0]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    # The sniffer wants the same count on every line; fall back to the header's
    # most frequent candidate (ragged rows are reported below, one by one).
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise TableError(
            [
                "Pemisah kolom tidak dikenali: baris judul tidak memuat koma, titik koma, "
                "tab atau garis tegak (|). Tabel harus punya sedikitnya dua kolom."
            ]
        )
    return best


def _read_csv(data: bytes) -> Table:
    text, encoding, note = decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems = _Problems()
    columns: list[str] | None = None
    rows: list[list] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue  # blank lines are not records
            if columns is None:
                columns = _header(values, problems, where="baris judul")
                continue
            if len(values) != len(columns):
                problems.add(
                    f"Baris {line}: {len(values)} kolom, seharusnya {len(columns)} "
                    f"seperti baris judul (pemisah: {DELIMITER_NAMES[delimiter]})."
                )
                continue
            row = []
            for col, value in zip(columns, values, strict=True):
                value = value.strip()
                if len(value) > MAX_CELL:
                    problems.add(f"Baris {line}, kolom \u201c{col}\u201d: isi terlalu panjang.")
                row.append(value or None)
            rows.append(row)
            if len(rows) > MAX_ROWS:
                break
    except csv.Error as exc:
        problems.add(f"Baris {reader.line_num}: CSV tidak sah ({exc}).")
    problems.raise_any()
    if columns is None:
        raise TableError(["Berkas kosong."])
    return Table(columns, rows, encoding=encoding, delimiter=delimiter, note=note)


def _header(values: list, problems: _Problems, *, where: str) -> list[str]:
    columns = [str(v).strip() if v is not None else "" for v in values]
    while columns and not columns[-1]:
        columns.pop()
    if len(columns) > MAX_COLUMNS:
        problems.add(f"Terlalu banyak kolom ({len(columns)}; maksimal {MAX_COLUMNS}).")
    seen = set()
    for number, name in enumerate(columns, start=1):
        if not name:
            problems.add(f"{where.capitalize()}: nama kolom ke-{number} kosong.")
        elif name.startswith("_"):
            problems.add(
                f"{where.capitalize()}: nama kolom \u201c{name}\u201d tidak boleh diawali _."
            )
        elif name.lower() in seen:
            problems.add(f"{where.capitalize()}: nama kolom \u201c{name}\u201d ganda.")
        seen.add(name.lower())
    return columns


# --- XLSX ------------------------------------------------------------------------------


def _cell(value):
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip() or None
    return value


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise TableError([f"Berkas XLSX rusak atau bukan XLSX ({type(exc).__name__})."]) from None
    try:
        sheet = book.worksheets[0]
        problems = _Problems()
        columns: list[str] | None = None
        rows: list[list] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_cell(v) for v in values]
            if not any(v is not None for v in values):
                continue
            if columns is None:
                columns = _header(values, problems, where=f"baris judul (baris {line})")
                continue
            extra = [v for v in values[len(columns) :] if v is not None]
            if extra:
                problems.add(
                    f"Baris {line}: ada isi di luar {len(columns)} kolom baris judul "
                    f"({extra[0]!r})."
                )
                continue
            row = values[: len(columns)]
            row += [None] * (len(columns) - len(row))
            rows.append(row)
            if len(rows) > MAX_ROWS:
                break
    finally:
        book.close()
    problems.raise_any()
    if columns is None:
        raise TableError(["Lembar kerja pertama kosong."])
    return Table(columns, rows)


# --- JSON ------------------------------------------------------------------------------


def _read_json(data: bytes) -> Table:
    text, encoding, note = decode(data)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TableError(
            [f"JSON tidak sah di baris {exc.lineno}, kolom {exc.colno}: {exc.msg}."]
        ) from None
    if isinstance(parsed, dict) and isinstance(parsed.get("records"), list):
        parsed = parsed["records"]  # datastore_search's own shape
    if not isinstance(parsed, list) or not all(isinstance(r, dict) for r in parsed):
        raise TableError(
            [
                "JSON harus berupa daftar objek: "
                '[{"kolom": nilai, ...}, ...] atau {"records": [...]}.'
            ]
        )
    if not parsed:
        raise TableError(["JSON tidak berisi satu rekaman pun."])
    problems = _Problems()
    columns = _header([k for k in parsed[0] if k != "_id"], problems, where="rekaman ke-1")
    known = set(columns)
    rows = []
    for number, record in enumerate(parsed, start=1):
        unknown = [k for k in record if k not in known and k != "_id"]
        if unknown:
            problems.add(
                f"Rekaman ke-{number}: kunci \u201c{unknown[0]}\u201d tidak ada pada rekaman "
                "pertama (semua rekaman harus memakai kunci yang sama)."
            )
            continue
        row = []
        for col in columns:
            value = record.get(col)
            if isinstance(value, dict | list):
                problems.add(
                    f"Rekaman ke-{number}, kunci \u201c{col}\u201d: nilai bersarang "
                    "(objek/daftar) tidak didukung."
                )
            row.append(_cell(value))
        rows.append(row)
    problems.raise_any()
    return Table(columns, rows, encoding=encoding, note=note)


# --- types -----------------------------------------------------------------------------


def _infer_types(table: Table) -> list[str]:
    """A column is int or numeric when every non-empty value is; cells become numbers."""
    types = []
    for index in range(len(table.columns)):
        values = [row[index] for row in table.rows if row[index] is not None]
        kind = "int"
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                kind = "text"
                break
            if isinstance(value, str) and re.fullmatch(r"-?0\d+", value):
                kind = "text"  # a code with leading zeros (kode pos, NIP): keep it as written
                break
            if isinstance(value, int) or (isinstance(value, str) and _INT.fullmatch(value)):
                continue
            if isinstance(value, float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
                kind = "numeric"
                continue
            kind = "text"
            break
        if not values:
            kind = "text"
        types.append(kind)
        for row in table.rows:
            value = row[index]
            if value is None:
                continue
            if kind == "int":
                row[index] = int(value)
            elif kind == "numeric":
                row[index] = float(value)
            else:
                row[index] = str(value)
    return types
