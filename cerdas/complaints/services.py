"""Every change to a complaint goes through one of these functions.

Each is one use case: it locks the case, asks the transition table (workflow.py)
whether the actor may do this now, changes the row, its deadline legs and writes the
immutable event, all in one transaction. Views and APIs only parse and call.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from cerdas.accounts.models import AGENCY_ROLES, Role
from cerdas.agencies.models import Agency
from cerdas.areas.services import area_at
from cerdas.lib.codes import new_code
from cerdas.lib.geo import grid_cell
from cerdas.lib.images import CleanImage, ImageError, clean_image
from cerdas.performance import rollups
from cerdas.workdays.calendar import city_calendar

from .models import (
    Action,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintLeg,
    ComplaintPhoto,
    LegKind,
    PhotoKind,
    Privacy,
    State,
)
from .signals import event_recorded
from .workflow import Actor, WorkflowError, actors_for, check

log = logging.getLogger(__name__)

MAX_TEXT = 4000
MAX_TITLE = 200
REOPEN_WINDOW_DAYS = 10
AUTO_CLOSE_DAYS = 10

__all__ = ["WorkflowError"]


@dataclass(frozen=True)
class Upload:
    """A file as it arrived, before it is checked: name and bytes."""

    name: str
    data: bytes


# --- validation helpers --------------------------------------------------------------


def _title_from(description: str, limit: int = 80) -> str:
    """A title for reports that came without one (chat messages): the first line, cut at a word."""
    first = description.strip().splitlines()[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:-") + "…"


def clean_text(value: str, *, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise WorkflowError(f"{field} wajib diisi.")
    if len(value) > limit:
        raise WorkflowError(f"{field} terlalu panjang (maksimal {limit} karakter).")
    return value


def clean_phone(value: str) -> str:
    """Normalise an Indonesian phone number to E.164 (+62...); '' stays ''."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        raise WorkflowError("Nomor HP tidak dikenali.") from None
    if not phonenumbers.is_valid_number(number):
        raise WorkflowError("Nomor HP tidak valid.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise WorkflowError("Alamat e-mail tidak valid.") from None
    return value.lower()


def clean_photos(uploads: list[Upload]) -> list[CleanImage]:
    if len(uploads) > settings.CERDAS_MAX_PHOTOS:
        raise WorkflowError(f"Paling banyak {settings.CERDAS_MAX_PHOTOS} foto.")
    max_bytes = settings.CERDAS_MAX_UPLOAD_MB * 1024 * 1024
    cleaned = []
    for upload in uploads:
        try:
            cleaned.append(clean_image(upload.data, max_bytes=max_bytes))
        except ImageError as exc:
            raise WorkflowError(f"{upload.name}: {exc}") from None
    return cleaned


def locate(lat: float | None, lon: float | None):
    """The kelurahan of a point; a clear error when the point is outside the city."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise WorkflowError("Lokasi tidak lengkap: lintang dan bujur harus diisi bersama.")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise WorkflowError("Koordinat tidak valid.")
    area = area_at(lat, lon)
    if area is None:
        raise WorkflowError(
            f"Lokasi berada di luar wilayah {settings.CERDAS_CITY_NAME}. "
            "Geser penanda ke lokasi masalah di dalam kota."
        )
    return area


# --- deadline legs ------------------------------------------------------------------


def _start_leg(complaint, kind: LegKind, agency, now: datetime, amount: int, unit: str):
    due = city_calendar().add(now, amount, unit)
    leg = ComplaintLeg.objects.create(
        complaint=complaint, kind=kind, agency=agency, started_at=now, due_at=due
    )
    rollups.leg_started(leg, complaint.category_id)
    return due


def _open_leg(complaint, kind: LegKind) -> ComplaintLeg | None:
    return complaint.legs.filter(kind=kind, ended_at__isnull=True).first()


def _end_leg(complaint, kind: LegKind, now: datetime, outcome: str = "done") -> ComplaintLeg | None:
    leg = _open_leg(complaint, kind)
    if leg is None:
        return None
    if leg.paused_at is not None:
        _resume(leg, now)
    leg.ended_at = now
    leg.outcome = outcome
    # The unit's own working time on this leg, kept so that the scorecards never have
    # to redo calendar arithmetic over a year of cases.
    elapsed = city_calendar().working_seconds_between(leg.started_at, now)
    leg.working_seconds = max(0, round(elapsed) - leg.paused_seconds)
    leg.save(
        update_fields=[
            "ended_at",
            "outcome",
            "due_at",
            "paused_at",
            "paused_seconds",
            "working_seconds",
        ]
    )
    rollups.leg_ended(leg, complaint.category_id)
    return leg


def _resume(leg: ComplaintLeg, now: datetime) -> None:
    """The working time left when the clock paused is given back from now; the paused
    working time is not the unit's."""
    calendar = city_calendar()
    remaining = calendar.working_seconds_between(leg.paused_at, leg.due_at)
    if remaining > 0:
        leg.due_at = calendar.add_seconds(now, remaining)
    leg.paused_seconds += max(0, round(calendar.working_seconds_between(leg.paused_at, now)))
    leg.paused_at = None


def _refresh_due_at(complaint: Complaint) -> None:
    """The deadline that orders the queues: the leg the current holder is working on."""
    running = {
        State.NEW: complaint.verify_due_at,
        State.DISPOSED: complaint.response_due_at,
        State.IN_PROGRESS: complaint.resolution_due_at,
    }
    if complaint.state == State.AWAITING_VALIDATION:
        leg = _open_leg(complaint, LegKind.VALIDATION)
        complaint.due_at = leg.due_at if leg else None
    else:
        complaint.due_at = running.get(complaint.state)


# --- the common path of every transition ------------------------------------------------


def _actor_label(actor: Actor, complaint: Complaint, user) -> str:
    if actor == Actor.OPERATOR:
        return "Command Center"
    if actor in (Actor.AGENCY, Actor.AGENCY_HEAD):
        return str(complaint.agency)
    if actor == Actor.REPORTER:
        return "Pelapor"
    return "Sistem"


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("agency", "category__policy")
        .get(pk=complaint.pk)
    )


