"""A message that cannot be processed is kept with its error and can be retried."""

import pytest
from django.utils import timezone

from cerdas.channels import services
from cerdas.channels.models import Conversation, InboundMessage, MessageStatus, Step
from cerdas.complaints.models import Complaint

from .conftest import payload

pytestmark = pytest.mark.django_db


def _to_photo_step(whatsapp):
    whatsapp.text("Jalan berlubang besar di depan SD Negeri 5, berbahaya untuk motor")
    whatsapp.text("1")
    whatsapp.location(1.4917, 124.841)


def test_provider_error_on_a_photo_keeps_the_message_failed(whatsapp, fake, city):
    _to_photo_step(whatsapp)
    # The media id is unknown to the provider (expired, or not yet there): HTTP 400.
    assert whatsapp.image("1479537139650973").status_code == 200  # stored: the provider is done
    message = InboundMessage.objects.get(kind="image")
    assert message.status == MessageStatus.FAILED
    assert "HTTP 400" in message.error
    assert message.attempts == 1
    assert "belum bisa kami proses" in message.replies[-1]
    assert Complaint.objects.count() == 0
    assert Conversation.objects.get().step == Step.PHOTO  # the draft is untouched


def test_admin_retry_processes_the_failed_message(whatsapp, fake, city, client, photo_bytes):
    _to_photo_step(whatsapp)
    whatsapp.image("1479537139650973")
    message = InboundMessage.objects.get(kind="image")
    assert message.status == MessageStatus.FAILED

    fake.add_media("1479537139650973", photo_bytes)
    client.force_login(city.admin)
    response = client.get("/admin/intake_channels/inboundmessage/?status__exact=failed")
    assert response.status_code == 200 and "HTTP 400" in response.content.decode()
    with whatsapp.capture(execute=True):
        response = client.post(
            "/admin/intake_channels/inboundmessage/",
            {"action": "retry", "_selected_action": [message.pk]},
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.DONE and message.error == ""
    assert message.attempts == 2
    whatsapp.text("kirim")
    complaint = Complaint.objects.get()
    assert complaint.photos.count() == 1
    # The apology of the failed attempt and the code of the retry, each answered once.
    sent = {d.key: d.text for d in fake.sent_to("6281234567890") if d.key.startswith("reply:")}
    assert sum("belum bisa kami proses" in t for t in sent.values()) == 1
    assert sent[f"reply:{message.pk}:1"].startswith("Foto diterima (1).")
    assert sum(complaint.code in t for t in sent.values()) == 1


@pytest.mark.parametrize("who", ["operator", "citizen", "officer", None])
def test_non_admins_cannot_see_or_retry_messages(whatsapp, city, client, who):
    _to_photo_step(whatsapp)
    whatsapp.image("1479537139650973")
    message = InboundMessage.objects.get(kind="image")
    if who:
        client.force_login(getattr(city, who))
    response = client.post(
        "/admin/intake_channels/inboundmessage/",
        {"action": "retry", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_a_bug_while_handling_is_kept_too(whatsapp, city, monkeypatch):
    """Whatever goes wrong inside, the message stays, with the error, and nothing half-done."""
    from cerdas.channels import conversation

    def broken(*args, **kwargs):
        raise RuntimeError("kategori rusak")

    monkeypatch.setattr(conversation, "_ask_category", broken)
    whatsapp.text("Jalan berlubang besar di depan SD Negeri 5, berbahaya untuk motor")
    message = InboundMessage.objects.get()
    assert message.status == MessageStatus.FAILED
    assert message.error == "RuntimeError: kategori rusak"
    conversation_row = Conversation.objects.get()
    assert conversation_row.step == Step.IDLE and conversation_row.draft == {}


def test_periodic_job_processes_what_the_queue_lost(client, city, channels_on, settings):
    """Stored, but its task never ran (the worker was down): the periodic job handles it."""
    import json

    from .conftest import sign

    body = json.dumps(payload("whatsapp_text")).encode()
    # No on-commit execution here: the enqueue never happens, as when a job is lost.
    client.post(
        "/kanal/whatsapp/",
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(body)},
    )
    message = InboundMessage.objects.get()
    assert message.status == MessageStatus.PENDING
    assert services.messages_process_stale() == 0  # too young: its task may still run
    later = timezone.now() + services.STALE_AFTER + timezone.timedelta(seconds=1)
    assert services.messages_process_stale(now=later) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.DONE


def test_admin_pages_show_a_message_and_its_conversation(whatsapp, city, client):
    whatsapp.text("Jalan berlubang besar di depan SD Negeri 5, berbahaya untuk motor")
    message = InboundMessage.objects.get()
    client.force_login(city.admin)
    page = client.get(f"/admin/intake_channels/inboundmessage/{message.pk}/change/")
    assert page.status_code == 200 and "Masalah ini termasuk kategori apa?" in page.content.decode()
    listing = client.get("/admin/intake_channels/conversation/")
    assert listing.status_code == 200 and "Budi Santoso" in listing.content.decode()
    assert client.get("/admin/intake_channels/conversation/add/").status_code == 403
