"""Every change to an instruction goes through one of these functions.

Each use case checks its input first, then locks the recipient's part, asks the
transition table (workflow.py) whether this person may act from its status, changes
the row and writes the immutable event, all in one transaction. Bad input raises
`WorkflowError` (a message in Indonesian) and changes nothing.
"""

import logging
import re
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cerdas.agencies.models import Agency
from cerdas.complaints.models import Complaint
from cerdas.complaints.services import Upload, clean_text
from cerdas.complaints.workflow import WorkflowError

from .files import CleanFile, clean_files
from .models import (
    Action,
    Instruction,
    InstructionEvent,
    InstructionFile,
    InstructionRecipient,
    Priority,
    Status,
)
from .workflow import Actor, actors_for, check, may_issue

log = logging.getLogger(__name__)

MAX_SUBJECT = 200
MAX_COMPLAINTS = 20

__all__ = [
    "WorkflowError",
    "instruction_accept",
    "instruction_acknowledge",
    "instruction_create",
    "instruction_mark_done",
    "instruction_report_progress",
    "instruction_return",
    "parse_codes",
]


def parse_codes(text: str) -> list[str]:
    """Tracking codes typed as a list: commas, spaces or new lines between them."""
    seen: list[str] = []
    for code in re.split(r"[\s,;]+", (text or "").upper()):
        if code and code not in seen:
            seen.append(code)
    return seen


def _actor_label(user, acting: Actor, recipient: InstructionRecipient | None) -> str:
    if acting == Actor.RECIPIENT and recipient is not None:
        return f"{recipient.agency} — {user.display_name()}"
    return f"{user.get_role_display()} — {user.display_name()}"


def _store_files(instruction, recipient, event, files: list[CleanFile], now) -> None:
    for cleaned in files:
        row = InstructionFile(
            instruction=instruction,
            recipient=recipient,
            event=event,
            name=cleaned.name,
            content_type=cleaned.content_type,
            size=len(cleaned.content),
            created_at=now,
        )
        row.file.save(cleaned.stored_name, ContentFile(cleaned.content), save=False)
        row.save()