def _apply(
    complaint: Complaint,
    action: Action,
    *,
    user,
    reporter_link: bool = False,
    system: bool = False,
    now: datetime | None = None,
) -> tuple[Complaint, Actor, State]:
    """Lock, authorize, and move the state. Returns the locked row, the acting part and
    the state before. The caller changes what else its use case changes, then calls
    `_record`."""
    locked = _lock(complaint)
    actors = {Actor.SYSTEM} if system else actors_for(locked, user, reporter_link=reporter_link)
    rule = check(action, locked, actors, now)
    acting = next(
        a
        for a in (Actor.OPERATOR, Actor.AGENCY_HEAD, Actor.AGENCY, Actor.REPORTER, Actor.SYSTEM)
        if a in actors and a in rule.actors
    )
    before = State(locked.state)
    if rule.target is not None:
        locked.state = rule.target
    return locked, acting, before


def _record(
    complaint: Complaint,
    action: Action,
    *,
    acting: Actor,
    before: State,
    user,
    now: datetime,
    note: str = "",
    target_agency: Agency | None = None,
    is_public: bool = True,
    photos: list[CleanImage] = (),
    photo_kind: PhotoKind = PhotoKind.EVIDENCE,
    held_by: Agency | None = None,
    saved: bool = False,
) -> ComplaintEvent:
    """Save the case (unless `saved`: it was just written as it is) and write its event."""
    if not saved:
        _refresh_due_at(complaint)
        complaint.updated_at = now
        complaint.save()
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        actor=user if user is not None and user.is_authenticated else None,
        actor_label=_actor_label(acting, complaint, user),
        from_state=before,
        to_state=complaint.state,
        note=note,
        agency=held_by or complaint.agency,
        target_agency=target_agency,
        is_public=is_public,
        created_at=now,
    )
    _store_photos(complaint, photos, kind=photo_kind, event=event, now=now)
    event_recorded.send(sender=ComplaintEvent, event=event, complaint=complaint)
    log.info("complaint %s %s %s -> %s", complaint.code, action, before, complaint.state)
    return event


