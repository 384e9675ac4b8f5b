from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cerdas.core.numbers import number
from cerdas.workdays.calendar import city_calendar

from ..models import InstructionRecipient, Status

register = template.Library()

_CLASSES = {"green": "ok", "yellow": "warn", "red": "late", "none": "none"}


@register.simple_tag
def part_deadline(part: InstructionRecipient, now):
    """A badge for one OPD's part: time left (coloured) or, once done, on time or late."""
    deadline = part.instruction.deadline
    if part.done_at is not None:
        on_time = part.done_at <= deadline
        if part.status == Status.ACCEPTED:
            text = _("selesai tepat waktu") if on_time else _("selesai terlambat")
        else:
            text = _("dilaporkan tepat waktu") if on_time else _("dilaporkan terlambat")
        return format_html(
            '<span class="badge {}" data-colour="none">{}</span>', "ok" if on_time else "late", text
        )
    calendar = city_calendar()
    colour = calendar.status(now, deadline)
    days = abs(calendar.remaining(now, deadline)) / calendar.day_seconds
    if days < 1:
        amount = _("%(h)s jam kerja") % {"h": max(1, round(days * calendar.day_seconds / 3600))}
    else:
        amount = _("%(d)s hari kerja") % {"d": number(days, 1, trim=True)}
    text = (
        _("terlambat %(amount)s") % {"amount": amount}
        if colour == "red"
        else _("sisa %(amount)s") % {"amount": amount}
    )
    return format_html(
        '<span class="badge {}" data-colour="{}">{}</span>', _CLASSES[colour], colour, text
    )
