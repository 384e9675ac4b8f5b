"""Reports by e-mail: the IMAP poller against a real IMAP server on loopback."""

import imaplib
from email.message import EmailMessage

import pytest

from cerdas.channels import services
from cerdas.channels.mail import imap_poll
from cerdas.channels.models import InboundMessage, MessageStatus
from cerdas.complaints.models import Channel, Complaint
from cerdas.notifications.models import Notification
from conftest import PASAR_45, jpeg_bytes

from .imapserver import Mailbox, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings):
    box = Mailbox("pengaduan@manadokota.go.id", 'sandi "rahasia"')
    server, port = serve(box)
    settings.CERDAS_IMAP_URL = (
        f"imap://pengaduan%40manadokota.go.id:sandi%20%22rahasia%22@127.0.0.1:{port}/INBOX"
    )
    yield box
    server.shutdown()
    server.server_close()


def mail(subject: str, body: str, *, sender="Ani Wulan <ani@example.com>", photo=None, mid=None):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "pengaduan@manadokota.go.id"
    message["Subject"] = subject
    message["Message-ID"] = mid or f"<{abs(hash((subject, body)))}@mail.example.com>"
    message.set_content(body)
    if photo is not None:
        message.add_attachment(photo, maintype="image", subtype="jpeg", filename="lubang.jpg")
    return message.as_bytes()


def test_poll_files_reports_replies_and_marks_seen(mailbox, city):
    filed = mailbox.add(
        mail(
            "Jalan rusak di Jl. Sam Ratulangi",
            "Lubang besar di tengah jalan, sudah dua minggu.\nAlamat: Jl. Sam Ratulangi no. 12\n\n"
            "> pesan lama yang dikutip\n-- \nAni, 0812 3456 7890",
            photo=jpeg_bytes(),
        )
    )
    old = mailbox.add(mail("Sudah dibaca", "Pesan lama yang sudah dibaca petugas"), seen=True)

    assert imap_poll() == 1

    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.EMAIL
    assert complaint.category == city.road  # "Jalan rusak" named in the subject
    assert complaint.address == "Jl. Sam Ratulangi no. 12"
    assert complaint.reporter_email == "ani@example.com"
    assert complaint.reporter_name == "Ani Wulan"
    assert complaint.photos.count() == 1
    assert complaint.description.startswith("Jalan rusak di Jl. Sam Ratulangi\n\nLubang besar")
    assert "dikutip" not in complaint.description and "0812" not in complaint.description
    reply = Notification.objects.get(key__startswith="reply:")
    assert reply.channel == "email" and reply.address == "ani@example.com"
    assert reply.subject == "Re: Jalan rusak di Jl. Sam Ratulangi"
    assert complaint.code in reply.body
    assert "\\Seen" in filed.flags and "\\Seen" in old.flags
    # Read without setting \Seen; marked seen by the poller's own STORE.
    assert mailbox.commands == [
        "CAPABILITY",
        "LOGIN",
        "SELECT",
        "UID SEARCH",
        "UID FETCH",
        "UID STORE",
        "LOGOUT",
    ]


def test_location_from_the_photo_gps(mailbox, city):
    mailbox.add(
        mail("Sampah menumpuk", "Sampah tidak diangkut seminggu", photo=jpeg_bytes(gps=PASAR_45))
    )
    imap_poll()
    complaint = Complaint.objects.get()
    assert complaint.area.name == "Pinaesaan"
    assert complaint.category == city.garbage


def test_mail_without_location_gets_an_explanation_and_no_complaint(mailbox, city):
    mailbox.add(mail("Lampu mati", "Lampu jalan mati sejak minggu lalu di dekat rumah saya"))
    assert imap_poll() == 1
    assert Complaint.objects.count() == 0
    message = InboundMessage.objects.get()
    assert message.status == MessageStatus.DONE
    assert "Alamat:" in Notification.objects.get().body
    assert all("\\Seen" in m.flags for m in mailbox.mails)


def test_crash_before_marking_seen_reads_it_again_and_files_once(mailbox, city, monkeypatch):
    stored = mailbox.add(mail("Jalan rusak", "Lubang besar di jalan\nAlamat: Jl. Piere Tendean"))

    def crash(**kwargs):
        raise RuntimeError("listrik padam")

    monkeypatch.setattr(services, "conversation_process", crash)
    with pytest.raises(RuntimeError):
        imap_poll()
    assert "\\Seen" not in stored.flags  # stored in Cerdas, but not yet done
    assert Complaint.objects.count() == 0
    monkeypatch.undo()

    # The next poll finds it unseen again: the Message-ID is known, so it is not stored a
    # second time; the stale job processes what the crash left pending.
    assert imap_poll() == 0
    assert "\\Seen" in stored.flags
    from django.utils import timezone

    later = timezone.now() + services.STALE_AFTER + timezone.timedelta(seconds=1)
    services.messages_process_stale(now=later)
    assert Complaint.objects.count() == 1
    assert InboundMessage.objects.count() == 1


def test_bounces_and_our_own_mail_are_not_answered(mailbox, city, settings):
    settings.DEFAULT_FROM_EMAIL = "Cerdas <pengaduan@manadokota.go.id>"
    mailbox.add(mail("Balasan otomatis", "Saya sedang cuti", sender="pengaduan@manadokota.go.id"))
    bounce = EmailMessage()
    bounce["From"] = "MAILER-DAEMON@example.com"
    bounce["Auto-Submitted"] = "auto-replied"
    bounce["Subject"] = "Undelivered"
    bounce.set_content("gagal")
    mailbox.add(bounce.as_bytes())
    assert imap_poll() == 0
    assert InboundMessage.objects.count() == 0 and Notification.objects.count() == 0
    assert all("\\Seen" in m.flags for m in mailbox.mails)


def test_wrong_password_fails_loudly(mailbox, settings):
    settings.CERDAS_IMAP_URL = settings.CERDAS_IMAP_URL.replace("sandi", "salah", 1)
    with pytest.raises(imaplib.IMAP4.error):
        imap_poll()


def test_poll_is_off_without_a_url(settings, db):
    settings.CERDAS_IMAP_URL = ""
    assert imap_poll() == 0


def test_imap_poll_command(mailbox, city):
    from io import StringIO

    from django.core.management import call_command

    mailbox.add(mail("Jalan rusak", "Lubang besar di jalan\nAlamat: Jl. Piere Tendean"))
    out = StringIO()
    call_command("imap_poll", stdout=out)
    assert out.getvalue().strip() == "1 e-mail baru disimpan"
    assert Complaint.objects.get().address == "Jl. Piere Tendean"
