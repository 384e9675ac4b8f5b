"""E-mail through Django's mail backend (SMTP with CERDAS_SMTP_URL, files without).

The Message-ID is made from the idempotency key, so a mail program or a list server
that sees the same notice twice can tell. SMTP's codes run the other way round from
HTTP's: 4xx is "try again later", 5xx is a refusal.
"""

import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from . import PermanentError, Result, RetryableError


def message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"<{digest}@{domain}>"


def message_for(notification) -> EmailMessage:
    subject = notification.subject or notification.body.split("\n", 1)[0][:120]
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=notification.body,
        to=[notification.address],
        headers={"Message-ID": message_id(notification.key), "Auto-Submitted": "auto-generated"},
    )


def _smtp_reason(exc: smtplib.SMTPException) -> tuple[int | None, str]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (None, b""))
    elif isinstance(exc, smtplib.SMTPResponseException):
        code, text = exc.smtp_code, exc.smtp_error
    else:
        return None, f"{type(exc).__name__}: {exc}"
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return code, f"SMTP {code}: {text}"


def send(notification) -> Result:
    message = message_for(notification)
    try:
        with get_connection(fail_silently=False) as connection:
            message.connection = connection
            message.send()
    except smtplib.SMTPException as exc:
        code, reason = _smtp_reason(exc)
        if code is not None and 500 <= code < 600:
            raise PermanentError(reason, status=code) from None
        raise RetryableError(reason, status=code) from None
    except OSError as exc:  # TimeoutError included
        raise RetryableError(f"{type(exc).__name__}: {exc}"[:300]) from None
    return Result(provider_id=message_id(notification.key))
