"""A citizen who reported in a chat follows the case there: its news comes to the chat."""

import pytest

from cerdas.complaints.services import complaint_dispose
from cerdas.notifications.models import Notification

from .conftest import Telegram

pytestmark = pytest.mark.django_db


def _file(chat: Telegram) -> None:
    chat.text("Sampah menumpuk di pinggir jalan dekat pasar, sudah tiga hari")
    chat.text("3")
    chat.text("Jl. Sam Ratulangi depan pasar")
    chat.text("lewati")


def test_telegram_reporter_hears_of_each_step_in_the_chat(
    telegram, city, django_capture_on_commit_callbacks
):
    from cerdas.complaints.models import Complaint

    _file(telegram)
    complaint = Complaint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_dispose(complaint=complaint, user=city.operator, agency=city.dlh)
    notice = Notification.objects.exclude(key__startswith="reply:").get()
    assert (notice.channel, notice.address) == ("telegram", "523456789")
    assert complaint.code in notice.body


def test_another_chat_hears_nothing_of_it(telegram, city, django_capture_on_commit_callbacks):
    from cerdas.complaints.models import Complaint

    _file(telegram)
    other = Telegram(telegram.client, telegram.capture, chat_id=777000111)
    other.update_id = 730999000
    other.text("bantuan")
    with django_capture_on_commit_callbacks(execute=True):
        complaint_dispose(complaint=Complaint.objects.get(), user=city.operator, agency=city.dlh)
    assert not Notification.objects.filter(address="777000111").exclude(key__startswith="reply:")


def test_whatsapp_reporter_is_told_once_per_step(
    whatsapp, city, django_capture_on_commit_callbacks
):
    from cerdas.complaints.models import Complaint

    whatsapp.text("Sampah menumpuk di pinggir jalan, sudah tiga hari tidak diangkut")
    whatsapp.text("3")
    whatsapp.text("Jl. Sam Ratulangi depan pasar")
    whatsapp.text("lewati")
    complaint = Complaint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_dispose(complaint=complaint, user=city.operator, agency=city.dlh)
    disposed = Notification.objects.filter(
        complaint=complaint, key__startswith="event:", body__contains="Diteruskan ke OPD"
    )
    assert [(n.channel, n.address) for n in disposed] == [("whatsapp", "6281234567890")]
