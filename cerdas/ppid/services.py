"""Every change to an information request or an objection goes through one of these.

Each use case checks its input first, locks the request, checks who acts and from
which state, changes the row and writes the immutable event, all in one transaction.
Bad input raises `WorkflowError` (a message in Indonesian) and changes nothing.
Deadlines are working time from the city calendar (cerdas.workdays).
"""

import logging
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from cerdas.accounts.models import Role
from cerdas.complaints.services import clean_email, clean_phone, clean_text
from cerdas.complaints.workflow import WorkflowError
from cerdas.lib.codes import new_code, normalize
from cerdas.workdays.calendar import city_calendar

from .mail import notify_requester
from .models import (
    EXEMPTIONS,
    GIVING,
    OPEN_STATES,
    WITHHOLDING,
    Action,
    Decision,
    DeliveryMethod,
    InfoRequest,
    Objection,
    ObjectionOutcome,
    ObjectionReason,
    ObtainMethod,
    RequestEvent,
    State,
)

log = logging.getLogger(__name__)

# Registration numbers look like complaint codes, with their own prefixes.
REQUEST_PREFIX = "PPID"
OBJECTION_PREFIX = "KBR"
ANSWER_DAYS = 10  # UU 14/2008 pasal 22 (7)
EXTENSION_DAYS = 7  # pasal 22 (8)
OBJECTION_WINDOW_DAYS = 30  # pasal 36 (1)
OBJECTION_ANSWER_DAYS = 30  # pasal 36 (2)
MAX_NAME = 200
MAX_ADDRESS = 500

__all__ = [
    "WorkflowError",
    "may_answer_objections",
    "may_handle_requests",
    "objection_answer",
    "objection_file",
    "objection_ground",
    "request_decide",
    "request_deliver",
    "request_extend",
    "request_submit",
]


def may_handle_requests(user) -> bool:
    """The PPID handles requests; nobody else changes them."""
    return user.is_authenticated and user.role == Role.PPID


def may_answer_objections(user) -> bool:
    """The PPID's superior (atasan PPID) is the city's Sekda, a Pimpinan account."""
    return user.is_authenticated and user.role == Role.LEADER


def working_days(start: datetime, end: datetime) -> Decimal:
    calendar = city_calendar()
    seconds = max(0.0, calendar.working_seconds_between(start, end))
    return Decimal(seconds / calendar.day_seconds).quantize(Decimal("0.01"))


def _insert_with_number(row, prefix: str):
    """A fresh random number; another one on the (rare) collision."""
    for _attempt in range(5):
        row.number = new_code(prefix)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            if type(row).objects.filter(number=row.number).exists():
                continue
            raise
        return row
    raise WorkflowError("Nomor registrasi tidak dapat dibuat. Silakan coba lagi.")


def _record(
    request: InfoRequest, action: Action, *, user, before: str, now, note="", objection=None
):
    label = "Pemohon" if user is None else f"{user.get_role_display()} — {user.display_name()}"
    return RequestEvent.objects.create(
        request=request,
        objection=objection,
        action=action,
        actor=user,
        actor_label=label,
        from_state=before,
        to_state=request.state,
        note=note,
        created_at=now,
    )


