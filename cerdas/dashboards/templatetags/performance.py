"""Numbers as the leaders' pages show them: a share as a percentage, hours with one
decimal, a dash where there is nothing to show."""

from django import template
from django.utils.formats import number_format

register = template.Library()
DASH = "–"


@register.filter
def pct(value) -> str:
    if value is None:
        return DASH
    return f"{number_format(value * 100, 0)}%"


@register.filter
def hours(value) -> str:
    if value is None:
        return DASH
    return f"{number_format(value, 1)} j"


@register.filter
def score(value) -> str:
    return DASH if value is None else number_format(value, 1)
