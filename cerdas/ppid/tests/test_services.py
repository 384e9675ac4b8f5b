from decimal import Decimal

import pytest
from django.core import mail

from cerdas.ppid import services
from cerdas.ppid.models import InfoRequest, Objection, RequestEvent, State
from cerdas.ppid.services import WorkflowError

from .conftest import RECEIVED, local


def test_answer_due_ten_working_days_later_skipping_holidays(file_request):
    row = file_request()
    assert row.number.startswith("PPID-")
    assert services.normalize(row.number) == row.number
    # 11-14, 18-20, 24, 26, 27 Aug: 17 and 25 are national holidays, 21 a local one.
    assert row.due_at == local(2026, 8, 27, 10, 0)
    assert row.state == State.PROCESSING
    assert list(row.events.values_list("action", flat=True)) == ["submit"]


def test_one_extension_of_seven_working_days_with_a_reason(file_request, ppid):
    row = file_request()
    with pytest.raises(WorkflowError, match="Alasan perpanjangan wajib"):
        services.request_extend(request=row, user=ppid.ppid, reason=" ", now=RECEIVED)
    row = services.request_extend(
        request=row, user=ppid.ppid, reason="Dokumen di arsip OPD lain.", now=local(2026, 8, 20, 9)
    )
    assert row.state == State.EXTENDED
    assert row.due_at == local(2026, 9, 7, 10, 0)  # 28, 31 Aug, 1-4, 7 Sep
    with pytest.raises(WorkflowError, match="satu kali"):
        services.request_extend(
            request=row, user=ppid.ppid, reason="Lagi.", now=local(2026, 8, 24, 9)
        )
    row.refresh_from_db()
    assert row.due_at == local(2026, 9, 7, 10, 0)
    assert row.events.filter(action="extend").count() == 1


def test_extension_after_the_ten_days_is_refused(file_request, ppid):
    row = file_request()
    with pytest.raises(WorkflowError, match="sudah lewat"):
        services.request_extend(
            request=row, user=ppid.ppid, reason="Terlambat.", now=local(2026, 8, 27, 10, 1)
        )
    row.refresh_from_db()
    assert row.state == State.PROCESSING and row.extended_at is None


@pytest.mark.parametrize("who", ["citizen", "officer", "leader", "admin", "operator"])
def test_only_the_ppid_changes_a_request(file_request, ppid, who):
    row = file_request()
    user = getattr(ppid, who)
    with pytest.raises(WorkflowError, match="Hanya PPID"):
        services.request_extend(request=row, user=user, reason="x", now=RECEIVED)
    with pytest.raises(WorkflowError, match="Hanya PPID"):
        services.request_decide(
            request=row, user=user, decision="diberikan", note="Ya", now=RECEIVED
        )
    row.refresh_from_db()
    assert row.state == State.PROCESSING and row.decision == ""
    assert row.events.count() == 1


def test_decision_records_working_days_taken(file_request, ppid):
    row = file_request()
    row = services.request_decide(
        request=row,
        user=ppid.ppid,
        decision="diberikan",
        note="Terlampir.",
        now=local(2026, 8, 14, 14),
    )
    assert row.state == State.ANSWERED
    assert row.working_days == Decimal("4.50")  # 6 h + 3 x 8 h + 6 h
    row = services.request_deliver(
        request=row, user=ppid.ppid, note="Dikirim lewat e-mail.", now=local(2026, 8, 14, 15)
    )
    assert row.state == State.DELIVERED and row.delivered_at == local(2026, 8, 14, 15)
    assert [e.action for e in row.events.all()] == ["submit", "decide", "deliver"]


