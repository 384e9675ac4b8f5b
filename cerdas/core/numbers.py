"""Numbers as people read them, in one place: the pages, the PDF and the spreadsheet.

Indonesian writes 1.234,5 and 12,5%; English 1,234.5 and 12.5%. Pages follow the
visitor's language (the active translation); the monthly PDF is written in Indonesian,
so it asks for `language="id"`. A spreadsheet keeps real numbers with a number format
(`XLSX_*`): Excel and LibreOffice then draw the separators of the reader's own locale,
so the file is not tied to one. The wall formats in the browser with
`Intl.NumberFormat` and the page's `lang` (static/cerdas/wall.js), which gives the same.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation

DASH = "–"

# openpyxl number formats: a count, one decimal, a share shown as a percentage.
XLSX_COUNT = "#,##0"
XLSX_ONE_DECIMAL = "#,##0.0"
XLSX_PERCENT = "0.0%"


def number(
    value: float | int | Decimal | None,
    decimals: int = 0,
    *,
    trim: bool = False,
    language: str | None = None,
) -> str:
    """`value` with `decimals` places and thousands grouped, in the active language (or
    `language`). `trim`: drop a zero fraction ("3" rather than "3,0"). None: a dash."""
    if value is None:
        return DASH
    # Rounded half up here: Django's number_format cuts the digits it does not show.
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if trim and decimals and value == value.to_integral_value():
        decimals = 0
    if language:
        with translation.override(language):
            return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def percent(
    share: float | None, decimals: int = 0, *, trim: bool = False, language: str | None = None
) -> str:
    """A share (0.125) as a percentage: "12,5%" (or "12.5%"). None: a dash."""
    if share is None:
        return DASH
    return number(share * 100, decimals, trim=trim, language=language) + "%"
