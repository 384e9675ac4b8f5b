"""Reports by e-mail: the IMAP poller and the reading of one message.

An e-mail carries the whole report at once (no back and forth): the subject and body
are the description, image attachments the photos, a line "Kategori: ..." picks the
category (else a category named in the text, else CERDAS_IMAP_CATEGORY, else the
first one), a line "Alamat: ..." or "Lokasi: ..." the place (else the photos' GPS).
A message is marked \\Seen on the server only after it is stored and processed, so a
poller that dies midway reads it again next time, and its Message-ID keeps it from
being filed twice.
"""

import email
import email.policy
import hashlib
import imaplib
import logging
import re
from email.message import EmailMessage
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cerdas.complaints.models import Category
from cerdas.complaints.services import (
    MAX_TEXT,
    Upload,
    WorkflowError,
    clean_email,
    clean_photos,
    complaint_submit,
)

from . import conversation as chat
from .models import ChatChannel, Conversation, InboundMessage, Kind
from .providers import Incoming

log = logging.getLogger(__name__)

NO_LOCATION = (
    "Laporan Anda belum bisa kami catat karena lokasinya belum ada. Kirim ulang e-mail "
    'dengan satu baris "Alamat: <alamat atau patokan lokasi>", atau lampirkan foto '
    "yang memuat lokasi GPS."
)
FIELD = re.compile(r"^\s*(kategori|alamat|lokasi)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    lines = []
    for line in text.splitlines():
        if line.rstrip() == "--":
            break  # the signature
        if not line.lstrip().startswith(">"):
            lines.append(line.rstrip())
    return "\n".join(lines).strip()


def _images(message: EmailMessage) -> list[Upload]:
    return [
        Upload(name=part.get_filename() or "lampiran", data=part.get_content())
        for part in message.iter_attachments()
        if part.get_content_maintype() == "image"
    ]


def _category(fields: dict[str, str], text: str) -> Category | None:
    categories = chat._categories()
    wanted = fields.get("kategori", "").lower()
    for c in categories:
        if wanted and wanted in (c.name.lower(), c.code.lower()):
            return c
    lowered = text.lower()
    for c in categories:
        if c.name.lower() in lowered:
            return c
    fallback = [c for c in categories if c.code == settings.CERDAS_IMAP_CATEGORY]
    return (fallback or categories or [None])[0]


def handle(conversation: Conversation, inbound: InboundMessage, *, now) -> chat.Outcome:
    out = chat.Outcome()
    message = parse(bytes(inbound.media_data))
    subject = str(message.get("Subject", "")).strip()
    body = _body(message)
    fields = {k.lower(): v for k, v in FIELD.findall(body)}
    description = "\n\n".join(p for p in (subject, body) if p)[:MAX_TEXT]
    uploads, refused = [], []
    for upload in _images(message)[: settings.CERDAS_MAX_PHOTOS]:
        try:
            clean_photos([upload])
            uploads.append(upload)
        except WorkflowError as exc:
            refused.append(str(exc))
    category = _category(fields, description)
    if category is None:
        out.replies.append(chat.SUBMIT_FAILED.format(error="Belum ada kategori pengaduan."))
        return out
    try:
        complaint = complaint_submit(
            category=category,
            description=description,
            address=(fields.get("alamat") or fields.get("lokasi") or "")[:300],
            photos=uploads,
            reporter_name=conversation.name[:120],
            reporter_email=conversation.address,
            channel=ChatChannel.EMAIL,
            submission_key=f"{inbound.channel}-{inbound.pk}",
            now=now,
        )
    except WorkflowError as exc:
        out.replies.append(NO_LOCATION if "lokasi" in str(exc).lower() else str(exc))
        return out
    out.complaint = complaint
    reply = chat.submitted_reply(conversation, complaint)
    if refused:
        reply += "\nLampiran yang tidak dapat dipakai: " + "; ".join(refused)
    out.replies.append(reply.replace("*", ""))
    return out


# --- the poller ---------------------------------------------------------------------------


def _connect(url: str) -> tuple[imaplib.IMAP4, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ImproperlyConfigured("CERDAS_IMAP_URL: expected imaps://user:password@host/INBOX")
    secure = parts.scheme == "imaps"
    port = parts.port or (993 if secure else 143)
    cls = imaplib.IMAP4_SSL if secure else imaplib.IMAP4
    imap = cls(parts.hostname, port, timeout=30)
    imap.login(unquote(parts.username or ""), unquote(parts.password or ""))
    return imap, unquote(parts.path.lstrip("/")) or "INBOX"


def _incoming(uid: bytes, raw: bytes) -> Incoming | None:
    message = parse(raw)
    name, address = parseaddr(str(message.get("From", "")))
    try:
        address = clean_email(address)
    except WorkflowError:
        address = ""
    own = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    auto = str(message.get("Auto-Submitted", "no")).lower() != "no"
    if not address or address == own or auto:
        return None  # bounces, vacation replies, our own mail: answering them loops
    message_id = str(message.get("Message-ID", "")).strip()
    return Incoming(
        channel=ChatChannel.EMAIL,
        provider_id=message_id or "sha256:" + hashlib.sha256(raw).hexdigest(),
        address=address,
        name=name,
        kind=Kind.EMAIL,
        text=str(message.get("Subject", ""))[:300],
        payload={"uid": uid.decode(), "message_id": message_id},
    )


def imap_poll(*, url: str | None = None) -> int:
    """Read the mailbox's UNSEEN messages, file them, mark each \\Seen once it is done.
    Returns how many new messages were stored."""
    from .services import conversation_process, inbound_store

    url = url if url is not None else settings.CERDAS_IMAP_URL
    if not url:
        return 0
    imap, mailbox = _connect(url)
    stored = 0
    try:
        typ, _ = imap.select(mailbox)
        if typ != "OK":
            raise imaplib.IMAP4.error(f"SELECT {mailbox} failed")
        typ, data = imap.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            # BODY.PEEK: reading does not set \Seen; only our STORE below does.
            typ, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in fetched if isinstance(p, tuple)), None)
            if typ != "OK" or raw is None:
                continue
            incoming = _incoming(uid, raw)
            if incoming is not None:
                new = inbound_store(incoming=[incoming], media={incoming.provider_id: raw})
                for message in new:
                    conversation_process(conversation_id=message.conversation_id)
                stored += len(new)
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        try:
            imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return stored
