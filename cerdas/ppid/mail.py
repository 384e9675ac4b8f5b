"""E-mail to the requester on receipt, extension, decision and objection steps.

Only when the city configured CERDAS_SMTP_URL and the requester gave an e-mail address.
Sent after the transaction commits, so a failed write sends nothing and a refused
message never undoes the step (the registers stay the record). One small function,
so that it can move to the notification outbox later.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

log = logging.getLogger(__name__)


def notify_requester(request, kind: str, *, objection=None) -> None:
    if not settings.CERDAS_SMTP_URL or not request.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "request": request,
            "objection": objection,
            "city": settings.CERDAS_CITY_NAME,
            "track_url": settings.CERDAS_BASE_URL + reverse("ppid:track", args=[request.number]),
        }
        subject = render_to_string("ppid/email_subject.txt", context).strip()
        body = render_to_string("ppid/email.txt", context)
    address = request.email

    def send() -> None:
        try:
            send_mail(subject, body, None, [address])
        except Exception as exc:  # SMTP refusals, timeouts, DNS: the step stands
            log.warning("ppid mail %s for %s failed: %s", kind, request.number, type(exc).__name__)

    transaction.on_commit(send)