@pytest.mark.parametrize(
    ("decision", "letters", "message"),
    [
        ("ditolak", [], "Sebutkan dasar pengecualian"),
        ("sebagian", [], "Sebutkan dasar pengecualian"),
        ("ditolak", ["k"], "tidak dikenal"),
        ("diberikan", ["h"], "hanya untuk permohonan yang ditolak"),
        ("tidak_dikuasai", ["a"], "hanya untuk permohonan yang ditolak"),
        ("entah", [], "Pilih keputusan"),
    ],
)
def test_bad_decisions_change_nothing(file_request, ppid, decision, letters, message):
    row = file_request()
    with pytest.raises(WorkflowError, match=message):
        services.request_decide(
            request=row,
            user=ppid.ppid,
            decision=decision,
            exemptions=letters,
            note="x",
            now=RECEIVED,
        )
    row.refresh_from_db()
    assert row.decision == "" and row.state == State.PROCESSING and row.events.count() == 1


def test_refusal_cites_pasal_17_and_cannot_be_delivered(file_request, ppid):
    row = file_request()
    row = services.request_decide(
        request=row,
        user=ppid.ppid,
        decision="ditolak",
        exemptions=["h", "B"],
        note="Dikecualikan.",
        now=local(2026, 8, 11, 10),
    )
    assert row.exemptions == "b,h"
    assert "Pasal 17 huruf h" in row.exemptions_display()
    with pytest.raises(WorkflowError, match="diputuskan untuk diberikan"):
        services.request_deliver(request=row, user=ppid.ppid, now=local(2026, 8, 11, 11))
    with pytest.raises(WorkflowError, match="sudah dijawab"):
        services.request_decide(
            request=row, user=ppid.ppid, decision="diberikan", note="x", now=local(2026, 8, 11, 11)
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Nama wajib"),
        ("id_number", "71-71", "hanya boleh berisi huruf dan angka"),
        ("information", "  ", "Informasi yang diminta wajib"),
        ("email", "bukan-email", "e-mail tidak valid"),
        ("phone", "123", "Nomor HP"),
        ("obtain_method", "telepati", "cara memperoleh"),
        ("delivery_method", "merpati", "cara mendapatkan salinan"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(file_request, field, value, message):
    with pytest.raises(WorkflowError, match=message):
        file_request(**{field: value})
    assert not InfoRequest.objects.exists() and not RequestEvent.objects.exists()


def test_request_needs_a_phone_or_an_email(file_request):
    with pytest.raises(WorkflowError, match="nomor HP atau alamat e-mail"):
        file_request(phone="", email="", delivery_method="pos")
    with pytest.raises(WorkflowError, match="memerlukan alamat e-mail"):
        file_request(email="", delivery_method="email")
    assert file_request(email="", delivery_method="pos").phone == "+6281234567891"


# --- objections -------------------------------------------------------------------


@pytest.fixture
def refused(refuse):
    return refuse(local(2026, 9, 1, 10))


def test_objection_within_thirty_working_days_of_the_refusal(refused, ppid):
    # 30 working days after Tue 1 Sep 10:00 is Tue 13 Oct 10:00.
    objection = services.objection_file(
        number=refused.number.lower().replace("-", ""),
        contact="SITI@example.com",
        reason="a",
        description="Informasi anggaran bukan rahasia pribadi.",
        now=local(2026, 10, 13, 9, 59),
    )
    assert objection.number.startswith("KBR-")
    assert objection.ground_at == refused.decided_at
    # The superior answers within 30 working days: 14 Oct + 30 = Tue 24 Nov 09:59.
    assert objection.due_at == local(2026, 11, 24, 9, 59)
    assert refused.events.filter(action="object", objection=objection).exists()


def test_late_objection_is_refused_with_the_last_day(refused):
    with pytest.raises(WorkflowError, match=r"Keberatan terlambat.*13-10-2026 10:00"):
        services.objection_file(
            number=refused.number,
            contact="siti@example.com",
            reason="a",
            description="x",
            now=local(2026, 10, 13, 10, 1),
        )
    assert not Objection.objects.exists()


def test_objection_needs_the_contact_used(refused):
    for contact in ["orang@lain.id", "0811111111", ""]:
        with pytest.raises(WorkflowError, match="tidak cocok"):
            services.objection_file(
                number=refused.number,
                contact=contact,
                reason="a",
                description="x",
                now=local(2026, 9, 2, 9),
            )
    with pytest.raises(WorkflowError, match="tidak cocok"):
        services.objection_file(
            number="PPID-2222-22",
            contact="siti@example.com",
            reason="a",
            description="x",
            now=local(2026, 9, 2, 9),
        )
    # The phone works as well as the e-mail, in any usual notation.
    assert services.objection_file(
        number=refused.number,
        contact="+62 812-3456-7891",
        reason="a",
        description="x",
        now=local(2026, 9, 2, 9),
    )


def test_objection_grounds_must_have_arisen(file_request, ppid):
    row = file_request()
    with pytest.raises(WorkflowError, match="tidak ditolak"):
        services.objection_file(
            number=row.number,
            contact="siti@example.com",
            reason="a",
            description="x",
            now=local(2026, 8, 12, 9),
        )
    with pytest.raises(WorkflowError, match="belum lewat"):
        services.objection_file(
            number=row.number,
            contact="siti@example.com",
            reason="c",
            description="x",
            now=local(2026, 8, 27, 9),
        )
    # No answer by the deadline (27 Aug 10:00): the ground arises then.
    objection = services.objection_file(
        number=row.number,
        contact="siti@example.com",
        reason="c",
        description="Belum dijawab.",
        now=local(2026, 8, 27, 11),
    )
    assert objection.ground_at == local(2026, 8, 27, 10)
    with pytest.raises(WorkflowError, match="belum ditanggapi"):
        services.objection_file(
            number=row.number,
            contact="siti@example.com",
            reason="g",
            description="x",
            now=local(2026, 8, 27, 12),
        )


def test_only_the_superior_answers_an_objection(refused, ppid):
    objection = services.objection_file(
        number=refused.number,
        contact="siti@example.com",
        reason="a",
        description="x",
        now=local(2026, 9, 2, 9),
    )
    for who in ["ppid", "citizen", "officer", "admin"]:
        with pytest.raises(WorkflowError, match="atasan PPID"):
            services.objection_answer(
                objection=objection,
                user=getattr(ppid, who),
                outcome="ditolak",
                answer="x",
                now=local(2026, 9, 3, 9),
            )
    with pytest.raises(WorkflowError, match="Isi tanggapan wajib"):
        services.objection_answer(
            objection=objection,
            user=ppid.leader,
            outcome="ditolak",
            answer="",
            now=local(2026, 9, 3, 9),
        )
    objection.refresh_from_db()
    assert objection.is_open
    answered = services.objection_answer(
        objection=objection,
        user=ppid.leader,
        outcome="ditolak",
        answer="Menguatkan PPID.",
        now=local(2026, 9, 4, 13),
    )
    assert answered.working_days == Decimal("2.50")  # 2 Sep 9-16 (7 h), 3 Sep, 4 Sep 8-13
    with pytest.raises(WorkflowError, match="sudah ditanggapi"):
        services.objection_answer(
            objection=objection, user=ppid.leader, outcome="diterima", answer="x"
        )


def test_requester_gets_mail_when_smtp_is_configured(
    file_request, ppid, settings, django_capture_on_commit_callbacks
):
    settings.CERDAS_SMTP_URL = "smtp://mail.example.com:25"
    with django_capture_on_commit_callbacks(execute=True):
        row = file_request()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decide(
            request=row,
            user=ppid.ppid,
            decision="ditolak",
            exemptions=["h"],
            note="Alasan tertulis.",
            now=local(2026, 8, 11, 10),
        )
    assert [m.to for m in mail.outbox] == [["siti@example.com"], ["siti@example.com"]]
    assert row.number in mail.outbox[0].subject and row.number in mail.outbox[0].body
    assert "Pasal 17 huruf h" in mail.outbox[1].body


def test_no_mail_without_smtp(file_request, settings, django_capture_on_commit_callbacks):
    settings.CERDAS_SMTP_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        file_request()
    assert mail.outbox == []
