"""Telegram Bot API: the secret-token header, replays, and a report to its code."""

import re

import pytest

from cerdas.channels.models import Conversation, InboundMessage, Step
from cerdas.complaints.models import Channel, Complaint, PhotoKind

from .conftest import chat_replies, media_requests, payload

pytestmark = pytest.mark.django_db


def replies() -> list[str]:
    return [r for m in InboundMessage.objects.order_by("id") for r in m.replies]


@pytest.mark.parametrize("secret", [None, "", "tebakan", "uji-telegram-secret_"])
def test_wrong_or_missing_secret_token_is_refused(telegram, city, secret):
    assert telegram.post(payload("telegram_text"), secret=secret).status_code == 403
    assert InboundMessage.objects.count() == 0


def test_unconfigured_secret_refuses_even_an_empty_header(telegram, settings):
    settings.CERDAS_TELEGRAM_WEBHOOK_SECRET = ""
    assert telegram.post(payload("telegram_text"), secret="").status_code == 403


def test_replayed_update_is_acknowledged_but_handled_once(telegram, city):
    data = payload("telegram_text")
    assert telegram.post(data).json()["stored"] == 1
    assert telegram.post(data).json()["stored"] == 0
    assert InboundMessage.objects.get().provider_id == "730912345"
    assert Conversation.objects.get().step == Step.CATEGORY


def test_updates_that_are_not_messages_are_ignored(telegram, city):
    edited = {"update_id": 99, "edited_message": payload("telegram_text")["message"]}
    assert telegram.post(edited).status_code == 200
    bot = payload("telegram_text")
    bot["message"]["from"]["is_bot"] = True
    assert telegram.post(bot).status_code == 200
    assert InboundMessage.objects.count() == 0


def test_report_with_location_and_photo_to_tracking_code(telegram, fake, city, photo_bytes):
    fake.add_telegram_file("AgACAgUAAxkBAAIBK2dG-large", photo_bytes)
    telegram.text("Sampah menumpuk di pinggir jalan dekat pasar, sudah tiga hari")
    telegram.text("3")
    telegram.location(1.4917, 124.841)
    assert Conversation.objects.get().step == Step.PHOTO
    telegram.photo("AgACAgUAAxkBAAIBK2dG-large")
    telegram.text("selesai")
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.TELEGRAM
    assert complaint.category == city.garbage
    assert complaint.area.name == "Pinaesaan"
    assert complaint.reporter_name == "Siti Rahma"
    assert complaint.reporter_phone == ""  # Telegram gives no number
    assert complaint.photos.filter(kind=PhotoKind.REPORT).count() == 1
    # getFile for the largest size, then the file under /file/bot<token>/.
    assert media_requests(fake) == [
        f"/bot{fake.telegram_token}/getFile",
        f"/file/bot{fake.telegram_token}/photos/AgACAgUAAxkBAAIBK2dG-large.jpg",
    ]
    # No notice reached this chat at filing (Telegram has no phone): the chat tells all.
    assert f"Kode lacak: *{complaint.code}*" in replies()[-1]
    assert f"/lacak/{complaint.code}/" in replies()[-1]
    # Sent as HTML: the person sees *cek* bold, without the asterisks.
    shown = [re.sub(r"\*([^*\n]+)\*", r"\1", r) for r in replies()]
    assert chat_replies(fake, "523456789") == shown
    assert Conversation.objects.get().step == Step.IDLE


def test_photo_first_with_caption_then_the_rest(telegram, fake, city, photo_bytes):
    """A photo can open the report; its caption is the description."""
    fake.add_telegram_file("foto-awal", photo_bytes)
    data = telegram._update("telegram_photo", caption="Pohon tumbang menutup jalan di Tikala")
    data["message"]["photo"][-1]["file_id"] = "foto-awal"
    telegram.post(data)
    conversation = Conversation.objects.get()
    assert conversation.step == Step.CATEGORY
    assert conversation.draft["description"] == "Pohon tumbang menutup jalan di Tikala"
    telegram.text("1")
    telegram.text("Jl. Tikala Ares depan gereja")
    assert replies()[-1].startswith("Foto diterima (1).")  # more photos, or send
    telegram.text("kirim")
    complaint = Complaint.objects.get()
    assert complaint.photos.count() == 1
    assert complaint.description == "Pohon tumbang menutup jalan di Tikala"


def test_start_command_with_a_parameter_shows_help(telegram, city):
    telegram.text("/start dari-poster-kelurahan")
    assert "Selamat datang" in replies()[-1]
    assert Conversation.objects.get().step == Step.IDLE


def test_cek_as_a_bot_command(telegram, submit):
    complaint = submit()
    telegram.text(f"/cek {complaint.code}")
    assert "Menunggu verifikasi" in replies()[-1]
