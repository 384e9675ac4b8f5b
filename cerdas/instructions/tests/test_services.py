"""Every use case of an instruction, with the refusals: each refusal changes nothing."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cerdas.complaints.models import Privacy
from cerdas.complaints.services import Upload
from cerdas.instructions import services
from cerdas.instructions.models import (
    Action,
    Instruction,
    InstructionEvent,
    InstructionFile,
    InstructionRecipient,
    Priority,
    Status,
)
from cerdas.instructions.workflow import TRANSITIONS, WorkflowError


def _state(part):
    """The part's row, its events and files: a refused call changes none of them."""
    row = InstructionRecipient.objects.filter(pk=part.pk).values().get()
    return (
        row,
        InstructionEvent.objects.filter(instruction_id=part.instruction_id).count(),
        InstructionFile.objects.count(),
    )


def _counts():
    return (
        Instruction.objects.count(),
        InstructionRecipient.objects.count(),
        InstructionEvent.objects.count(),
        InstructionFile.objects.count(),
    )


# --- create -------------------------------------------------------------------------


def test_leader_sends_to_several_agencies_with_files_and_complaints(city, send, submit, pdf, jpeg):
    complaint = submit()
    instruction = send(
        agencies=[city.pupr, city.dlh, city.pupr],
        priority=Priority.URGENT,
        complaint_codes=[complaint.code.lower()],
        files=[pdf, jpeg],
    )
    parts = {p.agency_id: p for p in instruction.recipients.all()}
    assert set(parts) == {city.pupr.pk, city.dlh.pk}
    assert all(p.status == Status.SENT for p in parts.values())
    assert instruction.priority == Priority.URGENT
    assert instruction.created_by == city.leader
    assert list(instruction.complaints.all()) == [complaint]
    event = instruction.events.get()
    assert event.action == Action.CREATE and event.actor == city.leader
    assert event.recipient is None
    files = list(instruction.files.order_by("content_type"))
    assert [f.content_type for f in files] == ["application/pdf", "image/jpeg"]
    assert files[0].name == "surat.pdf" and files[0].file.read().startswith(b"%PDF-")
    assert all(f.event == event and f.recipient is None for f in files)
    # The stored name is random: it does not reveal the uploader's file name.
    assert "surat" not in files[0].file.name


def test_admin_may_send(city, send):
    instruction = send(user=city.admin)
    assert instruction.created_by == city.admin


@pytest.mark.parametrize("role", ["head", "officer", "operator", "citizen"])
def test_only_leaders_send(city, send, role):
    with pytest.raises(WorkflowError, match="Hanya pimpinan"):
        send(user=getattr(city, role))
    assert _counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"subject": "   "}, "Perihal wajib diisi"),
        ({"body": ""}, "Isi arahan wajib diisi"),
        ({"subject": "x" * 201}, "Perihal terlalu panjang"),
        ({"priority": "kilat"}, "Prioritas tidak dikenal"),
        ({"agencies": []}, "minimal satu OPD"),
        ({"complaint_codes": ["MDO-XXXX-00"]}, "MDO-XXXX-00 tidak ditemukan"),
        ({"files": [Upload(name="virus.exe", data=b"MZ\x90\x00")]}, "virus.exe: hanya foto"),
        ({"files": [Upload(name="kosong.pdf", data=b"")]}, "berkas kosong"),
    ],
)
def test_bad_input_changes_nothing(city, send, kwargs, message):
    with pytest.raises(WorkflowError, match=message):
        send(**kwargs)
    assert _counts() == (0, 0, 0, 0)


def test_deadline_must_be_in_the_future(city, send):
    with pytest.raises(WorkflowError, match="Tenggat harus setelah"):
        send(deadline=timezone.now() - timedelta(minutes=1))
    assert _counts() == (0, 0, 0, 0)


def test_external_body_cannot_receive(city, send):
    with pytest.raises(WorkflowError, match="bukan OPD aktif"):
        send(agencies=[city.pupr, city.pln])
    assert _counts() == (0, 0, 0, 0)


