"""Numbers as the leaders' pages show them: a share as a percentage, hours with one
decimal, a dash where there is nothing to show (cerdas.core.numbers, the one helper)."""

from django import template

from cerdas.core.numbers import DASH, number, percent

register = template.Library()


@register.filter
def pct(value) -> str:
    return percent(value)


@register.filter
def hours(value) -> str:
    return DASH if value is None else f"{number(value, 1)} j"


@register.filter
def score(value) -> str:
    return number(value, 1)


@register.filter
def decimal(value, places=1) -> str:
    """Any number in the visitor's language: `{{ x|decimal:2 }}` (1.234,56 or 1,234.56)."""
    return number(value, int(places))
