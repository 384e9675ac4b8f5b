"""One-time codes to a phone or an e-mail address: a citizen's sign-in, and the
confirmation of "saya juga" before notices go to an address somebody typed.

- The code (6 digits) travels through the notification outbox like any message, on the
  e-mail channel or, for a phone, WhatsApp (else SMS) when the installation has one.
- Only an HMAC of it is stored (keyed by SECRET_KEY and bound to the purpose, address and
  subject), compared in constant time.
- It expires after CERDAS_OTP_MINUTES, dies after CERDAS_OTP_MAX_ATTEMPTS wrong tries,
  and a new code for the same address replaces the old one. Once used or expired, the
  outbox row that carried it has its text wiped.
- Sending is rate-limited per address and per client address, in the rate windows every
  web process shares (cerdas/api/models.RateWindow): nobody can flood a phone with codes
  or try a million codes against one.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cerdas.api.models import RateWindow
from cerdas.complaints.services import clean_email, clean_phone
from cerdas.complaints.workflow import WorkflowError

from .models import CodePurpose, OneTimeCode

WIPED = "[kode sekali pakai dihapus]"
SENDS_PER_ADDRESS_PER_HOUR = 5


class TooManyRequests(WorkflowError):  # noqa: N818 (a WorkflowError, read as a sentence)
    """Rate limit reached: `wait` seconds until the next window."""

    def __init__(self, message: str, wait: int):
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class Contact:
    """Where a code goes: "email" or "phone", the channel it travels on, the address."""

    kind: str
    channel: str
    address: str


def contact_parse(raw: str) -> Contact:
    """A phone number or an e-mail address as a citizen types it, checked and normalised.
    Raises WorkflowError with a message for the citizen."""
    from cerdas.notifications.notices import channel_available

    raw = (raw or "").strip()
    if not raw:
        raise WorkflowError(_("Isi nomor HP atau alamat e-mail."))
    if "@" in raw:
        return Contact("email", "email", clean_email(raw))
    phone = clean_phone(raw)
    for channel in ("whatsapp", "sms"):
        if channel_available(channel):
            return Contact("phone", channel, phone)
    raise WorkflowError(_("Kode lewat HP belum tersedia di kota ini; gunakan alamat e-mail Anda."))


def _digest(purpose: str, address: str, subject_id: int | None, code: str) -> str:
    message = f"{purpose}|{address}|{subject_id or ''}|{code}".encode()
    key = hashlib.sha256(b"cerdas.accounts.otp" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _message(purpose: str, code: str, minutes: int, context: dict) -> tuple[str, str]:
    if purpose == CodePurpose.FOLLOW:
        subject = _("Kode konfirmasi mengikuti laporan %(code)s") % {"code": context["case"]}
        body = _(
            "Kode untuk mengikuti laporan %(case)s: %(code)s\n"
            "Berlaku %(minutes)s menit. Bila Anda tidak memintanya, abaikan pesan ini: Anda "
            "tidak akan dikabari apa pun."
        ) % {"case": context["case"], "code": code, "minutes": minutes}
        if context.get("link"):
            # The link carries the code: whoever has the message may confirm from it.
            url = f"{context['link']}?kode={code}"
            body += "\n" + _("Atau buka: %(url)s") % {"url": url}
        return subject, body
    subject = _("Kode masuk Cerdas: %(code)s") % {"code": code}
    body = _(
        "Kode masuk Cerdas %(city)s Anda: %(code)s\n"
        "Berlaku %(minutes)s menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas."
    ) % {"city": settings.CERDAS_CITY_NAME, "code": code, "minutes": minutes}
    return subject, body


def _limit(bucket: str, limit: int) -> None:
    wait = RateWindow.hit(bucket, limit=limit, window_seconds=3600)
    if wait:
        minutes = max(1, -(-wait // 60))
        raise TooManyRequests(
            _("Terlalu banyak permintaan kode. Coba lagi dalam %(minutes)s menit.")
            % {"minutes": minutes},
            wait,
        )


def otp_send(
    *,
    purpose: str,
    contact: Contact,
    client: str,
    subject_id: int | None = None,
    context: dict | None = None,
    now: datetime | None = None,
) -> OneTimeCode:
    """Send a fresh code to `contact` (replacing any live one for the same purpose,
    address and subject) through the outbox. `client`: the requester's address, for the
    rate limit. `context`: `case` (a tracking code) and `link` for FOLLOW."""
    from cerdas.notifications.notices import address_digest
    from cerdas.notifications.services import notification_queue

    now = now or timezone.now()
    # Counted first, outside the transaction: a refused request is still counted.
    _limit(f"otp:{address_digest(contact.address)}", SENDS_PER_ADDRESS_PER_HOUR)
    _limit(f"otp-ip:{client}", settings.CERDAS_OTP_PER_CLIENT_PER_HOUR)
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings.CERDAS_OTP_MINUTES
    with transaction.atomic():
        _retire(
            OneTimeCode.objects.filter(
                purpose=purpose,
                address=contact.address,
                subject_id=subject_id,
                used_at__isnull=True,
            ),
            now,
        )
        row = OneTimeCode.objects.create(
            purpose=purpose,
            channel=contact.channel,
            address=contact.address,
            subject_id=subject_id,
            code_hash=_digest(purpose, contact.address, subject_id, code),
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
        subject, body = _message(purpose, code, minutes, context or {})
        # No template: the person has just asked for this message, so an earlier
        # opt-out (of notices) does not swallow it.
        notification = notification_queue(
            channel=contact.channel,
            address=contact.address,
            subject=subject,
            body=body,
            key=f"otp:{row.pk}",
        )
        row.notification_key = notification.key
        row.save(update_fields=["notification_key"])
    return row


def _retire(codes, now: datetime) -> None:
    """Mark codes used and wipe the text of the messages that carried them."""
    from cerdas.notifications.models import Notification

    keys = list(codes.exclude(notification_key="").values_list("notification_key", flat=True))
    codes.update(used_at=now)
    if keys:
        Notification.objects.filter(key__in=keys).update(body=WIPED)


def otp_verify(
    *,
    purpose: str,
    address: str,
    code: str,
    subject_id: int | None = None,
    now: datetime | None = None,
) -> OneTimeCode:
    """Check a code typed back. Returns the used code row; raises WorkflowError with a
    message for the citizen (wrong, expired, too many tries). Wrong tries are counted
    even though the call fails, so never call it inside a transaction that the error
    rolls back."""
    now = now or timezone.now()
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    error = None
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(purpose=purpose, address=address, subject_id=subject_id, used_at__isnull=True)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None or row.expires_at <= now:
            error = _("Kode sudah tidak berlaku. Minta kode baru.")
            if row is not None:
                _retire(OneTimeCode.objects.filter(pk=row.pk), now)
        else:
            row.attempts += 1
            row.save(update_fields=["attempts"])
            expected = _digest(purpose, address, subject_id, code)
            right = hmac.compare_digest(row.code_hash, expected) and len(code) == 6
            if right or row.attempts >= settings.CERDAS_OTP_MAX_ATTEMPTS:
                _retire(OneTimeCode.objects.filter(pk=row.pk), now)
                row.used_at = now
            if not right:
                error = (
                    _("Kode salah. Periksa lagi pesan yang kami kirim.")
                    if row.used_at is None
                    else _("Kode salah terlalu sering. Minta kode baru.")
                )
    if error:
        raise WorkflowError(error)
    return row


def one_time_codes_purge(*, now: datetime | None = None) -> int:
    """The periodic clean-up: wipe the messages of expired codes and drop codes (and the
    rate windows) older than a day. Returns how many codes were dropped."""
    now = now or timezone.now()
    _retire(OneTimeCode.objects.filter(used_at__isnull=True, expires_at__lte=now), now)
    RateWindow.objects.filter(window_start__lt=now - timedelta(days=1)).delete()
    dropped, _rows = OneTimeCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    return dropped