@transaction.atomic
def instruction_create(
    *,
    user,
    subject: str,
    body: str,
    agencies: list[Agency],
    deadline: datetime,
    priority: str = Priority.NORMAL,
    complaint_codes: list[str] = (),
    files: list[Upload] = (),
    now: datetime | None = None,
) -> Instruction:
    """A leader sends an instruction to one or more OPDs; each gets its own part."""
    now = now or timezone.now()
    if not may_issue(user):
        raise WorkflowError("Hanya pimpinan yang dapat mengirim arahan.")
    subject = clean_text(subject, field="Perihal", limit=MAX_SUBJECT)
    body = clean_text(body, field="Isi arahan")
    if priority not in Priority.values:
        raise WorkflowError("Prioritas tidak dikenal.")
    if deadline is None:
        raise WorkflowError("Tenggat wajib diisi.")
    if timezone.is_naive(deadline):
        raise WorkflowError("Tenggat harus menyertakan zona waktu.")
    if deadline <= now:
        raise WorkflowError("Tenggat harus setelah waktu sekarang.")
    unique_agencies = list({a.pk: a for a in agencies}.values())
    if not unique_agencies:
        raise WorkflowError("Pilih minimal satu OPD penerima.")
    internal = set(Agency.objects.internal().filter(pk__in=[a.pk for a in unique_agencies]))
    for agency in unique_agencies:
        if agency not in internal:
            raise WorkflowError(
                f"{agency} bukan OPD aktif kota; arahan tidak bisa dikirim ke sana."
            )
    codes = [c.strip().upper() for c in complaint_codes if c and c.strip()]
    codes = list(dict.fromkeys(codes))
    if len(codes) > MAX_COMPLAINTS:
        raise WorkflowError(f"Paling banyak {MAX_COMPLAINTS} pengaduan terkait.")
    # Only cases the leader may open: a rahasia case's code reveals nothing here.
    found = {c.code: c for c in Complaint.objects.visible_to(user).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise WorkflowError(f"Pengaduan dengan kode {', '.join(missing)} tidak ditemukan.")
    cleaned = clean_files(list(files))

    instruction = Instruction.objects.create(
        subject=subject,
        body=body,
        priority=priority,
        deadline=deadline,
        created_by=user,
        created_at=now,
        updated_at=now,
    )
    instruction.complaints.set(found.values())
    InstructionRecipient.objects.bulk_create(
        InstructionRecipient(instruction=instruction, agency=a, updated_at=now)
        for a in unique_agencies
    )
    event = InstructionEvent.objects.create(
        instruction=instruction,
        action=Action.CREATE,
        actor=user,
        actor_label=_actor_label(user, Actor.ISSUER, None),
        to_status=Status.SENT,
        note=", ".join(str(a) for a in unique_agencies),
        created_at=now,
    )
    _store_files(instruction, None, event, cleaned, now)
    log.info("instruction %s sent to %s", instruction.pk, [a.code for a in unique_agencies])
    return instruction


def _apply(recipient: InstructionRecipient, action: Action, *, user):
    """Lock the part, check the table, move the status. Returns (locked, acting, before)."""
    locked = (
        InstructionRecipient.objects.select_for_update(of=("self",))
        .select_related("agency", "instruction")
        .get(pk=recipient.pk)
    )
    actors = actors_for(locked, user)
    rule = check(action, locked, actors)
    acting = next(a for a in (Actor.ISSUER, Actor.RECIPIENT) if a in actors and a in rule.actors)
    before = Status(locked.status)
    locked.status = rule.target
    return locked, acting, before


def _record(
    recipient: InstructionRecipient,
    action: Action,
    *,
    user,
    acting: Actor,
    before: Status,
    now: datetime,
    note: str = "",
    files: list[CleanFile] = (),
) -> InstructionEvent:
    recipient.updated_at = now
    recipient.save()
    Instruction.objects.filter(pk=recipient.instruction_id).update(updated_at=now)
    event = InstructionEvent.objects.create(
        instruction_id=recipient.instruction_id,
        recipient=recipient,
        action=action,
        actor=user,
        actor_label=_actor_label(user, acting, recipient),
        from_status=before,
        to_status=recipient.status,
        note=note,
        created_at=now,
    )
    _store_files(recipient.instruction, recipient, event, files, now)
    log.info(
        "instruction %s part %s %s %s -> %s",
        recipient.instruction_id,
        recipient.pk,
        action,
        before,
        recipient.status,
    )
    return event


@transaction.atomic
def instruction_acknowledge(
    *, recipient: InstructionRecipient, user, note: str = "", now: datetime | None = None
) -> InstructionRecipient:
    """The OPD confirms it has received the instruction."""
    now = now or timezone.now()
    note = clean_text(note, field="Catatan", required=False)
    r, acting, before = _apply(recipient, Action.ACKNOWLEDGE, user=user)
    r.acknowledged_at = now
    _record(r, Action.ACKNOWLEDGE, user=user, acting=acting, before=before, now=now, note=note)
    return r


@transaction.atomic
def instruction_report_progress(
    *,
    recipient: InstructionRecipient,
    user,
    note: str,
    files: list[Upload] = (),
    now: datetime | None = None,
) -> InstructionRecipient:
    """The OPD tells what it did so far, with evidence; it may do so several times."""
    now = now or timezone.now()
    note = clean_text(note, field="Uraian perkembangan")
    cleaned = clean_files(list(files))
    r, acting, before = _apply(recipient, Action.REPORT_PROGRESS, user=user)
    r.progress_count += 1
    _record(
        r,
        Action.REPORT_PROGRESS,
        user=user,
        acting=acting,
        before=before,
        now=now,
        note=note,
        files=cleaned,
    )
    return r


@transaction.atomic
def instruction_mark_done(
    *,
    recipient: InstructionRecipient,
    user,
    note: str = "",
    files: list[Upload] = (),
    now: datetime | None = None,
) -> InstructionRecipient:
    """The OPD reports its part finished; the leader still accepts or returns it."""
    now = now or timezone.now()
    note = clean_text(note, field="Catatan", required=False)
    cleaned = clean_files(list(files))
    r, acting, before = _apply(recipient, Action.MARK_DONE, user=user)
    r.done_at = now
    _record(
        r,
        Action.MARK_DONE,
        user=user,
        acting=acting,
        before=before,
        now=now,
        note=note,
        files=cleaned,
    )
    return r


@transaction.atomic
def instruction_accept(
    *, recipient: InstructionRecipient, user, note: str = "", now: datetime | None = None
) -> InstructionRecipient:
    """The leader accepts an OPD's result: that part is closed."""
    now = now or timezone.now()
    note = clean_text(note, field="Catatan", required=False)
    r, acting, before = _apply(recipient, Action.ACCEPT, user=user)
    r.accepted_at = now
    _record(r, Action.ACCEPT, user=user, acting=acting, before=before, now=now, note=note)
    return r


@transaction.atomic
def instruction_return(
    *, recipient: InstructionRecipient, user, reason: str, now: datetime | None = None
) -> InstructionRecipient:
    """The leader sends an OPD's result back to work, with a reason; counted."""
    now = now or timezone.now()
    reason = clean_text(reason, field="Alasan pengembalian")
    r, acting, before = _apply(recipient, Action.RETURN, user=user)
    r.done_at = None
    r.return_count += 1
    _record(r, Action.RETURN, user=user, acting=acting, before=before, now=now, note=reason)
    return r