def _store_photos(complaint, photos, *, kind, event, now) -> None:
    for cleaned in photos:
        name = hashlib.sha256(cleaned.content).hexdigest()[:16] + ".jpg"
        photo = ComplaintPhoto(
            complaint=complaint,
            event=event,
            kind=kind,
            created_at=now,
            width=cleaned.width,
            height=cleaned.height,
        )
        photo.image.save(name, ContentFile(cleaned.content), save=False)
        photo.save()


# --- use cases ----------------------------------------------------------------------


def _insert_with_new_code(complaint: Complaint) -> Complaint | None:
    """Insert the new complaint under a fresh tracking code, drawing again on the rare
    collision. Returns the complaint already filed with the same submission key, if that
    is why the insert failed; leaves `complaint.pk` None after five collisions."""
    for _attempt in range(5):
        complaint.code = new_code(settings.CERDAS_CODE_PREFIX)
        try:
            with transaction.atomic():
                complaint.save()
            return None
        except IntegrityError:
            complaint.pk = None
            key = complaint.submission_key
            if key and Complaint.objects.filter(submission_key=key).exists():
                # The same form, submitted twice at the same moment.
                return Complaint.objects.get(submission_key=key)
    return None


def complaint_submit(
    *,
    category: Category,
    description: str,
    title: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    photos: list[Upload] = (),
    reporter=None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    privacy: str = "",
    channel: str = Channel.WEB,
    submission_key: str | None = None,
    entered_by=None,
    attributes: dict | None = None,
    now: datetime | None = None,
) -> Complaint:
    """File a new complaint. Validates everything before it writes anything.

    `attributes` are the answers to the category's extra questions, already checked
    against them by the caller (the Open311 adapter).

    The checks (and the photos' re-encoding) run before the transaction opens, so no
    lock is held meanwhile. The writes join a caller's transaction without a savepoint
    (an API that records more beside the report): if they fail, the caller's whole
    transaction fails, which is what it asked for by opening one."""
    now = now or timezone.now()
    if submission_key:
        existing = Complaint.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if not category.is_active:
        raise WorkflowError("Kategori ini tidak aktif.")
    description = clean_text(description, field="Uraian")
    title = clean_text(title, field="Judul", required=False, limit=MAX_TITLE)
    if not title:
        title = _title_from(description)
    address = clean_text(address, field="Alamat", required=False, limit=300)
    cleaned_photos = clean_photos(list(photos))
    if latitude is None and longitude is None:
        gps = next((p.gps for p in cleaned_photos if p.gps), None)
        if gps is not None and area_at(*gps) is not None:
            latitude, longitude = gps
    area = locate(latitude, longitude)
    if area is None and not address:
        raise WorkflowError("Tandai lokasi di peta atau tuliskan alamat/patokan lokasi.")
    privacy = privacy or category.default_privacy
    if privacy not in Privacy.values:
        raise WorkflowError("Pilihan privasi tidak dikenal.")
    if channel not in Channel.values:
        raise WorkflowError("Kanal tidak dikenal.")
    if reporter is not None and reporter.is_authenticated and not reporter_name:
        reporter_name = reporter.display_name()
    complaint = Complaint(
        channel=channel,
        title=title,
        description=description,
        category=category,
        latitude=latitude,
        longitude=longitude,
        cell=grid_cell(latitude, longitude),
        address=address,
        area=area,
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        reporter_name=clean_text(reporter_name, field="Nama", required=False, limit=120),
        reporter_phone=clean_phone(reporter_phone),
        reporter_email=clean_email(reporter_email),
        privacy=privacy,
        state=State.NEW,
        created_at=now,
        updated_at=now,
        submission_key=submission_key or None,
        attributes=attributes or {},
    )
    policy = category.policy
    # The deadline is known before the row exists, so the complaint is written once.
    complaint.verify_due_at = city_calendar().add(now, policy.verify_amount, policy.verify_unit)
    _refresh_due_at(complaint)
    with transaction.atomic(savepoint=False), rollups.held_counts():
        duplicate = _insert_with_new_code(complaint)
        if duplicate is not None:
            return duplicate
        if complaint.pk is not None:
            ComplaintLeg.objects.create(
                complaint=complaint,
                kind=LegKind.VERIFY,
                agency=None,
                started_at=now,
                due_at=complaint.verify_due_at,
            )
            acting = Actor.OPERATOR if entered_by is not None else Actor.REPORTER
            _record(
                complaint,
                Action.SUBMIT,
                acting=acting,
                before="",
                user=entered_by or reporter,
                now=now,
                note="",
                photos=cleaned_photos,
                photo_kind=PhotoKind.REPORT,
                saved=True,
            )
    if complaint.pk is None:
        # Raised once out of the transaction: nothing was written, and a caller's own
        # transaction stays usable.
        raise WorkflowError("Gagal membuat kode lacak; silakan coba lagi.")
    return complaint


