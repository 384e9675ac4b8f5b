"""Who is told what about a complaint event (filled in below)."""

from django.core.exceptions import ValidationError
from django.template import TemplateSyntaxError, engines
from django.utils.translation import gettext as _


def template_check(*, subject: str, body: str) -> None:
    """Raise ValidationError when a template text does not compile."""
    for field, text in (("subject", subject), ("body", body)):
        try:
            engines["django"].from_string(text or "")
        except TemplateSyntaxError as exc:
            raise ValidationError(
                {field: _("Templat tidak valid: %(error)s") % {"error": exc}}
            ) from None


def notify_event(*, event, complaint) -> None:
    return None
