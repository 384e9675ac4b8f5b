"""The chat in Indonesian that turns a sender's messages into a complaint.

A state machine per sender and channel (`Conversation.step` and its `draft`): it asks
for what is still missing (uraian, kategori, lokasi, foto) one thing at a time, then
files the report through `complaint_submit` and answers with the tracking code.
Commands work at any step: "batal", "bantuan", "cek <kode>" (or "status <kode>"),
"berhenti" (no more notices to this chat: the outbox's opt-out).

`handle` runs inside the caller's transaction with the conversation row locked; it
changes the conversation and returns the replies. It never sends anything itself.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from cerdas.areas.services import area_at
from cerdas.complaints import icons
from cerdas.complaints.links import private_url, public_url
from cerdas.complaints.models import (
    PUBLIC_LISTED_STATES,
    Category,
    Complaint,
    Privacy,
    State,
)
from cerdas.complaints.services import (
    Upload,
    WorkflowError,
    clean_phone,
    clean_photos,
    clean_text,
    complaint_submit,
    locate,
)
from cerdas.lib.codes import is_valid, normalize
from cerdas.notifications.models import Notification
from cerdas.notifications.services import normal_address, optout_record

from .models import ChatChannel, Conversation, InboundMessage, Kind, Step

MIN_DESCRIPTION = 10
# At the photo step: file the report (with the photos sent so far, or none).
SEND_WORDS = {"kirim", "selesai", "lewati", "skip", "tidak", "tidak ada", "tanpa foto"}
CANCEL_WORDS = {"batal", "/batal", "cancel", "/cancel"}
HELP_WORDS = {"bantuan", "/bantuan", "help", "/help", "menu", "/start", "halo", "hai", "hi"}
STATUS_WORDS = {"cek", "/cek", "status", "/status", "lacak"}
START_WORDS = {"lapor", "/lapor"}
STOP_WORDS = {"berhenti", "/berhenti", "stop", "/stop"}

HELP = (
    "Selamat datang di layanan pengaduan {city}.\n"
    '• Untuk melapor, ceritakan masalahnya dalam satu pesan (misalnya: "Jalan berlubang '
    'besar di depan SD 5"). Kami akan menanyakan kategori, lokasi dan foto.\n'
    "• Ketik *cek KODE* (misalnya cek {prefix}-4K7Q-2P) untuk melihat status laporan.\n"
    "• Ketik *batal* untuk membatalkan laporan yang sedang diisi."
)
ASK_DESCRIPTION = "Ceritakan masalah yang ingin Anda laporkan dalam satu pesan."
TOO_SHORT = "Uraiannya terlalu singkat. Ceritakan masalahnya (minimal {n} huruf)."
ASK_CATEGORY = "Masalah ini termasuk kategori apa? Balas dengan nomornya:\n{choices}"
BAD_CATEGORY = "Pilihan tidak dikenal. Balas dengan nomor kategori (1 sampai {n})."
ASK_LOCATION = (
    "Di mana lokasinya? Bagikan lokasi (📎 > Lokasi) atau tuliskan alamat/patokan lokasi."
)
BAD_ADDRESS = "Alamat terlalu singkat. Tuliskan alamat atau patokan lokasi yang jelas."
ASK_PHOTO = "Kirim foto masalahnya bila ada, atau ketik *lewati*."
MORE_PHOTOS = "Foto diterima ({n}). Kirim foto lain, atau ketik *kirim* untuk mengirim laporan."
PHOTO_REFUSED = "Foto tidak bisa dipakai: {error}"
TOO_MANY_PHOTOS = "Paling banyak {n} foto per laporan; foto ini tidak disertakan."
UNREADABLE = "Maaf, jenis pesan ini belum bisa kami baca. Kirim teks, foto atau lokasi."
CANCELLED = "Laporan yang sedang diisi dibatalkan. Kirim pesan baru untuk melapor lagi."
NOTHING_TO_CANCEL = "Tidak ada laporan yang sedang diisi."
EXPIRED = "Laporan sebelumnya yang belum selesai sudah kedaluwarsa; kita mulai lagi."
SUBMIT_FAILED = "Laporan belum bisa dikirim: {error} Perbaiki, atau ketik *batal*."
SUBMITTED = (
    "Terima kasih, laporan Anda sudah kami terima.\n"
    "Kode lacak: *{code}*\n"
    "Simpan kode ini. Ketik *cek {code}* untuk melihat statusnya, atau buka tautan pribadi "
    "Anda (jangan dibagikan): {url}"
)
STOPPED = (
    "Baik, Anda tidak akan menerima pemberitahuan lagi di sini. Laporan baru tetap bisa "
    "dikirim kapan saja."
)
# When the outbox already tells this chat the code (the reporter's "laporan diterima"
# notice), the chat adds only how to follow it: nobody is told the same thing twice.
SUBMITTED_TOLD = "Ketik *cek {code}* kapan saja untuk melihat status laporan Anda."
STATUS_USAGE = "Ketik cek diikuti kode lacak, misalnya: cek {prefix}-4K7Q-2P"
STATUS_BAD_CODE = "Kode lacak {code} tidak valid. Periksa lagi penulisannya."
STATUS_UNKNOWN = "Laporan dengan kode {code} tidak ditemukan."
STATUS = (
    "Laporan {code}\nStatus: {state}\nKategori: {category}{agency}\nDiperbarui: {updated}\n{url}"
)
# Someone else's case the public cannot see yet (unverified, rejected): the code alone
# tells its state and date, nothing of what it is about.
STATUS_BRIEF = "Laporan {code}\nStatus: {state}\nDiperbarui: {updated}\n{url}"


@dataclass
class Outcome:
    replies: list[str] = field(default_factory=list)
    complaint: Complaint | None = None


def _categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("sort_order", "name"))


def reset(conversation: Conversation) -> None:
    conversation.step = Step.IDLE
    conversation.draft = {}


def expire_if_idle_too_long(conversation: Conversation, now) -> str | None:
    """A report left half-way is dropped after CERDAS_CHAT_TIMEOUT_MINUTES without a message."""
    timeout = timezone.timedelta(minutes=settings.CERDAS_CHAT_TIMEOUT_MINUTES)
    if conversation.step != Step.IDLE and conversation.updated_at < now - timeout:
        reset(conversation)
        return EXPIRED
    return None


# --- "cek <kode>" ---------------------------------------------------------------------


def is_own(complaint: Complaint, conversation: Conversation) -> bool:
    """Filed from this chat, or (WhatsApp, whose numbers are verified by the provider)
    under this phone number."""
    if InboundMessage.objects.filter(
        complaint=complaint,
        conversation__channel=conversation.channel,
        conversation__address=conversation.address,
    ).exists():
        return True
    if conversation.channel == ChatChannel.WHATSAPP and complaint.reporter_phone:
        return complaint.reporter_phone == _phone(conversation)
    return False


def status_reply(argument: str, conversation: Conversation) -> str:
    prefix = settings.CERDAS_CODE_PREFIX
    if not argument:
        return STATUS_USAGE.format(prefix=prefix)
    code = normalize(argument)
    if not is_valid(code):
        return STATUS_BAD_CODE.format(code=argument[:30])
    complaint = (
        Complaint.objects.select_related("category", "agency", "external_body")
        .filter(code=code)
        .first()
    )
    # Someone else's rahasia case does not exist for this chat: the same answer as a
    # code that was never issued, so the reply tells nothing about it.
    own = complaint is not None and is_own(complaint, conversation)
    if complaint is None or (complaint.privacy == Privacy.CONFIDENTIAL and not own):
        return STATUS_UNKNOWN.format(code=code)
    updated = timezone.localtime(complaint.updated_at, settings.CERDAS_TIME_ZONE)
    state, updated = State(complaint.state).label, f"{updated:%d-%m-%Y %H:%M}"
    if not own and complaint.state not in PUBLIC_LISTED_STATES:
        return STATUS_BRIEF.format(code=code, state=state, updated=updated, url=public_url(code))
    holder = complaint.external_body or complaint.agency
    agency = f"\nDitangani: {holder.short_name or holder.name}" if holder else ""
    return STATUS.format(
        code=code,
        state=state,
        category=complaint.category.name,
        agency=agency,
        updated=updated,
        # The reporter's own chat gets their private link: from it they answer and rate.
        url=private_url(code) if own else public_url(code),
    )


# --- the report, step by step ------------------------------------------------------------


def _phone(conversation: Conversation) -> str:
    if conversation.channel != ChatChannel.WHATSAPP:
        return ""
    try:
        return clean_phone("+" + conversation.address)
    except WorkflowError:
        return ""


def _ask_category(draft: dict) -> str:
    categories = _categories()
    # The numbers are the ones shown: kept, so a category added meanwhile changes nothing.
    draft["choices"] = [c.pk for c in categories]
    # A chat shows an emoji (the phone draws it), not the pages' SVG icon.
    lines = "\n".join(f"{i}. {icons.emoji(c.icon)} {c.name}" for i, c in enumerate(categories, 1))
    return ASK_CATEGORY.format(choices=lines)


def _pick_category(text: str, draft: dict) -> int | None:
    choices = draft.get("choices") or []
    answer = text.strip().rstrip(".").lower()
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        pk = choices[int(answer) - 1]
    else:
        names = {c.name.lower(): c.pk for c in Category.objects.filter(pk__in=choices)}
        pk = names.get(answer)
    if pk is None or not Category.objects.filter(pk=pk, is_active=True).exists():
        return None
    return pk


def _has_location(draft: dict) -> bool:
    return draft.get("latitude") is not None or bool(draft.get("address"))


def _add_photo(message: InboundMessage, draft: dict, out: Outcome) -> None:
    photos = draft.setdefault("photos", [])
    if len(photos) >= settings.CERDAS_MAX_PHOTOS:
        out.replies.append(TOO_MANY_PHOTOS.format(n=settings.CERDAS_MAX_PHOTOS))
        return
    try:
        (cleaned,) = clean_photos([Upload(name="foto", data=bytes(message.media_data or b""))])
    except WorkflowError as exc:
        out.replies.append(PHOTO_REFUSED.format(error=str(exc).removeprefix("foto: ")))
        return
    photos.append(message.pk)
    if cleaned.gps and not _has_location(draft) and area_at(*cleaned.gps) is not None:
        draft["latitude"], draft["longitude"] = cleaned.gps
    if len(photos) >= settings.CERDAS_MAX_PHOTOS:
        draft["photos_done"] = True


def _set_location(message: InboundMessage, draft: dict, out: Outcome) -> None:
    try:
        area = locate(message.latitude, message.longitude)
    except WorkflowError as exc:
        out.replies.append(str(exc).replace("Geser penanda", "Bagikan lokasi"))
        return
    if area is None:
        out.replies.append(ASK_LOCATION)
        return
    draft["latitude"], draft["longitude"] = message.latitude, message.longitude
    if message.text and not draft.get("address"):
        draft["address"] = message.text[:300]


def _take_text(text: str, conversation: Conversation, out: Outcome) -> None:
    draft, step = conversation.draft, conversation.step
    if step in (Step.IDLE, Step.DESCRIPTION):
        if len(text) < MIN_DESCRIPTION:
            out.replies.append(
                TOO_SHORT.format(n=MIN_DESCRIPTION) if step == Step.DESCRIPTION else _help_text()
            )
            return
        try:
            draft["description"] = clean_text(text, field="Uraian")
        except WorkflowError as exc:
            out.replies.append(str(exc))
    elif step == Step.CATEGORY:
        pk = _pick_category(text, draft)
        if pk is None:
            out.replies.append(BAD_CATEGORY.format(n=len(draft.get("choices") or [])))
        else:
            draft["category"] = pk
    elif step == Step.LOCATION:
        if len(text) < 5:
            out.replies.append(BAD_ADDRESS)
        else:
            draft["address"] = text[:300]
    elif step == Step.PHOTO:
        if text.lower() in SEND_WORDS:
            draft["photos_done"] = True
        else:
            out.replies.append(_ask_photo(draft))


def _ask_photo(draft: dict) -> str:
    count = len(draft.get("photos") or [])
    return MORE_PHOTOS.format(n=count) if count else ASK_PHOTO


def _help_text() -> str:
    return HELP.format(city=settings.CERDAS_CITY_NAME, prefix=settings.CERDAS_CODE_PREFIX)


def _advance(conversation: Conversation, message: InboundMessage, out: Outcome, now) -> None:
    """Ask for the next missing piece, or file the report when nothing is missing."""
    draft = conversation.draft
    if not draft:
        conversation.step = Step.IDLE
        return
    if not draft.get("description"):
        conversation.step = Step.DESCRIPTION
        out.replies.append(ASK_DESCRIPTION)
    elif not draft.get("category"):
        conversation.step = Step.CATEGORY
        out.replies.append(_ask_category(draft))
    elif not _has_location(draft):
        conversation.step = Step.LOCATION
        out.replies.append(ASK_LOCATION)
    elif not draft.get("photos_done"):
        # Photos come one message each: the report waits for "kirim" (or the last one).
        conversation.step = Step.PHOTO
        out.replies.append(_ask_photo(draft))
    else:
        _submit(conversation, message, out, now)


def _submit(conversation: Conversation, message: InboundMessage, out: Outcome, now) -> None:
    draft = conversation.draft
    photos = InboundMessage.objects.filter(pk__in=draft.get("photos") or []).order_by("id")
    try:
        complaint = complaint_submit(
            category=Category.objects.get(pk=draft["category"]),
            description=draft["description"],
            latitude=draft.get("latitude"),
            longitude=draft.get("longitude"),
            address=draft.get("address", ""),
            photos=[Upload(name=f"foto-{p.pk}.jpg", data=bytes(p.media_data)) for p in photos],
            reporter_name=conversation.name[:120],
            reporter_phone=_phone(conversation),
            reporter_email=conversation.address
            if conversation.channel == ChatChannel.EMAIL
            else "",
            channel=conversation.channel,
            submission_key=f"{message.channel}-{message.pk}",
            now=now,
        )
    except WorkflowError as exc:
        out.replies.append(SUBMIT_FAILED.format(error=exc))
        return
    out.complaint = complaint
    out.replies.append(submitted_reply(conversation, complaint))
    reset(conversation)


def submitted_reply(conversation: Conversation, complaint: Complaint) -> str:
    told = Notification.objects.filter(
        complaint=complaint,
        channel=conversation.channel,
        address=normal_address(conversation.channel, conversation.address),
    ).exists()
    if told:
        return SUBMITTED_TOLD.format(code=complaint.code)
    return SUBMITTED.format(code=complaint.code, url=private_url(complaint.code))


def handle(conversation: Conversation, message: InboundMessage, *, now) -> Outcome:
    out = Outcome()
    expired = expire_if_idle_too_long(conversation, now)
    if expired:
        out.replies.append(expired)
    text = re.sub(r"\s+", " ", message.text or "").strip()
    word, _, rest = text.partition(" ")
    if word.startswith("/"):
        text = word  # a bot command with a parameter ("/start abc") is the command
    if message.kind == Kind.TEXT and word.lower() in STATUS_WORDS:
        out.replies.append(status_reply(rest.strip(), conversation))
        return out
    if message.kind == Kind.TEXT and text.lower() in CANCEL_WORDS:
        out.replies.append(CANCELLED if conversation.draft else NOTHING_TO_CANCEL)
        reset(conversation)
        return out
    if message.kind == Kind.TEXT and text.lower() in STOP_WORDS:
        optout_record(channel=conversation.channel, address=conversation.address)
        out.replies.append(STOPPED)
        return out
    if message.kind == Kind.TEXT and text.lower() in HELP_WORDS:
        out.replies.append(_help_text())
        return out
    if message.kind == Kind.TEXT and text.lower() in START_WORDS:
        conversation.draft = conversation.draft or {"started": True}
    elif message.kind == Kind.TEXT:
        before = dict(conversation.draft)
        _take_text(text, conversation, out)
        if conversation.draft == before:
            return out  # nothing taken: the reply already says what is wrong
    elif message.kind == Kind.IMAGE:
        _add_photo(message, conversation.draft, out)
        if len(text) >= MIN_DESCRIPTION and not conversation.draft.get("description"):
            conversation.draft["description"] = text[:4000]
    elif message.kind == Kind.LOCATION:
        _set_location(message, conversation.draft, out)
    else:
        out.replies.append(UNREADABLE)
        return out
    _advance(conversation, message, out, now)
    return out