def _leave_triage(complaint: Complaint, now: datetime) -> None:
    """The command center finished verifying: its leg ends (a pause is closed first)."""
    leg = _end_leg(complaint, LegKind.VERIFY, now)
    if leg is not None:
        complaint.verify_due_at = leg.due_at
    complaint.paused_at = None


def _send_to_agency(complaint: Complaint, agency: Agency, now: datetime) -> None:
    policy = complaint.category.policy
    complaint.agency = agency
    complaint.assigned_officer = None
    complaint.disposed_at = now
    complaint.accepted_at = None
    complaint.response_due_at = _start_leg(
        complaint, LegKind.RESPONSE, agency, now, policy.response_amount, policy.response_unit
    )
    complaint.resolution_due_at = _start_leg(
        complaint, LegKind.RESOLUTION, agency, now, policy.resolution_amount, policy.resolution_unit
    )


def _internal_agency(agency: Agency | None) -> Agency:
    if agency is None or agency.is_external or not agency.is_active:
        raise WorkflowError("Pilih OPD tujuan yang aktif di lingkungan pemerintah kota.")
    return agency


@rollups.counted
def complaint_dispose(
    *, complaint: Complaint, user, agency: Agency, note: str = "", system: bool = False, now=None
) -> Complaint:
    """Send a case to an agency. `system`: the routing model does it (user is None)."""
    now = now or timezone.now()
    agency = _internal_agency(agency)
    note = clean_text(note, field="Catatan", required=False)
    c, acting, before = _apply(complaint, Action.DISPOSE, user=user, system=system, now=now)
    _leave_triage(c, now)
    _send_to_agency(c, agency, now)
    _record(
        c,
        Action.DISPOSE,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=note,
        target_agency=agency,
    )
    return c


@rollups.counted
def complaint_request_info(*, complaint: Complaint, user, question: str, now=None) -> Complaint:
    """Ask the reporter for what is missing. The verification clock pauses until they answer."""
    now = now or timezone.now()
    question = clean_text(question, field="Pertanyaan untuk pelapor")
    c, acting, before = _apply(complaint, Action.REQUEST_INFO, user=user, now=now)
    leg = _open_leg(c, LegKind.VERIFY)
    leg.paused_at = now
    leg.save(update_fields=["paused_at"])
    c.paused_at = now
    _record(c, Action.REQUEST_INFO, acting=acting, before=before, user=user, now=now, note=question)
    c.due_at = None
    c.save(update_fields=["due_at"])
    return c


