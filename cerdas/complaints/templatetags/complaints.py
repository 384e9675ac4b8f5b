from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cerdas.core.numbers import number
from cerdas.workdays.calendar import city_calendar

register = template.Library()

_CLASSES = {"green": "ok", "yellow": "warn", "red": "late", "none": "none"}


@register.simple_tag
def deadline(due, now, paused=None):
    """A coloured badge: days of working time left, or how late. Yellow at <= 2 working days."""
    if paused:
        return format_html('<span class="badge none">{}</span>', _("jeda: menunggu pelapor"))
    if due is None:
        return ""
    calendar = city_calendar()
    status = calendar.status(now, due)
    days = abs(calendar.remaining(now, due)) / calendar.day_seconds
    if days < 1:
        amount = _("%(h)s jam kerja") % {"h": max(1, round(days * calendar.day_seconds / 3600))}
    else:
        amount = _("%(d)s hari kerja") % {"d": number(days, 1, trim=True)}
    text = (
        _("terlambat %(amount)s") % {"amount": amount}
        if status == "red"
        else _("sisa %(amount)s") % {"amount": amount}
    )
    return format_html('<span class="badge {}">{}</span>', _CLASSES[status], text)


@register.filter
def state_class(state: str) -> str:
    return f"st-{state}"
