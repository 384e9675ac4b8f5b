""" "cek <kode>": the public state of a case, never anybody's personal data."""

import pytest

from cerdas.channels.models import InboundMessage
from cerdas.complaints.models import Privacy
from cerdas.complaints.services import complaint_dispose

pytestmark = pytest.mark.django_db


def last_reply() -> str:
    return InboundMessage.objects.order_by("-id").first().replies[-1]


def test_cek_answers_with_the_current_state(whatsapp, submit, city):
    complaint = submit(reporter_phone="081299990000")
    complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    whatsapp.text(f"cek {complaint.code}")
    reply = last_reply()
    assert complaint.code in reply
    assert "Diteruskan ke OPD" in reply and "Dinas PUPR" in reply
    # Nothing about the reporter, not even to another citizen asking by code.
    assert "Budi" not in reply and "0812" not in reply and "budi@" not in reply


def test_cek_accepts_a_code_typed_loosely(telegram, submit):
    complaint = submit()
    loose = complaint.code.lower().replace("-", " ")
    telegram.text(f"status {loose}")
    assert complaint.code in last_reply() and "Menunggu verifikasi" in last_reply()


def test_cek_of_an_unknown_or_mistyped_code(whatsapp, city):
    whatsapp.text("cek MDO-2222-22")
    assert "tidak valid" in last_reply() or "tidak ditemukan" in last_reply()
    whatsapp.text("cek")
    assert "cek MDO-4K7Q-2P" in last_reply()


def test_cek_of_someone_elses_confidential_case_reveals_nothing(whatsapp, submit, city):
    secret = submit(category=city.confidential, reporter_phone="081299990000")
    assert secret.privacy == Privacy.CONFIDENTIAL
    whatsapp.text(f"cek {secret.code}")
    reply = last_reply()
    assert reply == f"Laporan dengan kode {secret.code} tidak ditemukan."
    assert "Pungutan" not in reply and "Menunggu" not in reply


def test_cek_of_own_confidential_case_by_the_same_number(whatsapp, submit, city):
    mine = submit(category=city.confidential, reporter_phone="081234567890")
    whatsapp.text(f"cek {mine.code}")
    assert "Menunggu verifikasi" in last_reply()


def test_cek_of_own_confidential_case_filed_in_this_chat(telegram, submit, city):
    telegram.text("Ada pungutan liar di loket pelayanan kelurahan setiap pagi")
    telegram.text("2")  # Pungutan liar (rahasia by default)
    telegram.text("Kantor kelurahan Pinaesaan")
    telegram.text("lewati")
    filed = InboundMessage.objects.exclude(complaint=None).get().complaint
    assert filed.privacy == Privacy.CONFIDENTIAL
    telegram.text(f"cek {filed.code}")
    assert "Menunggu verifikasi" in last_reply()
    # Another Telegram chat asking for the same code learns nothing.
    from .conftest import Telegram

    other = Telegram(telegram.client, telegram.capture, chat_id=777000111)
    other.update_id = 730999000  # update ids are the bot's, unique across its chats
    other.text(f"cek {filed.code}")
    assert "tidak ditemukan" in last_reply()


def test_berhenti_opts_the_chat_out_of_notices(telegram, city):
    from cerdas.notifications.models import OptOut

    telegram.text("BERHENTI")
    assert OptOut.objects.filter(channel="telegram", address="523456789").exists()
    assert "tidak akan menerima pemberitahuan" in last_reply()


def test_cek_of_someone_elses_unverified_case_tells_only_its_state(whatsapp, submit, city):
    theirs = submit(reporter_phone="081299990000")
    whatsapp.text(f"cek {theirs.code}")
    reply = last_reply()
    assert "Menunggu verifikasi" in reply
    assert city.road.name not in reply and "Kategori" not in reply
    assert f"/lacak/{theirs.code}/\n" in reply + "\n" and "?k=" not in reply


def test_cek_of_own_case_carries_the_private_link(whatsapp, submit, city):
    from cerdas.complaints.links import private_url

    mine = submit(reporter_phone="081234567890")
    whatsapp.text(f"cek {mine.code}")
    assert private_url(mine.code) in last_reply()