@rollups.counted
def complaint_provide_info(
    *,
    complaint: Complaint,
    user,
    reporter_link: bool = False,
    text: str,
    photos: list[Upload] = (),
    now=None,
) -> Complaint:
    now = now or timezone.now()
    text = clean_text(text, field="Informasi tambahan")
    cleaned = clean_photos(list(photos))
    c, acting, before = _apply(
        complaint, Action.PROVIDE_INFO, user=user, reporter_link=reporter_link, now=now
    )
    leg = _open_leg(c, LegKind.VERIFY)
    _resume(leg, now)
    leg.save(update_fields=["due_at", "paused_at", "paused_seconds"])
    c.verify_due_at = leg.due_at
    c.paused_at = None
    _record(
        c,
        Action.PROVIDE_INFO,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=text,
        photos=cleaned,
        photo_kind=PhotoKind.INFO,
    )
    return c


def _reporter_note(complaint, action, *, user, reporter_link, text, photos, now) -> Complaint:
    """A reporter's step that moves nothing: the note and photos on the case."""
    cleaned = clean_photos(list(photos))
    c, acting, before = _apply(complaint, action, user=user, reporter_link=reporter_link, now=now)
    _record(
        c,
        action,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=text,
        photos=cleaned,
        photo_kind=PhotoKind.INFO,
    )
    return c


@rollups.counted
def complaint_add_info(
    *,
    complaint: Complaint,
    user,
    reporter_link: bool = False,
    text: str,
    photos: list[Upload] = (),
    now=None,
) -> Complaint:
    """The reporter adds information to a case nobody asked about: no state change, no
    clock change; the agency holding the case is told (notifications)."""
    return _reporter_note(
        complaint,
        Action.ADD_INFO,
        user=user,
        reporter_link=reporter_link,
        text=clean_text(text, field="Keterangan tambahan"),
        photos=photos,
        now=now or timezone.now(),
    )


@rollups.counted
def complaint_confirm_fixed(
    *,
    complaint: Complaint,
    user,
    reporter_link: bool = False,
    text: str = "",
    photos: list[Upload] = (),
    now=None,
) -> Complaint:
    """The reporter says the problem is gone. No state or clock change: the command
    center sees it on the case and decides (validate, or ask the agency)."""
    return _reporter_note(
        complaint,
        Action.CONFIRM_FIXED,
        user=user,
        reporter_link=reporter_link,
        text=clean_text(text, field="Keterangan", required=False),
        photos=photos,
        now=now or timezone.now(),
    )


@rollups.counted
def complaint_reject(*, complaint: Complaint, user, reason: str, now=None) -> Complaint:
    now = now or timezone.now()
    reason = clean_text(reason, field="Alasan penolakan")
    c, acting, before = _apply(complaint, Action.REJECT, user=user, now=now)
    _leave_triage(c, now)
    c.closed_at = now
    _record(c, Action.REJECT, acting=acting, before=before, user=user, now=now, note=reason)
    return c


@rollups.counted
def complaint_mark_duplicate(
    *, complaint: Complaint, user, master: Complaint, note: str = "", now=None
) -> Complaint:
    now = now or timezone.now()
    if master.pk == complaint.pk:
        raise WorkflowError("Pengaduan tidak bisa menjadi duplikat dirinya sendiri.")
    master = Complaint.objects.get(pk=master.pk)  # judge the master as it is now
    if master.state in (State.DUPLICATE, State.REJECTED):
        raise WorkflowError(
            "Pengaduan induk sudah ditolak atau sendiri duplikat; pilih pengaduan induknya."
        )
    note = clean_text(note, field="Catatan", required=False)
    c, acting, before = _apply(complaint, Action.MARK_DUPLICATE, user=user, now=now)
    _leave_triage(c, now)
    c.duplicate_of = master
    c.closed_at = now
    _record(
        c,
        Action.MARK_DUPLICATE,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=note or f"Duplikat dari {master.code}.",
    )
    return c


