"""WhatsApp Cloud API: the handshake, signatures, replays, and a report to its code."""

import pytest

from cerdas.channels.models import Conversation, InboundMessage, MessageStatus, Step
from cerdas.complaints.models import Channel, Complaint, PhotoKind
from cerdas.notifications.models import Notification

from .conftest import VERIFY_TOKEN, chat_replies, media_requests, payload, sign

pytestmark = pytest.mark.django_db


def replies(wa_id="6281234567890") -> list[str]:
    out = []
    for m in InboundMessage.objects.filter(conversation__address=wa_id).order_by("id"):
        out.extend(m.replies)
    return out


def test_verify_handshake_echoes_challenge(client, channels_on):
    response = client.get(
        "/kanal/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert response.status_code == 200
    assert response.content == b"1158201444"


def test_verify_handshake_with_wrong_token_is_refused(client, channels_on):
    response = client.get(
        "/kanal/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "tebakan", "hub.challenge": "1158201444"},
    )
    assert response.status_code == 403
    assert b"1158201444" not in response.content


def test_unconfigured_channel_refuses_everything(client, settings):
    settings.CERDAS_WHATSAPP_VERIFY_TOKEN = ""
    settings.CERDAS_WHATSAPP_APP_SECRET = ""
    assert (
        client.get(
            "/kanal/whatsapp/", {"hub.mode": "subscribe", "hub.verify_token": ""}
        ).status_code
        == 403
    )
    body = b'{"entry": []}'
    response = client.post(
        "/kanal/whatsapp/",
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": "sha256=" + "0" * 64},
    )
    assert response.status_code == 403


def test_forged_signature_is_refused_and_nothing_stored(whatsapp, city):
    data = payload("whatsapp_text")
    body_signed_with_other_secret = sign(b"{}", "bukan-rahasia-kita")
    assert whatsapp.post(data, signature=body_signed_with_other_secret).status_code == 403
    assert whatsapp.post(data, signature="sha256=").status_code == 403
    assert whatsapp.post(data, signature="md5=abc").status_code == 403
    assert InboundMessage.objects.count() == 0
    assert Conversation.objects.count() == 0


def test_signature_covers_the_raw_body(whatsapp, city):
    """The same JSON re-serialised (one space more) has another signature: refused."""
    import json

    data = payload("whatsapp_text")
    signature = sign(json.dumps(data).encode())
    tampered = json.dumps(data, indent=1).encode()
    response = whatsapp.client.post(
        "/kanal/whatsapp/",
        tampered,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0


def test_replayed_message_is_acknowledged_but_handled_once(whatsapp, city):
    data = payload("whatsapp_text")
    first = whatsapp.post(data)
    again = whatsapp.post(data)
    assert first.status_code == again.status_code == 200
    assert first.json()["stored"] == 1 and again.json()["stored"] == 0
    assert InboundMessage.objects.count() == 1
    message = InboundMessage.objects.get()
    assert message.status == MessageStatus.DONE
    assert len(message.replies) == 1  # the category question, once
    assert Notification.objects.filter(key__startswith="reply:").count() == 1


def test_statuses_are_accepted_and_ignored(whatsapp, city):
    response = whatsapp.post(payload("whatsapp_status"))
    assert response.status_code == 200
    assert InboundMessage.objects.count() == 0


def test_body_that_is_not_json_is_a_400(whatsapp):
    body = b"not json"
    response = whatsapp.client.post(
        "/kanal/whatsapp/",
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(body)},
    )
    assert response.status_code == 400


def test_report_with_location_and_photo_to_tracking_code(whatsapp, fake, city, photo_bytes):
    fake.add_media("1479537139650973", photo_bytes)
    whatsapp.text("Jalan berlubang besar di depan SD Negeri 5, berbahaya untuk motor")
    conversation = Conversation.objects.get()
    assert conversation.step == Step.CATEGORY
    question = replies()[-1]
    assert "1. 🛣️ Jalan rusak" in question and "3. 🗑️ Sampah" in question

    whatsapp.text("1")
    conversation.refresh_from_db()
    assert conversation.step == Step.LOCATION

    whatsapp.location(1.4917, 124.841)
    conversation.refresh_from_db()
    assert conversation.step == Step.PHOTO

    whatsapp.image("1479537139650973")
    assert Complaint.objects.count() == 0
    assert replies()[-1].startswith("Foto diterima (1). Kirim foto lain")
    whatsapp.text("kirim")
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.WHATSAPP
    assert complaint.category == city.road
    assert complaint.area is not None and complaint.area.name == "Pinaesaan"
    assert (complaint.latitude, complaint.longitude) == (1.4917, 124.841)
    assert complaint.address == "Pasar 45, Jl. Sam Ratulangi, Manado"
    assert complaint.reporter_phone == "+6281234567890"
    assert complaint.reporter_name == "Budi Santoso"
    assert complaint.photos.filter(kind=PhotoKind.REPORT).count() == 1
    # The photo was fetched the documented way: the media id, then its URL, with the token.
    assert media_requests(fake) == [
        "/v21.0/1479537139650973",
        "/v21.0/media-download/1479537139650973",
    ]
    assert f"cek {complaint.code}" in replies()[-1]
    # The code and its tracking page reach the citizen once: the outbox's "laporan
    # diterima" notice carries them, so the chat's own answer does not repeat them.
    texts = [d.text for d in fake.sent_to("6281234567890")]
    assert sum(f"/lacak/{complaint.code}/" in t for t in texts) == 1
    # Every reply went out through the outbox to the sender's WhatsApp, in order.
    assert chat_replies(fake, "6281234567890") == replies()
    replied = Notification.objects.filter(key__startswith="reply:", body__contains=complaint.code)
    assert [n.complaint for n in replied] == [complaint]

    conversation.refresh_from_db()
    assert conversation.step == Step.IDLE and conversation.draft == {}
    assert InboundMessage.objects.filter(complaint=complaint).count() == 1


def test_several_photos_one_report(whatsapp, fake, city, photo_bytes, settings):
    """Photos come one message each; the report waits for "kirim", or for the last one."""
    settings.CERDAS_MAX_PHOTOS = 3
    for n in range(3):
        fake.add_media(f"media-{n}", photo_bytes)
    whatsapp.text("Jalan berlubang besar di depan SD Negeri 5, berbahaya untuk motor")
    whatsapp.text("1")
    whatsapp.text("Jl. Sam Ratulangi depan SD Negeri 5")
    whatsapp.image("media-0")
    whatsapp.image("media-1")
    assert Complaint.objects.count() == 0
    assert replies()[-1].startswith("Foto diterima (2).")
    whatsapp.image("media-2")  # the most a report takes: filed at once
    complaint = Complaint.objects.get()
    assert complaint.photos.count() == 3
    assert complaint.code in replies()[-1]


def test_address_text_and_skipped_photo(whatsapp, city):
    whatsapp.text("Sampah menumpuk di pinggir jalan, sudah tiga hari tidak diangkut")
    whatsapp.text("3")
    whatsapp.text("Jl. Sam Ratulangi depan toko Roda, Wenang")
    whatsapp.text("lewati")
    complaint = Complaint.objects.get()
    assert complaint.category == city.garbage
    assert complaint.address == "Jl. Sam Ratulangi depan toko Roda, Wenang"
    assert complaint.latitude is None and complaint.photos.count() == 0


def test_interactive_list_reply_picks_the_category(whatsapp, city):
    whatsapp.text("Jalan berlubang besar di depan SD Negeri 5, berbahaya untuk motor")
    data = payload("whatsapp_interactive")
    data["entry"][0]["changes"][0]["value"]["messages"][0]["interactive"]["list_reply"]["id"] = "3"
    whatsapp.post(data)
    conversation = Conversation.objects.get()
    assert conversation.step == Step.LOCATION
    assert conversation.draft["category"] == city.garbage.pk


def test_wrong_answers_are_asked_again_and_change_nothing(whatsapp, city):
    whatsapp.text("Lampu jalan mati sepanjang Jalan Sudirman sejak minggu lalu")
    whatsapp.text("9")
    conversation = Conversation.objects.get()
    assert conversation.step == Step.CATEGORY and "category" not in conversation.draft
    assert "nomor kategori (1 sampai 3)" in replies()[-1]
    whatsapp.text("1")
    whatsapp.location(-6.2, 106.8)  # Jakarta: outside the city
    conversation.refresh_from_db()
    assert conversation.step == Step.LOCATION and "latitude" not in conversation.draft
    assert "di luar wilayah Kota Manado" in " ".join(replies()[-2:])
    assert Complaint.objects.count() == 0


def test_cancel_drops_the_draft(whatsapp, city):
    whatsapp.text("Lampu jalan mati sepanjang Jalan Sudirman sejak minggu lalu")
    whatsapp.text("batal")
    conversation = Conversation.objects.get()
    assert conversation.step == Step.IDLE and conversation.draft == {}
    assert "dibatalkan" in replies()[-1]


def test_half_done_report_expires(whatsapp, city, settings):
    from django.utils import timezone

    whatsapp.text("Lampu jalan mati sepanjang Jalan Sudirman sejak minggu lalu")
    Conversation.objects.update(
        updated_at=timezone.now()
        - timezone.timedelta(minutes=settings.CERDAS_CHAT_TIMEOUT_MINUTES + 1)
    )
    whatsapp.text("1")  # meant for the old question: now only a short text
    conversation = Conversation.objects.get()
    assert "kedaluwarsa" in replies()[-2]
    assert conversation.draft == {} and conversation.step == Step.IDLE


def test_help(whatsapp, city):
    whatsapp.text("bantuan")
    assert "cek KODE" in replies()[-1]
    assert Conversation.objects.get().step == Step.IDLE


def test_messages_of_one_sender_are_handled_in_arrival_order(whatsapp, city, client, channels_on):
    """Four messages in one webhook call (Meta batches them): handled oldest first."""
    import json

    data = payload("whatsapp_text")
    value = data["entry"][0]["changes"][0]["value"]
    template = value["messages"][0]
    texts = [
        "Sampah menumpuk di pinggir jalan, sudah tiga hari tidak diangkut",
        "3",
        "Jl. Sam Ratulangi depan toko Roda, Wenang",
        "lewati",
    ]
    value["messages"] = [
        {**template, "id": f"wamid.urut.{i}", "text": {"body": t}} for i, t in enumerate(texts)
    ]
    body = json.dumps(data).encode()
    with whatsapp.capture(execute=True):
        response = client.post(
            "/kanal/whatsapp/",
            body,
            content_type="application/json",
            headers={"X-Hub-Signature-256": sign(body)},
        )
    assert response.json()["stored"] == 4
    complaint = Complaint.objects.get()
    assert complaint.category == city.garbage
    assert complaint.address == "Jl. Sam Ratulangi depan toko Roda, Wenang"
    done = list(
        InboundMessage.objects.order_by("processed_at", "id").values_list("provider_id", flat=True)
    )
    assert done == [f"wamid.urut.{i}" for i in range(4)]


def test_two_senders_have_separate_conversations(
    whatsapp, city, client, django_capture_on_commit_callbacks
):
    from .conftest import WhatsApp

    other = WhatsApp(
        client, django_capture_on_commit_callbacks, whatsapp.fake, wa_id="6289876543210", name="Ani"
    )
    whatsapp.text("Sampah menumpuk di pinggir jalan, sudah tiga hari tidak diangkut")
    other.text("Lampu jalan mati sepanjang Jalan Sudirman sejak minggu lalu")
    whatsapp.text("3")
    assert Conversation.objects.get(address="6281234567890").step == Step.LOCATION
    assert Conversation.objects.get(address="6289876543210").step == Step.CATEGORY


def test_a_file_that_is_not_a_photo_is_refused_with_the_reason(whatsapp, fake, city):
    fake.add_media("bukan-foto", b"%PDF-1.4 bukan gambar", mime="image/jpeg")
    whatsapp.text("Jalan berlubang besar di depan SD Negeri 5, berbahaya untuk motor")
    whatsapp.text("1")
    whatsapp.text("Jl. Sam Ratulangi depan SD Negeri 5")
    whatsapp.image("bukan-foto")
    conversation = Conversation.objects.get()
    assert conversation.step == Step.PHOTO and conversation.draft.get("photos") == []
    assert replies()[-2].startswith("Foto tidak bisa dipakai:")
    assert InboundMessage.objects.get(kind="image").status == MessageStatus.DONE


def test_a_voice_note_is_answered_not_dropped(whatsapp, city):
    data = payload("whatsapp_text")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    del message["text"]
    message.update(
        type="audio", audio={"mime_type": "audio/ogg; codecs=opus", "sha256": "x", "id": "77"}
    )
    assert whatsapp.post(data).status_code == 200
    stored = InboundMessage.objects.get()
    assert stored.kind == "other" and stored.payload["type"] == "audio"
    assert "belum bisa kami baca" in stored.replies[-1]
