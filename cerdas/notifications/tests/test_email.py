"""E-mail notices through a real SMTP server on loopback (aiosmtpd)."""

import email
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from cerdas.notifications.backends.email import message_id
from cerdas.notifications.models import Status
from cerdas.notifications.services import notification_attempt, notification_queue

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []
        self.refuse = None  # an SMTP reply to give RCPT, e.g. "550 5.1.1 No such user"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    settings.CERDAS_NOTIFY_BACKEND = ""
    settings.DEFAULT_FROM_EMAIL = "Cerdas <cerdas@manadokota.go.id>"
    yield inbox
    controller.stop()


def queue():
    return notification_queue(
        channel="email",
        address="Budi@Example.com",
        subject="Laporan MDO-AAAA-BB diterima",
        body="Terima kasih, laporan Anda sudah kami terima.",
        key="mail-1",
    )


def test_email_is_delivered_over_smtp_with_a_message_id_from_the_key(smtp):
    notice = queue()
    assert notification_attempt(notification_id=notice.pk) == "sent"
    [raw] = smtp.messages
    message = email.message_from_string(raw.as_string())
    assert message["To"] == "budi@example.com"
    assert message["Subject"] == "Laporan MDO-AAAA-BB diterima"
    assert message["Message-ID"] == message_id("mail-1")
    assert message["Message-ID"].endswith("@manadokota.go.id>")
    assert message.get_payload(decode=True).decode().strip() == notice.body


def test_a_5xx_smtp_refusal_fails_with_the_servers_reason(smtp):
    smtp.refuse = "550 5.1.1 No such user here"
    notice = queue()
    assert notification_attempt(notification_id=notice.pk) == "failed"
    notice.refresh_from_db()
    assert notice.last_error == "SMTP 550: 5.1.1 No such user here"


def test_a_4xx_smtp_answer_is_retried(smtp):
    smtp.refuse = "451 4.3.0 Try again later"
    notice = queue()
    assert notification_attempt(notification_id=notice.pk) == "retry"
    notice.refresh_from_db()
    assert notice.status == Status.PENDING and notice.last_error.startswith("SMTP 451")


def test_no_smtp_server_is_retried(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 1
    settings.CERDAS_NOTIFY_BACKEND = ""
    notice = queue()
    assert notification_attempt(notification_id=notice.pk) == "retry"
    notice.refresh_from_db()
    assert "ConnectionRefusedError" in notice.last_error