@rollups.counted
def complaint_hand_off(
    *, complaint: Complaint, user, body: Agency, note: str, now=None
) -> Complaint:
    """Hand a case to a body outside the city's authority, named publicly."""
    now = now or timezone.now()
    if body is None or not body.is_external or not body.is_active:
        raise WorkflowError("Pilih instansi di luar kewenangan kota (mis. PLN, BPJN, Polresta).")
    note = clean_text(note, field="Penjelasan untuk pelapor")
    c, acting, before = _apply(complaint, Action.HAND_OFF, user=user, now=now)
    _leave_triage(c, now)
    c.external_body = body
    c.closed_at = now
    _record(
        c,
        Action.HAND_OFF,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=note,
        target_agency=body,
    )
    return c


def _check_officer(complaint: Complaint, officer) -> None:
    if officer is None:
        return
    if (
        officer.role not in AGENCY_ROLES
        or officer.agency_id != complaint.agency_id
        or not officer.is_active
    ):
        raise WorkflowError("Petugas harus pegawai aktif OPD yang menangani pengaduan ini.")


@rollups.counted
def complaint_accept(
    *, complaint: Complaint, user, officer=None, note: str = "", now=None
) -> Complaint:
    now = now or timezone.now()
    note = clean_text(note, field="Catatan", required=False)
    c, acting, before = _apply(complaint, Action.ACCEPT, user=user, now=now)
    # ACCEPT is an AGENCY action, so `acting` is AGENCY even for the head: ask for the part.
    is_head = Actor.AGENCY_HEAD in actors_for(c, user)
    if officer is not None and not is_head and officer.pk != user.pk:
        raise WorkflowError("Hanya Kepala OPD yang dapat menunjuk petugas lain.")
    _check_officer(c, officer)
    _end_leg(c, LegKind.RESPONSE, now)
    c.accepted_at = now
    # API service accounts are inactive users: never credit them as the officer.
    c.assigned_officer = officer or (
        user if user.agency_id == c.agency_id and user.is_active else None
    )
    _record(c, Action.ACCEPT, acting=acting, before=before, user=user, now=now, note=note)
    return c


@rollups.counted
def complaint_assign(*, complaint: Complaint, user, officer, now=None) -> Complaint:
    now = now or timezone.now()
    c, acting, before = _apply(complaint, Action.ASSIGN, user=user, now=now)
    if officer is None:
        raise WorkflowError("Pilih petugas.")
    _check_officer(c, officer)
    c.assigned_officer = officer
    _record(
        c,
        Action.ASSIGN,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=f"Ditangani oleh {officer.display_name()}",
        is_public=False,
    )
    return c


@rollups.counted
def complaint_request_transfer(
    *, complaint: Complaint, user, target: Agency, reason: str, now=None
) -> Complaint:
    """An agency asks the command center to move the case to another OPD."""
    now = now or timezone.now()
    target = _internal_agency(target)
    reason = clean_text(reason, field="Alasan pengalihan", limit=1000)
    c, acting, before = _apply(complaint, Action.REQUEST_TRANSFER, user=user, now=now)
    if target.pk == c.agency_id:
        raise WorkflowError("OPD tujuan sama dengan OPD saat ini.")
    c.transfer_to = target
    c.transfer_reason = reason
    _record(
        c,
        Action.REQUEST_TRANSFER,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=reason,
        target_agency=target,
        is_public=False,
    )
    return c


@rollups.counted
def complaint_approve_transfer(
    *, complaint: Complaint, user, note: str = "", now=None
) -> Complaint:
    """Move the case. The old agency's legs end as 'transferred'; the new one starts fresh."""
    now = now or timezone.now()
    note = clean_text(note, field="Catatan", required=False)
    c, acting, before = _apply(complaint, Action.APPROVE_TRANSFER, user=user, now=now)
    target, previous = c.transfer_to, c.agency
    _end_leg(c, LegKind.RESPONSE, now, outcome="transferred")
    _end_leg(c, LegKind.RESOLUTION, now, outcome="transferred")
    c.transfer_to = None
    c.transfer_reason = ""
    _send_to_agency(c, target, now)
    _record(
        c,
        Action.APPROVE_TRANSFER,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=note,
        target_agency=target,
        held_by=previous,
    )
    return c