def test_file_over_the_limit_is_refused(city, send, settings):
    settings.CERDAS_MAX_UPLOAD_MB = 1
    big = Upload(name="besar.pdf", data=b"%PDF-" + b"0" * (1024 * 1024))
    with pytest.raises(WorkflowError, match="besar.pdf: berkas terlalu besar"):
        send(files=[big])
    assert _counts() == (0, 0, 0, 0)


def test_too_many_files_refused(city, send, settings, pdf):
    settings.CERDAS_MAX_PHOTOS = 2
    with pytest.raises(WorkflowError, match="Paling banyak 2 lampiran"):
        send(files=[pdf, pdf, pdf])
    assert _counts() == (0, 0, 0, 0)


def test_leader_cannot_link_a_confidential_case(city, send, submit):
    # A leader does not see rahasia cases, so linking one by its code finds nothing.
    secret = submit(category=city.confidential, privacy=Privacy.CONFIDENTIAL)
    with pytest.raises(WorkflowError, match="tidak ditemukan"):
        send(complaint_codes=[secret.code])
    assert _counts() == (0, 0, 0, 0)


def test_one_row_per_instruction_and_agency_in_the_database(city, part):
    with pytest.raises(IntegrityError), transaction.atomic():
        InstructionRecipient.objects.create(
            instruction=part.instruction, agency=city.pupr, updated_at=timezone.now()
        )


def test_events_are_immutable(part):
    event = part.instruction.events.get()
    event.note = "diubah"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()


# --- the OPD's part --------------------------------------------------------------------


def test_full_cycle_with_a_return(city, part, pdf, jpeg):
    part = services.instruction_acknowledge(recipient=part, user=city.head)
    assert part.status == Status.ACKNOWLEDGED and part.acknowledged_at is not None
    part = services.instruction_report_progress(
        recipient=part, user=city.officer, note="Saluran 200 m dibersihkan.", files=[jpeg]
    )
    part = services.instruction_report_progress(
        recipient=part, user=city.officer2, note="Sisa 100 m minggu depan."
    )
    assert part.status == Status.IN_PROGRESS and part.progress_count == 2
    part = services.instruction_mark_done(recipient=part, user=city.head, files=[pdf])
    assert part.status == Status.DONE and part.done_at is not None
    part = services.instruction_return(
        recipient=part, user=city.leader, reason="Foto sisi timur belum ada."
    )
    assert part.status == Status.IN_PROGRESS and part.return_count == 1 and part.done_at is None
    part = services.instruction_mark_done(recipient=part, user=city.officer)
    part = services.instruction_accept(recipient=part, user=city.leader, note="Baik.")
    part.refresh_from_db()
    assert part.status == Status.ACCEPTED and part.accepted_at is not None
    assert part.return_count == 1
    events = list(part.instruction.events.values_list("action", "from_status", "to_status"))
    assert events == [
        (Action.CREATE, "", Status.SENT),
        (Action.ACKNOWLEDGE, Status.SENT, Status.ACKNOWLEDGED),
        (Action.REPORT_PROGRESS, Status.ACKNOWLEDGED, Status.IN_PROGRESS),
        (Action.REPORT_PROGRESS, Status.IN_PROGRESS, Status.IN_PROGRESS),
        (Action.MARK_DONE, Status.IN_PROGRESS, Status.DONE),
        (Action.RETURN, Status.DONE, Status.IN_PROGRESS),
        (Action.MARK_DONE, Status.IN_PROGRESS, Status.DONE),
        (Action.ACCEPT, Status.DONE, Status.ACCEPTED),
    ]
    returned = part.instruction.events.get(action=Action.RETURN)
    assert returned.note == "Foto sisi timur belum ada." and returned.actor == city.leader
    evidence = InstructionFile.objects.filter(recipient=part)
    assert evidence.count() == 2


def test_parent_agency_staff_answer_for_their_unit(city, send):
    part = send(agencies=[city.uptd]).recipients.get()
    part = services.instruction_acknowledge(recipient=part, user=city.head)
    assert part.status == Status.ACKNOWLEDGED


def test_other_agency_cannot_act(city, part):
    before = _state(part)
    with pytest.raises(WorkflowError, match="tidak berwenang"):
        services.instruction_acknowledge(recipient=part, user=city.other_head)
    assert _state(part) == before


