"""The outbox: queueing a message, and the worker's attempts at sending it.

Guarantees (docs/notifications.md, "Outbox"):
- a notice is written in the transaction of the change it reports, under a unique
  idempotency key: queueing the same key again returns the existing row;
- an attempt first claims the row with a conditional UPDATE (committed before the
  provider is called), so two workers, hosts or a worker and the poller never send one
  notice at the same time, and a notice recorded as sent is never sent again;
- a process that dies between the provider's "accepted" and our commit leaves the row
  pending under its lease; once the lease ends it is sent again with the same key. That
  is at-least-once; it becomes exactly-once only at providers that deduplicate by the
  key we pass (the SMS gateway contract, the fake provider of the tests).
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cerdas.complaints.workflow import WorkflowError
from cerdas.core import queue

from .backends import CHANNELS, ChannelRefusedError, PermanentError, RetryableError, backend_for
from .models import Notification, OptOut, Preference, Status

log = logging.getLogger(__name__)


def lease() -> timedelta:
    """How long a claimed notice belongs to the process sending it: longer than any
    send (CERDAS_NOTIFY_TIMEOUT covers the connection and each read)."""
    return timedelta(seconds=settings.CERDAS_NOTIFY_LEASE_SECONDS)


def backoff(attempt: int) -> timedelta:
    """The wait after the `attempt`-th failed try: base, 2 x base, 4 x base... capped at
    6 hours. With the default base of 30 s and 8 attempts a notice is tried for ~2 h."""
    seconds = settings.CERDAS_NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, 6 * 3600))


def normal_address(channel: str, address: str) -> str:
    """One spelling per address, so an opt-out matches: a WhatsApp wa_id has no '+'."""
    address = address.strip()
    if channel == "whatsapp":
        return address.lstrip("+")
    if channel == "email":
        return address.lower()
    return address


def notification_queue(
    *,
    channel: str,
    address: str,
    body: str,
    key: str,
    subject: str = "",
    complaint=None,
    user=None,
    media_url: str = "",
    template: str = "",
    params: dict | None = None,
    fallback_of: Notification | None = None,
) -> Notification:
    """Queue one outbound message, in the caller's transaction (call it inside the state
    change's transaction). channel is one of "email", "whatsapp", "telegram", "sms",
    "console". address: an e-mail address, a WhatsApp wa_id / E.164 phone without '+',
    a Telegram chat_id, or a phone. key: idempotency key, unique — queueing the same key
    again returns the existing row and never sends twice. Delivery is scheduled on commit
    (django-tasks) and retried by the worker with backoff.

    Raises WorkflowError (and writes nothing) on an unknown channel, an empty address,
    body or key. Opt-outs are checked when the message is sent, not here: a notice queued
    just before the recipient opted out is not sent either. Opt-outs stop notices, the
    rows with a `template`; a row without one is a direct answer to a message the person
    has just sent (the inbound channels' replies, "BERHENTI"'s confirmation) and is sent.
    """
    if channel not in CHANNELS:
        raise WorkflowError(f"Kanal notifikasi tidak dikenal: {channel}")
    address, body, key = normal_address(channel, address), body.strip(), key.strip()
    if not address or not body or not key:
        raise WorkflowError("Notifikasi perlu alamat, isi dan kunci.")
    if len(key) > 200:
        raise WorkflowError("Kunci notifikasi terlalu panjang (maks. 200 karakter).")
    now = timezone.now()
    notification = Notification(
        key=key,
        channel=channel,
        address=address[:254],
        subject=" ".join(subject.split())[:200],
        body=body[:4096],
        media_url=media_url,
        template=template,
        params=params or {},
        fallback_of=fallback_of,
        complaint=complaint,
        user=user,
        next_attempt_at=now,
        created_at=now,
    )
    # Insert first, read only on a clash: the common case costs one INSERT (in a
    # savepoint, so a clash leaves the caller's transaction usable).
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return Notification.objects.get(key=key)
    # robust: the change is committed already; a queue that fails to take the job must
    # not turn the request into an error. The poller sends it later.
    transaction.on_commit(partial(enqueue, [notification.pk]), robust=True)
    return notification


def enqueue(ids: list[int], run_after: datetime | None = None) -> None:
    from .tasks import deliver  # tasks import this module

    queue.enqueue_each(deliver, ids, run_after)


@transaction.atomic
def notifications_resend(*, notifications, now: datetime | None = None) -> int:
    """Send again (the admin's "Kirim ulang"): pending from now, a fresh retry schedule,
    the same key (a provider that deduplicates will not show it twice)."""
    now = now or timezone.now()
    ids = list(notifications.exclude(status=Status.PENDING).values_list("pk", flat=True))
    count = Notification.objects.filter(pk__in=ids).update(
        status=Status.PENDING, attempts=0, next_attempt_at=now, sent_at=None, last_error=""
    )
    transaction.on_commit(partial(enqueue, ids), robust=True)
    return count


def notification_claim(*, notification_id: int, now: datetime) -> int | None:
    """Take a due notice for one attempt (`queue.claim`). Returns the attempt number."""
    return queue.claim(Notification, notification_id, now=now, lease=lease())


def opted_out(notification: Notification) -> bool:
    if not notification.template:
        return False  # a reply to the person's own message, not a notice
    if OptOut.objects.filter(channel=notification.channel, address=notification.address).exists():
        return True
    if notification.user_id is None:
        return False
    return Preference.objects.filter(user_id=notification.user_id, opted_out=True).exists()


def notification_attempt(*, notification_id: int, now: datetime | None = None) -> str:
    """One attempt at one notice, if it is due and nobody else is sending it.

    Returns "sent", "retry", "failed", "skipped" (opted out) or "busy" (not due, taken by
    another process, or finished already).
    """
    now = now or timezone.now()
    # Autocommit: the claim must be committed before the provider is called.
    attempt = notification_claim(notification_id=notification_id, now=now)
    if attempt is None:
        return "busy"
    notification = Notification.objects.get(pk=notification_id)
    if opted_out(notification):
        return _finish(
            notification, attempt, Status.SKIPPED, now=now, error="berhenti berlangganan"
        )
    try:
        result = backend_for(notification.channel).send(notification)
    except ChannelRefusedError as exc:
        outcome = _finish(notification, attempt, Status.FAILED, now=now, error=str(exc))
        if outcome == "failed":
            _fall_back(notification, str(exc))
    except PermanentError as exc:
        outcome = _finish(notification, attempt, Status.FAILED, now=now, error=str(exc))
    except RetryableError as exc:
        if attempt >= settings.CERDAS_NOTIFY_MAX_ATTEMPTS:
            outcome = _finish(notification, attempt, Status.FAILED, now=now, error=str(exc))
        else:
            retry_at = timezone.now() + backoff(attempt)
            outcome = _finish(
                notification, attempt, Status.PENDING, now=now, error=str(exc), retry_at=retry_at
            )
            if outcome == "retry":
                enqueue([notification.pk], run_after=retry_at)
    else:
        outcome = _finish(
            notification, attempt, Status.SENT, now=now, provider_id=result.provider_id
        )
    log.info(
        "notification %s (%s, attempt %s): %s %s",
        notification.pk,
        notification.channel,
        attempt,
        outcome,
        notification.last_error,
    )
    return outcome


@transaction.atomic
def _fall_back(notification: Notification, reason: str) -> Notification | None:
    """The channel refused the notice: queue it on the person's next channel and note on
    the refused row where it went (or that there was nowhere to go)."""
    from .notices import fallback_recipient  # notices imports this module

    recipient = fallback_recipient(notification)
    if recipient is None:
        note = f"{reason} | tidak ada kanal lain"
        replacement = None
    else:
        replacement = notification_queue(
            channel=recipient.channel,
            address=recipient.address,
            body=notification.body,
            subject=notification.subject,
            key=f"{notification.key}:fallback:{recipient.channel}"[:200],
            complaint=notification.complaint,
            user=notification.user,
            template=notification.template,
            fallback_of=notification,
        )
        note = f"{reason} | dialihkan ke {recipient.channel} #{replacement.pk}"
    # The reason first: cut from its end, never the channel it went to.
    note = (
        note if len(note) <= 300 else reason[: 300 - len(note) + len(reason)] + note[len(reason) :]
    )
    Notification.objects.filter(pk=notification.pk).update(last_error=note[:300])
    notification.last_error = note[:300]
    return replacement


def _finish(
    notification: Notification,
    attempt: int,
    status: Status,
    *,
    now: datetime,
    error: str = "",
    provider_id: str = "",
    retry_at: datetime | None = None,
) -> str:
    """Record the attempt (`queue.record`): "busy" when the row was not ours any more."""
    changes = {"status": status, "last_error": error[:300], "next_attempt_at": retry_at}
    if status == Status.SENT:
        changes["sent_at"] = timezone.now()
        changes["provider_id"] = provider_id[:200]
    updated = queue.record(Notification, notification.pk, attempt=attempt, now=now, changes=changes)
    notification.last_error = error[:300]
    if not updated:
        return "busy"
    return {
        Status.SENT: "sent",
        Status.FAILED: "failed",
        Status.SKIPPED: "skipped",
        Status.PENDING: "retry",
    }[status]


def notifications_deliver_due(
    *, now: datetime | None = None, batch: int = 500, budget_seconds: float = 60
) -> int:
    """Send pending notices whose time has come (`queue.send_due`: the safety net behind
    the task queue). Returns how many were attempted."""
    return queue.send_due(
        Notification,
        lambda pk, at: notification_attempt(notification_id=pk, now=at),
        busy="busy",
        now=now,
        batch=batch,
        budget_seconds=budget_seconds,
    )


@transaction.atomic
def optout_record(*, channel: str, address: str) -> OptOut:
    """Stop every later message to this address (the opt-out link, or "BERHENTI" sent
    on WhatsApp/Telegram: the inbound channels call this). Idempotent."""
    if channel not in CHANNELS or not address.strip():
        raise WorkflowError("Kanal atau alamat tidak dikenal.")
    optout, _created = OptOut.objects.get_or_create(
        channel=channel, address=normal_address(channel, address)
    )
    return optout


@transaction.atomic
def preference_update(
    *,
    user,
    channels: list[str],
    whatsapp: str = "",
    telegram_chat_id: str = "",
    opted_out: bool = False,
) -> Preference:
    """An account chooses its channels (in order) and addresses, or opts out of all."""
    from cerdas.complaints.services import clean_phone

    unknown = sorted(set(channels) - (set(CHANNELS) - {"console"}))
    if unknown:
        raise WorkflowError(f"Kanal tidak dikenal: {', '.join(unknown)}")
    whatsapp = clean_phone(whatsapp)
    telegram_chat_id = telegram_chat_id.strip()
    if telegram_chat_id and not telegram_chat_id.lstrip("-").isdigit():
        raise WorkflowError("Chat id Telegram berupa angka (tanyakan kepada bot kota).")
    addresses = {
        "whatsapp": whatsapp or user.phone,
        "telegram": telegram_chat_id,
        "email": user.email,
        "sms": user.phone,
    }
    missing = [c for c in channels if not addresses.get(c)]
    if missing and not opted_out:
        raise WorkflowError(f"Kanal {', '.join(missing)} belum punya alamat di akun Anda.")
    preference, _created = Preference.objects.update_or_create(
        user=user,
        defaults={
            "channels": list(dict.fromkeys(channels)),
            "whatsapp": whatsapp,
            "telegram_chat_id": telegram_chat_id,
            "opted_out": opted_out,
        },
    )
    return preference