@rollups.counted
def complaint_decline_transfer(*, complaint: Complaint, user, note: str, now=None) -> Complaint:
    now = now or timezone.now()
    note = clean_text(note, field="Alasan")
    c, acting, before = _apply(complaint, Action.DECLINE_TRANSFER, user=user, now=now)
    target = c.transfer_to
    c.transfer_to = None
    c.transfer_reason = ""
    _record(
        c,
        Action.DECLINE_TRANSFER,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=note,
        target_agency=target,
        is_public=False,
    )
    return c


@rollups.counted
def complaint_follow_up(
    *, complaint: Complaint, user, note: str, photos: list[Upload], now=None
) -> Complaint:
    """The agency reports what it did, with at least one evidence photo."""
    now = now or timezone.now()
    note = clean_text(note, field="Uraian tindak lanjut")
    cleaned = clean_photos(list(photos))
    if not cleaned:
        raise WorkflowError("Lampirkan minimal satu foto bukti tindak lanjut.")
    c, acting, before = _apply(complaint, Action.FOLLOW_UP, user=user, now=now)
    # Finishing the work withdraws a transfer the agency had asked for.
    c.transfer_to = None
    c.transfer_reason = ""
    _end_leg(c, LegKind.RESOLUTION, now)
    c.followed_up_at = now
    policy = c.category.policy
    _start_leg(c, LegKind.VALIDATION, None, now, policy.verify_amount, policy.verify_unit)
    _record(
        c,
        Action.FOLLOW_UP,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=note,
        photos=cleaned,
    )
    return c


@rollups.counted
def complaint_validate(*, complaint: Complaint, user, note: str = "", now=None) -> Complaint:
    now = now or timezone.now()
    note = clean_text(note, field="Catatan", required=False)
    c, acting, before = _apply(complaint, Action.VALIDATE, user=user, now=now)
    _end_leg(c, LegKind.VALIDATION, now)
    c.resolved_at = now
    _record(c, Action.VALIDATE, acting=acting, before=before, user=user, now=now, note=note)
    return c


@rollups.counted
def complaint_reject_follow_up(*, complaint: Complaint, user, reason: str, now=None) -> Complaint:
    """TL ditolak: back to the agency, counted as rework. The resolution deadline is not reset."""
    now = now or timezone.now()
    reason = clean_text(reason, field="Alasan penolakan tindak lanjut")
    c, acting, before = _apply(complaint, Action.REJECT_FOLLOW_UP, user=user, now=now)
    _end_leg(c, LegKind.VALIDATION, now)
    leg = (
        c.legs.filter(kind=LegKind.RESOLUTION, agency=c.agency)
        .order_by("-started_at", "-id")
        .first()
    )
    if leg is not None:
        rollups.leg_ended(leg, c.category_id, undo=True)
        leg.ended_at = None
        leg.outcome = ""
        leg.working_seconds = None
        leg.save(update_fields=["ended_at", "outcome", "working_seconds"])
    c.rework_count += 1
    _record(
        c, Action.REJECT_FOLLOW_UP, acting=acting, before=before, user=user, now=now, note=reason
    )
    return c


@rollups.counted
def complaint_rate(
    *,
    complaint: Complaint,
    user,
    reporter_link: bool = False,
    rating: int,
    comment: str = "",
    now=None,
) -> Complaint:
    now = now or timezone.now()
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise WorkflowError("Penilaian harus 1 sampai 5 bintang.")
    comment = clean_text(comment, field="Komentar", required=False, limit=1000)
    c, acting, before = _apply(
        complaint, Action.RATE, user=user, reporter_link=reporter_link, now=now
    )
    c.rating = rating
    c.rating_comment = comment
    c.closed_at = c.closed_at or now
    _record(
        c,
        Action.RATE,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=f"{rating}/5" + (f": {comment}" if comment else ""),
    )
    return c