@pytest.mark.parametrize("role", ["leader", "admin", "operator", "citizen"])
def test_only_the_recipient_acknowledges(city, part, role):
    before = _state(part)
    with pytest.raises(WorkflowError, match="tidak berwenang"):
        services.instruction_acknowledge(recipient=part, user=getattr(city, role))
    assert _state(part) == before


@pytest.mark.parametrize("role", ["head", "officer", "operator", "other_head"])
def test_only_leaders_accept_or_return(city, part, role):
    part = services.instruction_acknowledge(recipient=part, user=city.head)
    part = services.instruction_mark_done(recipient=part, user=city.head)
    before = _state(part)
    user = getattr(city, role)
    with pytest.raises(WorkflowError, match="tidak berwenang"):
        services.instruction_accept(recipient=part, user=user)
    with pytest.raises(WorkflowError, match="tidak berwenang"):
        services.instruction_return(recipient=part, user=user, reason="Kurang.")
    assert _state(part) == before


def test_progress_before_acknowledging_is_refused(city, part):
    before = _state(part)
    with pytest.raises(WorkflowError, match="Terkirim"):
        services.instruction_report_progress(recipient=part, user=city.officer, note="Mulai.")
    with pytest.raises(WorkflowError, match="Terkirim"):
        services.instruction_mark_done(recipient=part, user=city.officer)
    assert _state(part) == before


def test_accept_before_done_is_refused(city, part):
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    before = _state(part)
    with pytest.raises(WorkflowError, match="Diterima OPD"):
        services.instruction_accept(recipient=part, user=city.leader)
    assert _state(part) == before


def test_nothing_moves_after_acceptance(city, part):
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    part = services.instruction_mark_done(recipient=part, user=city.officer)
    part = services.instruction_accept(recipient=part, user=city.leader)
    before = _state(part)
    for call in (
        lambda: services.instruction_acknowledge(recipient=part, user=city.officer),
        lambda: services.instruction_report_progress(recipient=part, user=city.officer, note="x"),
        lambda: services.instruction_mark_done(recipient=part, user=city.officer),
        lambda: services.instruction_accept(recipient=part, user=city.leader),
        lambda: services.instruction_return(recipient=part, user=city.leader, reason="x"),
    ):
        with pytest.raises(WorkflowError, match="Selesai"):
            call()
    assert _state(part) == before


def test_acknowledging_twice_is_refused(city, part):
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    before = _state(part)
    with pytest.raises(WorkflowError, match="Diterima OPD"):
        services.instruction_acknowledge(recipient=part, user=city.head)
    assert _state(part) == before


def test_progress_needs_text_and_good_files(city, part, jpeg):
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    before = _state(part)
    with pytest.raises(WorkflowError, match="Uraian perkembangan wajib diisi"):
        services.instruction_report_progress(recipient=part, user=city.officer, note="  ")
    bad = Upload(name="data.xlsx", data=b"PK\x03\x04xlsx")
    with pytest.raises(WorkflowError, match="data.xlsx: hanya foto"):
        services.instruction_report_progress(
            recipient=part, user=city.officer, note="Sudah.", files=[jpeg, bad]
        )
    with pytest.raises(WorkflowError, match="data.xlsx"):
        services.instruction_mark_done(recipient=part, user=city.officer, files=[bad])
    assert _state(part) == before


def test_return_needs_a_reason(city, part):
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    part = services.instruction_mark_done(recipient=part, user=city.officer)
    before = _state(part)
    with pytest.raises(WorkflowError, match="Alasan pengembalian wajib diisi"):
        services.instruction_return(recipient=part, user=city.leader, reason="")
    assert _state(part) == before


def test_each_part_moves_on_its_own(city, send):
    instruction = send(agencies=[city.pupr, city.dlh])
    pupr = instruction.recipients.get(agency=city.pupr)
    services.instruction_acknowledge(recipient=pupr, user=city.officer)
    dlh = instruction.recipients.get(agency=city.dlh)
    assert dlh.status == Status.SENT
    with pytest.raises(WorkflowError, match="tidak berwenang"):
        services.instruction_acknowledge(recipient=dlh, user=city.officer)


def test_transition_table_covers_every_action_but_create():
    assert set(TRANSITIONS) == set(Action) - {Action.CREATE}
