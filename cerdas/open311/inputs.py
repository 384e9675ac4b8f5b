"""Reading Open311 parameters: dates, numbers, lists and the answers to a category's
extra questions. Every problem becomes an `Open311Error` (400) that says which
parameter and why, in the user's language."""

import math
import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import QueryDict
from django.utils.translation import gettext as _

from cerdas.complaints.models import AttributeType, CategoryAttribute
from cerdas.complaints.services import MAX_TEXT

from .formats import Open311Error

# Control characters (other than tab and line breaks) arrive only by accident, and
# PostgreSQL refuses NUL in text outright.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
# "2026-11-23T09:15:00+08:00" sent unencoded in a query string arrives with a space.
_SPACED_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")

MAX_STRING = 300
# Dates outside these years mean nothing here, and near datetime's ends the window
# arithmetic (a start minus 90 days) would overflow into a server error.
YEARS = (1970, 2999)
MAX_URL = 500
MAX_NUMBER = Decimal(10) ** 15


def clean(value: str | None) -> str:
    return _CONTROL.sub("", value or "").strip()


def param(data: QueryDict, name: str) -> str:
    """One parameter; "" when absent or empty (the spec treats both alike)."""
    return clean(data.get(name))


def param_list(data: QueryDict, name: str) -> list[str]:
    """A parameter that may repeat and may hold comma-separated values."""
    items = []
    for raw in data.getlist(name):
        items.extend(part for part in (clean(p) for p in raw.split(",")) if part)
    return items


def as_datetime(value: str, *, name: str) -> datetime:
    """W3C date-time (2010-01-01T00:00:00Z, ...+08:00) or a date; without an offset
    the city's time zone is meant."""
    value = _SPACED_OFFSET.sub(r"\1+\2", value.strip())
    try:
        if len(value) == 10:
            parsed = datetime.combine(date.fromisoformat(value), time.min)
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Open311Error(
            400,
            _("%(name)s: tanggal/jam tidak dikenali (contoh 2026-11-23T09:15:00+08:00).")
            % {"name": name},
        ) from None
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        raise Open311Error(
            400,
            _("%(name)s: tahun harus antara %(low)s dan %(high)s.")
            % {"name": name, "low": YEARS[0], "high": YEARS[1]},
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=settings.CERDAS_TIME_ZONE)
    return parsed


def as_float(value: str, *, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise Open311Error(400, _("%(name)s harus berupa angka.") % {"name": name})
    return number


def as_positive_int(value: str, *, name: str, default: int, maximum: int) -> int:
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise Open311Error(400, _("%(name)s harus bilangan bulat positif.") % {"name": name})
    if int(value) > maximum:
        raise Open311Error(
            400, _("%(name)s paling besar %(max)s.") % {"name": name, "max": maximum}
        )
    return int(value)


def media_urls(data: QueryDict) -> list[str]:
    """Links to photos kept elsewhere. Checked to be web addresses, never fetched."""
    urls = [clean(u) for u in data.getlist("media_url") + data.getlist("media_url[]")]
    urls = [u for u in urls if u]
    check = URLValidator(schemes=["http", "https"])
    for url in urls:
        try:
            if len(url) > MAX_URL:
                raise ValidationError("too long")
            check(url)
        except ValidationError:
            raise Open311Error(
                400, _("media_url harus alamat web http(s) yang sah (maksimal 500 karakter).")
            ) from None
    return urls


# --- answers to a category's extra questions ------------------------------------------


def raw_answers(data: QueryDict) -> dict[str, list[str]]:
    """attribute[CODE]=v and attribute[CODE][]=v1&attribute[CODE][]=v2, by code."""
    answers: dict[str, list[str]] = {}
    for key in data:
        match = _ATTRIBUTE.match(key)
        if match:
            values = [clean(v) for v in data.getlist(key)]
            answers.setdefault(match[1], []).extend(v for v in values if v)
    return answers


def _number(value: str) -> int | float:
    # Only "." as the decimal mark: "1,000" means 1 in Indonesian and 1000 in English.
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ValueError
    return int(number) if number == number.to_integral_value() else float(number)


def _answer(attribute: CategoryAttribute, values: list[str]):
    """The stored form of one answer; ValueError with the reason when it does not fit."""
    kind = attribute.datatype
    if kind != AttributeType.MULTI and len(values) > 1:
        raise ValueError(_("hanya satu jawaban"))
    if kind == AttributeType.STRING:
        if "\n" in values[0] or "\r" in values[0]:
            raise ValueError(_("satu baris, tanpa ganti baris"))
        if len(values[0]) > MAX_STRING:
            raise ValueError(_("maksimal %(n)s karakter") % {"n": MAX_STRING})
        return values[0]
    if kind == AttributeType.TEXT:
        if len(values[0]) > MAX_TEXT:
            raise ValueError(_("maksimal %(n)s karakter") % {"n": MAX_TEXT})
        return values[0]
    if kind == AttributeType.NUMBER:
        try:
            return _number(values[0])
        except ValueError:
            raise ValueError(_("harus berupa angka")) from None
    if kind == AttributeType.DATETIME:
        try:
            moment = as_datetime(values[0], name=attribute.code)
        except Open311Error:
            raise ValueError(
                _("tanggal/jam ISO 8601, misalnya 2026-11-23T09:15:00+08:00")
            ) from None
        return moment.astimezone(settings.CERDAS_TIME_ZONE).isoformat(timespec="seconds")
    keys = attribute.value_keys()
    unknown = [v for v in values if v not in keys]
    if unknown:
        raise ValueError(
            _("pilihan tidak dikenal: %(bad)s (pilih dari: %(keys)s)")
            % {"bad": ", ".join(unknown), "keys": ", ".join(keys)}
        )
    if kind == AttributeType.SINGLE:
        return values[0]
    return list(dict.fromkeys(values))  # multivaluelist: each chosen once, in order


def clean_answers(attributes: list[CategoryAttribute], data: QueryDict) -> dict:
    """Check the answers against the category's questions; every problem at once.

    Questions that only inform (variable=false) take no answer, and codes the category
    does not ask are left out: clients such as FixMyStreet send their own extra fields
    as attributes too.
    """
    raw = raw_answers(data)
    cleaned, problems = {}, []
    for attribute in attributes:
        if not attribute.variable:
            continue
        values = raw.get(attribute.code, [])
        if not values:
            if attribute.required:
                problems.append(
                    _("attribute[%(code)s] wajib diisi: %(question)s")
                    % {"code": attribute.code, "question": attribute.description}
                )
            continue
        try:
            cleaned[attribute.code] = _answer(attribute, values)
        except ValueError as exc:
            problems.append(
                _("attribute[%(code)s]: %(reason)s.") % {"code": attribute.code, "reason": exc}
            )
    if problems:
        raise Open311Error(400, *problems)
    return cleaned
