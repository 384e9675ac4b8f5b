"""The screens: every POST is checked by its HTTP status and by what the database holds."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cerdas.instructions import services
from cerdas.instructions.models import (
    Action,
    Instruction,
    InstructionEvent,
    InstructionFile,
    InstructionRecipient,
    Status,
)
from conftest import jpeg_bytes

from .conftest import PDF


def _deadline_field(days=7) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _act(client, part, action, data=None):
    return client.post(f"/arahan/{part.instruction_id}/penerima/{part.pk}/{action}/", data or {})


def _prefixed(part, action, **values) -> dict:
    return {f"r{part.pk}-{action}-{k}": v for k, v in values.items()}


def _snapshot(part):
    row = InstructionRecipient.objects.filter(pk=part.pk).values().get()
    return row, InstructionEvent.objects.filter(instruction_id=part.instruction_id).count()


# --- create -----------------------------------------------------------------------


def test_leader_creates_an_instruction(city, client, submit):
    complaint = submit()
    typed = _deadline_field()
    client.force_login(city.leader)
    response = client.post(
        "/arahan/baru/",
        {
            "subject": "Genangan di Jalan Piere Tendean",
            "body": "Tangani genangan dan laporkan dengan foto.",
            "agencies": [city.pupr.pk, city.dlh.pk],
            "priority": "segera",
            "deadline": typed,
            "complaint_codes": f"{complaint.code}, ",
            "files": [
                SimpleUploadedFile("surat.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("foto.jpg", jpeg_bytes(), "image/jpeg"),
            ],
        },
    )
    instruction = Instruction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/arahan/{instruction.pk}/"
    assert instruction.priority == "segera" and instruction.created_by == city.leader
    assert set(instruction.recipients.values_list("agency__code", flat=True)) == {"pupr", "dlh"}
    assert list(instruction.complaints.values_list("code", flat=True)) == [complaint.code]
    assert instruction.files.count() == 2
    # The deadline typed in the city's zone is kept as that moment.
    assert timezone.localtime(instruction.deadline).strftime("%Y-%m-%dT%H:%M") == typed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"complaint_codes": "MDO-ZZZZ-99"}, "MDO-ZZZZ-99 tidak ditemukan"),
        (
            {"files": [SimpleUploadedFile("makro.docm", b"PK\x03\x04", "application/msword")]},
            "makro.docm: hanya foto (JPEG, PNG, WebP) dan dokumen PDF",
        ),
        ({"subject": ""}, "Bidang ini tidak boleh kosong"),
        ({"agencies": [], "subject": "x"}, "Bidang ini tidak boleh kosong"),
    ],
)
def test_bad_create_shows_the_reason_and_saves_nothing(city, client, change, message):
    client.force_login(city.leader)
    data = {
        "subject": "Perihal",
        "body": "Isi",
        "agencies": [city.pupr.pk],
        "priority": "biasa",
        "deadline": _deadline_field(),
    }
    data.update(change)
    response = client.post("/arahan/baru/", data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Instruction.objects.count() == 0
    assert InstructionFile.objects.count() == 0


def test_past_deadline_is_refused(city, client):
    client.force_login(city.leader)
    response = client.post(
        "/arahan/baru/",
        {
            "subject": "Perihal",
            "body": "Isi",
            "agencies": [city.pupr.pk],
            "priority": "biasa",
            "deadline": _deadline_field(days=-1),
        },
    )
    assert response.status_code == 400
    assert "Tenggat harus setelah" in response.content.decode()
    assert Instruction.objects.count() == 0


def test_create_form_lists_no_external_body(city, client):
    client.force_login(city.leader)
    html = client.get("/arahan/baru/").content.decode()
    assert city.pupr.short_name in html
    assert city.pln.short_name not in html


# --- actions ------------------------------------------------------------------------


def test_the_whole_cycle_through_the_screens(city, client, part):
    client.force_login(city.officer)
    response = _act(client, part, "acknowledge", _prefixed(part, "acknowledge", note="Siap."))
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == Status.ACKNOWLEDGED

    photo = SimpleUploadedFile("bukti.jpg", jpeg_bytes(), "image/jpeg")
    response = _act(
        client,
        part,
        "report_progress",
        _prefixed(part, "report_progress", note="Separuh saluran bersih.", files=photo),
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == Status.IN_PROGRESS and part.progress_count == 1
    assert InstructionFile.objects.filter(recipient=part).count() == 1

    response = _act(client, part, "mark_done", _prefixed(part, "mark_done", note="Selesai."))
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == Status.DONE

    client.force_login(city.leader)
    response = _act(client, part, "return", _prefixed(part, "return", note="Kurang foto."))
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == Status.IN_PROGRESS and part.return_count == 1

    client.force_login(city.head)
    assert _act(client, part, "mark_done").status_code == 302
    client.force_login(city.admin)
    assert _act(client, part, "accept").status_code == 302
    part.refresh_from_db()
    assert part.status == Status.ACCEPTED
    assert list(part.events.values_list("action", flat=True)) == [
        Action.ACKNOWLEDGE,
        Action.REPORT_PROGRESS,
        Action.MARK_DONE,
        Action.RETURN,
        Action.MARK_DONE,
        Action.ACCEPT,
    ]


def test_progress_without_text_is_refused(city, client, part):
    services.instruction_acknowledge(recipient=part, user=city.officer)
    before = _snapshot(part)
    client.force_login(city.officer)
    response = _act(client, part, "report_progress", _prefixed(part, "report_progress", note=""))
    assert response.status_code == 400
    assert _snapshot(part) == before


def test_progress_with_a_bad_file_is_refused(city, client, part):
    services.instruction_acknowledge(recipient=part, user=city.officer)
    before = _snapshot(part)
    client.force_login(city.officer)
    bad = SimpleUploadedFile("skrip.html", b"<script>alert(1)</script>", "text/html")
    response = _act(
        client, part, "report_progress", _prefixed(part, "report_progress", note="x", files=bad)
    )
    assert response.status_code == 400
    assert "skrip.html: hanya foto" in response.content.decode()
    assert _snapshot(part) == before
    assert InstructionFile.objects.filter(recipient=part).count() == 0


def test_wrong_status_says_why(city, client, part):
    before = _snapshot(part)
    client.force_login(city.officer)
    response = _act(client, part, "mark_done")
    assert response.status_code == 400
    assert "tidak bisa dilakukan pada arahan berstatus" in response.content.decode()
    assert _snapshot(part) == before


def test_unknown_action_is_404(city, client, part):
    client.force_login(city.officer)
    assert _act(client, part, "create").status_code == 404
    assert _act(client, part, "hapus").status_code == 404
    assert _snapshot(part)[0]["status"] == Status.SENT


def test_get_on_an_action_is_refused(city, client, part):
    client.force_login(city.officer)
    url = f"/arahan/{part.instruction_id}/penerima/{part.pk}/acknowledge/"
    assert client.get(url).status_code == 405
    part.refresh_from_db()
    assert part.status == Status.SENT


def test_post_without_csrf_token_is_refused(city, part):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.officer)
    assert _act(client, part, "acknowledge").status_code == 403
    part.refresh_from_db()
    assert part.status == Status.SENT


def test_a_part_of_another_instruction_is_404(city, client, send, part):
    other = send(subject="Lain").recipients.get()
    client.force_login(city.officer)
    url = f"/arahan/{part.instruction_id}/penerima/{other.pk}/acknowledge/"
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.SENT


# --- what the pages show -------------------------------------------------------------------


def test_buttons_follow_the_table(city, client, part):
    client.force_login(city.officer)
    html = client.get(f"/arahan/{part.instruction_id}/").content.decode()
    assert f"form-{part.pk}-acknowledge" in html
    assert f"form-{part.pk}-accept" not in html
    client.force_login(city.leader)
    html = client.get(f"/arahan/{part.instruction_id}/").content.decode()
    assert f"form-{part.pk}-" not in html  # nothing for the leader until it is done
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    services.instruction_mark_done(recipient=part, user=city.officer)
    html = client.get(f"/arahan/{part.instruction_id}/").content.decode()
    assert f"form-{part.pk}-accept" in html and f"form-{part.pk}-return" in html


def test_agency_sees_only_its_own_part_and_steps(city, client, send, jpeg):
    instruction = send(agencies=[city.pupr, city.dlh])
    dlh = instruction.recipients.get(agency=city.dlh)
    dlh = services.instruction_acknowledge(recipient=dlh, user=city.other_officer)
    services.instruction_report_progress(
        recipient=dlh, user=city.other_officer, note="Catatan internal DLH", files=[jpeg]
    )
    client.force_login(city.officer)
    html = client.get(f"/arahan/{instruction.pk}/").content.decode()
    assert 'data-agency="pupr"' in html
    assert 'data-agency="dlh"' not in html
    assert "Catatan internal DLH" not in html
    client.force_login(city.leader)
    html = client.get(f"/arahan/{instruction.pk}/").content.decode()
    assert 'data-agency="dlh"' in html and "Catatan internal DLH" in html


def test_list_shows_staff_only_their_instructions(city, client, send):
    ours = send(subject="Untuk PUPR")
    theirs = send(subject="Untuk DLH", agencies=[city.dlh])
    client.force_login(city.officer)
    html = client.get("/arahan/").content.decode()
    assert f"instruction-{ours.pk}" in html and f"instruction-{theirs.pk}" not in html
    client.force_login(city.leader)
    html = client.get("/arahan/").content.decode()
    assert f"instruction-{ours.pk}" in html and f"instruction-{theirs.pk}" in html


def test_list_hides_finished_unless_asked(city, client, part):
    part = services.instruction_acknowledge(recipient=part, user=city.officer)
    part = services.instruction_mark_done(recipient=part, user=city.officer)
    services.instruction_accept(recipient=part, user=city.leader)
    client.force_login(city.leader)
    marker = f"instruction-{part.instruction_id}"
    assert marker not in client.get("/arahan/").content.decode()
    assert marker in client.get("/arahan/?tampil=semua").content.decode()


def test_htmx_list_renders_the_partial(city, client, part):
    client.force_login(city.leader)
    response = client.get("/arahan/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"instruction-{part.instruction_id}" in html
    assert "<html" not in html


def test_evidence_reaches_only_its_agency_and_the_leaders(city, client, send, jpeg, pdf):
    instruction = send(agencies=[city.pupr, city.dlh], files=[pdf])
    shared = instruction.files.get()
    dlh = instruction.recipients.get(agency=city.dlh)
    dlh = services.instruction_acknowledge(recipient=dlh, user=city.other_officer)
    services.instruction_report_progress(
        recipient=dlh, user=city.other_officer, note="Bukti.", files=[jpeg]
    )
    evidence = InstructionFile.objects.get(recipient=dlh)
    client.force_login(city.officer)  # PUPR: also a recipient
    assert client.get(f"/arahan/lampiran/{shared.pk}/").status_code == 200
    assert client.get(f"/arahan/lampiran/{evidence.pk}/").status_code == 404
    client.force_login(city.other_officer)
    response = client.get(f"/arahan/lampiran/{evidence.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(city.leader)
    response = client.get(f"/arahan/lampiran/{shared.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_list_queries_do_not_grow_with_instructions(city, client, send, django_assert_num_queries):
    client.force_login(city.leader)
    send(agencies=[city.pupr, city.dlh])
    client.get("/arahan/")  # warm the calendar cache and the session
    with django_assert_num_queries(5) as one:
        client.get("/arahan/")
    for n in range(4):
        send(subject=f"Arahan {n}", agencies=[city.pupr, city.dlh])
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/arahan/").status_code == 200