@transaction.atomic
def complaint_claim(*, complaint: Complaint, user, reporter_link: bool) -> Complaint:
    """A citizen's account takes a report filed without one: from then on it is in their
    "Laporan saya" and they act on it signed in. Only with the private link (whoever
    holds it is the reporter already), only into a citizen's account, only once."""
    if not reporter_link:
        raise WorkflowError("Buka tautan pribadi laporan ini terlebih dahulu.")
    if user is None or not user.is_authenticated or user.role != Role.CITIZEN:
        raise WorkflowError("Masuk dengan akun warga untuk menyimpan laporan ini.")
    locked = _lock(complaint)
    if locked.reporter_id == user.pk:
        return locked
    if locked.reporter_id is not None:
        raise WorkflowError("Laporan ini sudah tersimpan di akun lain.")
    # Not a step of the case (no event, no clock): who follows it, not what happened.
    Complaint.objects.filter(pk=locked.pk, reporter__isnull=True).update(reporter=user)
    locked.reporter = user
    log.info("complaint %s claimed by account %s", locked.code, user.pk)
    return locked


def reopen_deadline(complaint: Complaint) -> datetime | None:
    if complaint.resolved_at is None:
        return None
    return city_calendar().add(complaint.resolved_at, REOPEN_WINDOW_DAYS, "days")


@rollups.counted
def complaint_reopen(
    *, complaint: Complaint, user, reporter_link: bool = False, reason: str, now=None
) -> Complaint:
    now = now or timezone.now()
    reason = clean_text(reason, field="Alasan membuka kembali")
    c, acting, before = _apply(
        complaint, Action.REOPEN, user=user, reporter_link=reporter_link, now=now
    )
    policy = c.category.policy
    c.reopen_count += 1
    c.resolved_at = None
    c.resolution_due_at = _start_leg(
        c, LegKind.RESOLUTION, c.agency, now, policy.resolution_amount, policy.resolution_unit
    )
    _record(c, Action.REOPEN, acting=acting, before=before, user=user, now=now, note=reason)
    return c


@rollups.counted
def complaint_comment(*, complaint: Complaint, user, note: str, now=None) -> Complaint:
    now = now or timezone.now()
    note = clean_text(note, field="Catatan")
    c, acting, before = _apply(complaint, Action.COMMENT, user=user, now=now)
    _record(
        c,
        Action.COMMENT,
        acting=acting,
        before=before,
        user=user,
        now=now,
        note=note,
        is_public=False,
    )
    return c


def complaints_auto_close(*, now: datetime | None = None, batch: int = 200) -> int:
    """Close cases left `selesai` for 10 working days without a reply from the reporter.

    Safe on several hosts at once: each row is claimed with a conditional UPDATE
    (state still `selesai`), so only one process closes and records it.
    """
    now = now or timezone.now()
    calendar = city_calendar()
    # A coarse wall-clock cut first (10 working days span more than 11 calendar days:
    # from Monday's day start they end at the day end of the Friday after next), then the
    # exact working-day rule per row.
    candidates = Complaint.objects.filter(
        state=State.RESOLVED, resolved_at__lte=now - timezone.timedelta(days=11)
    ).order_by("resolved_at")[:batch]
    closed = 0
    for complaint in candidates:
        if calendar.add(complaint.resolved_at, AUTO_CLOSE_DAYS, "days") > now:
            continue
        with transaction.atomic():
            claimed = Complaint.objects.filter(pk=complaint.pk, state=State.RESOLVED).update(
                state=State.CLOSED, closed_at=now, updated_at=now, due_at=None
            )
            if not claimed:
                continue
            complaint.refresh_from_db()
            event = ComplaintEvent.objects.create(
                complaint=complaint,
                action=Action.AUTO_CLOSE,
                actor=None,
                actor_label="Sistem",
                from_state=State.RESOLVED,
                to_state=State.CLOSED,
                note="Ditutup otomatis: tidak ada tanggapan pelapor 10 hari kerja setelah selesai.",
                agency=complaint.agency,
                created_at=now,
            )
            event_recorded.send(sender=ComplaintEvent, event=event, complaint=complaint)
            closed += 1
    return closed
