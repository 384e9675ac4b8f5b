"""Storing what arrives, and processing it one sender at a time.

The webhook (or the IMAP poll) only stores: `inbound_store` writes each message under
its provider id and queues the sender for processing once that commits, so the provider
gets its 200 at once. `conversation_process` (a task; the periodic job picks up what the
queue lost) takes the sender's conversation row FOR UPDATE and handles the sender's
pending messages oldest first, each in its own transaction with its replies. A message
that fails is kept with its error (admin: "Proses ulang").
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cerdas.core.queue import enqueue_each
from cerdas.notifications.services import notification_queue

from . import conversation as chat
from . import mail
from .models import ChatChannel, Conversation, InboundMessage, Kind, MessageStatus
from .providers import Incoming, MediaError, media_download

log = logging.getLogger(__name__)

# A pending message this old was not picked up by its task (a lost job, a worker that
# died): the periodic job processes it.
STALE_AFTER = timedelta(minutes=2)
FAILED_REPLY = (
    "Maaf, pesan Anda belum bisa kami proses. Petugas kami akan memeriksanya; Anda tidak "
    "perlu mengirim ulang."
)


def _enqueue(conversation_ids: list[int]) -> None:
    from .tasks import process_conversation

    enqueue_each(process_conversation, conversation_ids)


def _store_one(incoming: Incoming, media_data: bytes | None, now) -> InboundMessage | None:
    conversation, _created = Conversation.objects.get_or_create(
        channel=incoming.channel, address=incoming.address, defaults={"name": incoming.name}
    )
    changes = {"last_inbound_at": now}
    if incoming.name and conversation.name != incoming.name[:120]:
        changes["name"] = incoming.name[:120]
    # The person wrote: WhatsApp's 24-hour window for our free text opens again.
    Conversation.objects.filter(pk=conversation.pk).update(**changes)
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(
                conversation=conversation,
                channel=incoming.channel,
                provider_id=incoming.provider_id[:255],
                kind=incoming.kind,
                text=incoming.text[:10000],
                latitude=incoming.latitude,
                longitude=incoming.longitude,
                media_id=incoming.media_id[:255],
                media_data=media_data,
                payload=incoming.payload,
                received_at=now,
            )
    except IntegrityError:
        # The provider sent it again (a retry, a replay): stored and handled already.
        return None


@transaction.atomic
def inbound_store(
    *, incoming: list[Incoming], media: dict[str, bytes] | None = None, now=None
) -> list[InboundMessage]:
    """Store messages as they arrived; returns the new ones (a repeat is skipped)."""
    now = now or timezone.now()
    media = media or {}
    stored = [
        m for m in (_store_one(i, media.get(i.provider_id), now) for i in incoming) if m is not None
    ]
    ids = sorted({m.conversation_id for m in stored})
    if ids:
        transaction.on_commit(partial(_enqueue, ids), robust=True)
    return stored


def _queue_replies(conversation: Conversation, message: InboundMessage, replies, complaint):
    """Record the replies on the message and queue each in the outbox, in the caller's
    transaction. Keys count every reply ever made to this message, so a retried message
    answers with new keys and a re-run of the same attempt with the same ones."""
    done = len(message.replies or [])
    for n, body in enumerate(replies, start=done):
        notification_queue(
            channel=conversation.channel,
            address=conversation.address,
            body=body,
            key=f"reply:{message.pk}:{n}",
            subject=_subject(message) if conversation.channel == ChatChannel.EMAIL else "",
            complaint=complaint,
        )
    message.replies = list(message.replies or []) + list(replies)


def _subject(message: InboundMessage) -> str:
    subject = " ".join((message.text or "").split())[:150]
    if not subject:
        return f"Pengaduan {settings.CERDAS_CITY_NAME}"
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _fail(message_id: int, error: str, now) -> None:
    with transaction.atomic():
        message = InboundMessage.objects.select_for_update().get(pk=message_id)
        if message.status != MessageStatus.PENDING:
            return
        message.status = MessageStatus.FAILED
        message.error = error[:500]
        message.attempts = F("attempts") + 1
        message.processed_at = now
        _queue_replies(message.conversation, message, [FAILED_REPLY], None)
        message.save(update_fields=["status", "error", "attempts", "processed_at", "replies"])


def _fetch_media(message: InboundMessage) -> None:
    """Download a chat photo before the sender is locked (a slow provider holds no lock)."""
    data = media_download(message.channel, message.media_id)
    InboundMessage.objects.filter(pk=message.pk, media_data__isnull=True).update(media_data=data)


def _handle(conversation: Conversation, message: InboundMessage, now) -> chat.Outcome:
    if message.kind == Kind.EMAIL:
        return mail.handle(conversation, message, now=now)
    return chat.handle(conversation, message, now=now)


def conversation_process(*, conversation_id: int, now=None) -> int:
    """Handle the sender's pending messages in arrival order. Returns how many were handled
    (done or failed). Safe to run in several processes: the conversation row is the lock."""
    handled = 0
    pending = InboundMessage.objects.filter(
        conversation_id=conversation_id, status=MessageStatus.PENDING
    ).order_by("id")
    while True:
        head = pending.only("id", "kind", "channel", "media_id").first()
        if head is None:
            return handled
        when = now or timezone.now()
        if head.kind == Kind.IMAGE and head.media_id:
            if not InboundMessage.objects.filter(pk=head.pk, media_data__isnull=False).exists():
                try:
                    _fetch_media(head)
                except MediaError as exc:
                    _fail(head.pk, f"Foto tidak dapat diunduh dari penyedia: {exc}", when)
                    handled += 1
                    continue
        try:
            with transaction.atomic():
                conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
                message = pending.select_for_update().first()
                if message is None or message.pk != head.pk:
                    continue  # another process got there first: look again
                outcome = _handle(conversation, message, when)
                conversation.updated_at = when
                conversation.save(update_fields=["step", "draft", "name", "updated_at"])
                message.status = MessageStatus.DONE
                message.error = ""
                message.attempts += 1
                message.processed_at = when
                message.complaint = outcome.complaint or message.complaint
                _queue_replies(conversation, message, outcome.replies, outcome.complaint)
                message.save()
        except Exception as exc:
            # Kept with its error, never dropped; the log names the row, not its content.
            log.exception("inbound message %s failed", head.pk)
            _fail(head.pk, f"{type(exc).__name__}: {exc}", when)
        handled += 1


@transaction.atomic
def messages_retry(*, message_ids: list[int]) -> int:
    """Put failed messages back in their sender's queue (the admin's action)."""
    rows = list(
        InboundMessage.objects.select_for_update()
        .filter(pk__in=message_ids, status=MessageStatus.FAILED)
        .values_list("pk", "conversation_id")
    )
    InboundMessage.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        status=MessageStatus.PENDING, processed_at=None
    )
    ids = sorted({conversation_id for _, conversation_id in rows})
    if ids:
        transaction.on_commit(partial(_enqueue, ids), robust=True)
    return len(rows)


def messages_process_stale(*, now=None) -> int:
    """The periodic job: process senders whose pending messages the task queue left behind."""
    now = now or timezone.now()
    ids = (
        InboundMessage.objects.filter(
            status=MessageStatus.PENDING, received_at__lt=now - STALE_AFTER
        )
        .values_list("conversation_id", flat=True)
        .distinct()
    )
    return sum(conversation_process(conversation_id=pk) for pk in sorted(set(ids)))


def channels_poll() -> int:
    """The periodic job: the e-mail inbox (when CERDAS_IMAP_URL is set) and the senders
    the task queue left behind. Returns the messages handled. The chats first: a mail
    server that is down fails the job, not the chats."""
    handled = messages_process_stale()
    return handled + mail.imap_poll()