def _lock(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_for_update().get(pk=request.pk)


def _require_ppid(user) -> None:
    if not may_handle_requests(user):
        raise WorkflowError("Hanya PPID yang dapat mengubah permohonan informasi.")


@transaction.atomic
def request_submit(
    *,
    name: str,
    id_number: str,
    address: str,
    information: str,
    purpose: str,
    obtain_method: str,
    delivery_method: str,
    phone: str = "",
    email: str = "",
    occupation: str = "",
    user=None,
    now: datetime | None = None,
) -> InfoRequest:
    """A citizen asks for information; the answer is due 10 working days later."""
    now = now or timezone.now()
    name = clean_text(name, field="Nama", limit=MAX_NAME)
    id_number = clean_text(id_number, field="NIK / nomor identitas", limit=32).replace(" ", "")
    if not id_number.isalnum():
        raise WorkflowError("NIK / nomor identitas hanya boleh berisi huruf dan angka.")
    address = clean_text(address, field="Alamat", limit=MAX_ADDRESS)
    occupation = clean_text(occupation, field="Pekerjaan", required=False, limit=100)
    information = clean_text(information, field="Informasi yang diminta")
    purpose = clean_text(purpose, field="Tujuan penggunaan informasi", limit=2000)
    phone, email = clean_phone(phone), clean_email(email)
    if not phone and not email:
        raise WorkflowError("Isi nomor HP atau alamat e-mail agar jawaban dapat dikirim.")
    if obtain_method not in ObtainMethod.values:
        raise WorkflowError("Pilih cara memperoleh informasi.")
    if delivery_method not in DeliveryMethod.values:
        raise WorkflowError("Pilih cara mendapatkan salinan informasi.")
    if delivery_method == DeliveryMethod.EMAIL and not email:
        raise WorkflowError("Salinan lewat e-mail memerlukan alamat e-mail.")
    row = InfoRequest(
        name=name,
        id_number=id_number,
        address=address,
        occupation=occupation,
        phone=phone,
        email=email,
        information=information,
        purpose=purpose,
        obtain_method=obtain_method,
        delivery_method=delivery_method,
        requester=user if user is not None and user.is_authenticated else None,
        received_at=now,
        due_at=city_calendar().add(now, ANSWER_DAYS, "days"),
        updated_at=now,
    )
    _insert_with_number(row, REQUEST_PREFIX)
    _record(row, Action.SUBMIT, user=None, before="", now=now)
    notify_requester(row, "received")
    log.info("info request %s received", row.number)
    return row


@transaction.atomic
def request_extend(
    *, request: InfoRequest, user, reason: str, now: datetime | None = None
) -> InfoRequest:
    """Once, before the 10 working days run out, 7 more with a written reason."""
    now = now or timezone.now()
    _require_ppid(user)
    reason = clean_text(reason, field="Alasan perpanjangan", limit=2000)
    row = _lock(request)
    if row.state == State.EXTENDED or row.extended_at is not None:
        raise WorkflowError("Jangka waktu hanya dapat diperpanjang satu kali.")
    if row.state != State.PROCESSING:
        raise WorkflowError("Permohonan ini sudah dijawab; tidak dapat diperpanjang.")
    if now > row.due_at:
        raise WorkflowError(
            "Batas 10 hari kerja sudah lewat: perpanjangan harus diberitahukan sebelumnya."
        )
    before = row.state
    row.state = State.EXTENDED
    row.extended_at = now
    row.extension_reason = reason
    row.due_at = city_calendar().add(row.due_at, EXTENSION_DAYS, "days")
    row.updated_at = now
    row.save()
    _record(row, Action.EXTEND, user=user, before=before, now=now, note=reason)
    notify_requester(row, "extended")
    return row


def clean_exemptions(decision: str, letters) -> str:
    letters = sorted({(x or "").strip().lower() for x in letters} - {""})
    unknown = [x for x in letters if x not in EXEMPTIONS]
    if unknown:
        raise WorkflowError(f"Huruf pengecualian tidak dikenal: {', '.join(unknown)}.")
    if decision in WITHHOLDING and not letters:
        raise WorkflowError(
            "Sebutkan dasar pengecualian (Pasal 17 UU 14/2008) untuk informasi yang "
            "tidak diberikan."
        )
    if decision not in WITHHOLDING and letters:
        raise WorkflowError(
            "Pasal pengecualian hanya untuk permohonan yang ditolak seluruh atau sebagian."
        )
    return ",".join(letters)


@transaction.atomic
def request_decide(
    *,
    request: InfoRequest,
    user,
    decision: str,
    note: str,
    exemptions=(),
    now: datetime | None = None,
) -> InfoRequest:
    """The written notice (pemberitahuan tertulis): granted, in part, refused, not held."""
    now = now or timezone.now()
    _require_ppid(user)
    if decision not in Decision.values:
        raise WorkflowError("Pilih keputusan.")
    letters = clean_exemptions(decision, exemptions)
    note = clean_text(note, field="Isi pemberitahuan tertulis")
    row = _lock(request)
    if row.state not in OPEN_STATES:
        raise WorkflowError("Permohonan ini sudah dijawab.")
    before = row.state
    row.state = State.ANSWERED
    row.decision = decision
    row.exemptions = letters
    row.decision_note = note
    row.decided_at = now
    row.working_days = working_days(row.received_at, now)
    row.updated_at = now
    row.save()
    _record(row, Action.DECIDE, user=user, before=before, now=now, note=note)
    notify_requester(row, "decided")
    return row


@transaction.atomic
def request_deliver(
    *, request: InfoRequest, user, note: str = "", now: datetime | None = None
) -> InfoRequest:
    """The information (or the part granted) reached the requester."""
    now = now or timezone.now()
    _require_ppid(user)
    note = clean_text(note, field="Catatan penyerahan", required=False, limit=2000)
    row = _lock(request)
    if row.state != State.ANSWERED or row.decision not in GIVING:
        raise WorkflowError(
            "Hanya informasi yang sudah diputuskan untuk diberikan yang dapat diserahkan."
        )
    before = row.state
    row.state = State.DELIVERED
    row.delivered_at = now
    row.delivery_note = note
    row.updated_at = now
    row.save()
    _record(row, Action.DELIVER, user=user, before=before, now=now, note=note)
    return row


# --- objections ------------------------------------------------------------------------


def objection_ground(request: InfoRequest, reason: str, now: datetime) -> datetime | None:
    """When the ground of an objection arose (its 30 working days run from there), or
    None when that ground has not arisen for this request."""
    decided = request.decided_at
    given = request.delivered_at or decided
    late_by_now = decided is None and now > request.due_at
    match reason:
        case ObjectionReason.REFUSED:
            return decided if request.decision in WITHHOLDING else None
        case ObjectionReason.PERIODIC:
            return request.received_at
        case ObjectionReason.NOT_ANSWERED:
            return request.due_at if late_by_now else None
        case (
            ObjectionReason.NOT_AS_REQUESTED | ObjectionReason.NOT_FULFILLED | ObjectionReason.COST
        ):
            return given
        case ObjectionReason.LATE:
            if late_by_now:
                return request.due_at
            if decided is not None and decided > request.due_at:
                return decided
            return None
    return None


_NO_GROUND = {
    ObjectionReason.REFUSED: "Permohonan ini tidak ditolak; pilih alasan keberatan yang lain.",
    ObjectionReason.NOT_ANSWERED: "Batas waktu jawaban belum lewat atau permohonan sudah dijawab.",
    ObjectionReason.LATE: "Jawaban tidak melebihi jangka waktu.",
}


def find_for_requester(number: str, contact: str) -> InfoRequest:
    """The request whose number and contact (the e-mail or phone given) match; one error
    for both mistakes, so that the form tells nothing about someone else's request."""
    wrong = WorkflowError("Nomor registrasi atau kontak tidak cocok dengan permohonan.")
    row = InfoRequest.objects.filter(number=normalize(number or "")).first()
    contact = (contact or "").strip()
    if row is None or not contact:
        raise wrong
    if "@" in contact:
        matches = bool(row.email) and contact.lower() == row.email
    else:
        try:
            matches = bool(row.phone) and clean_phone(contact) == row.phone
        except WorkflowError:
            matches = False
    if not matches:
        raise wrong
    return row


@transaction.atomic
def objection_file(
    *, number: str, contact: str, reason: str, description: str, now: datetime | None = None
) -> Objection:
    """The requester objects within 30 working days of the ground (pasal 35-36)."""
    now = now or timezone.now()
    if reason not in ObjectionReason.values:
        raise WorkflowError("Pilih alasan keberatan.")
    description = clean_text(description, field="Kasus posisi")
    row = _lock(find_for_requester(number, contact))
    ground = objection_ground(row, reason, now)
    if ground is None:
        raise WorkflowError(
            _NO_GROUND.get(reason, "Permohonan ini belum dijawab; alasan ini belum dapat diajukan.")
        )
    calendar = city_calendar()
    last_day = calendar.add(ground, OBJECTION_WINDOW_DAYS, "days")
    if now > last_day:
        local = timezone.localtime(last_day)
        raise WorkflowError(
            f"Keberatan terlambat: batas pengajuan adalah {OBJECTION_WINDOW_DAYS} hari kerja "
            f"sejak alasan keberatan, yaitu {local:%d-%m-%Y %H:%M}."
        )
    if row.objections.filter(outcome="").exists():
        raise WorkflowError("Masih ada keberatan yang belum ditanggapi untuk permohonan ini.")
    objection = Objection(
        request=row,
        reason=reason,
        description=description,
        ground_at=ground,
        filed_at=now,
        due_at=calendar.add(now, OBJECTION_ANSWER_DAYS, "days"),
    )
    _insert_with_number(objection, OBJECTION_PREFIX)
    row.updated_at = now
    row.save(update_fields=["updated_at"])
    _record(row, Action.OBJECT, user=None, before=row.state, now=now, objection=objection)
    notify_requester(row, "objection_received", objection=objection)
    log.info("objection %s filed on %s", objection.number, row.number)
    return objection


@transaction.atomic
def objection_answer(
    *, objection: Objection, user, outcome: str, answer: str, now: datetime | None = None
) -> Objection:
    """The atasan PPID answers in writing (due 30 working days after filing)."""
    now = now or timezone.now()
    if not may_answer_objections(user):
        raise WorkflowError("Hanya atasan PPID yang dapat menanggapi keberatan.")
    if outcome not in ObjectionOutcome.values:
        raise WorkflowError("Pilih tanggapan atas keberatan.")
    answer = clean_text(answer, field="Isi tanggapan")
    row = Objection.objects.select_for_update().select_related("request").get(pk=objection.pk)
    if not row.is_open:
        raise WorkflowError("Keberatan ini sudah ditanggapi.")
    row.outcome = outcome
    row.answer = answer
    row.answered_at = now
    row.answered_by = user
    row.working_days = working_days(row.filed_at, now)
    row.save()
    request = row.request
    request.updated_at = now
    request.save(update_fields=["updated_at"])
    _record(
        request,
        Action.ANSWER_OBJECTION,
        user=user,
        before=request.state,
        now=now,
        note=answer,
        objection=row,
    )
    notify_requester(request, "objection_answered", objection=row)
    return row
