"""WhatsApp's 24-hour customer service window, as Meta enforces it (the fake provider on
loopback refuses free text with 131047 outside it and checks template payloads): a
notice goes as free text inside the window, as the city's approved template outside
it, and to the person's next channel, with the reason kept, when neither is possible.
Also the chat limits: WhatsApp captions, Telegram's HTML parse mode and lengths."""

import pytest
from django.core.exceptions import ValidationError

from cerdas.notifications.models import Notification, Status, WhatsAppTemplate
from cerdas.notifications.services import notification_attempt, notification_queue

from .test_notices import open_window

pytestmark = pytest.mark.django_db

WA = "6281234567890"


def submitted_notice(submit):
    complaint = submit()
    [notice] = Notification.objects.filter(complaint=complaint)
    assert notice.channel == "whatsapp" and notice.template == "reporter_submit"
    return complaint, notice


def register(**kwargs) -> WhatsAppTemplate:
    values = {"notice": "reporter_submit", "name": "laporan_diterima", "language": "id"}
    values.update(kwargs)
    values.setdefault("parameters", ["code", "category", "url"])
    template = WhatsAppTemplate(**values)
    template.full_clean()
    template.save()
    return template


def test_meta_refuses_free_text_outside_the_window(fake):
    """The fake is Meta: a text to a number that never wrote is error 131047."""
    notice = notification_queue(channel="whatsapp", address=WA, body="Halo", key="reply-x")
    assert notification_attempt(notification_id=notice.pk) == "failed"
    notice.refresh_from_db()
    assert "(#131047) Re-engagement message" in notice.last_error
    assert fake.delivered == []
    fake.customer_wrote(WA)
    again = notification_queue(channel="whatsapp", address=WA, body="Halo", key="reply-y")
    assert notification_attempt(notification_id=again.pk) == "sent"


def test_inside_the_window_a_notice_is_free_text(fake, submit):
    open_window(fake, WA, hours=23)
    register()
    complaint, notice = submitted_notice(submit)
    assert notification_attempt(notification_id=notice.pk) == "sent"
    [sent] = fake.sent_to(WA)
    assert sent.payload["type"] == "text" and sent.text == notice.body


def test_outside_the_window_the_registered_template_is_sent(fake, submit):
    open_window(fake, WA, hours=25)  # wrote yesterday: the window has closed
    register()
    fake.approve_template("laporan_diterima", "id", params=3)
    complaint, notice = submitted_notice(submit)
    assert notification_attempt(notification_id=notice.pk) == "sent"
    [sent] = fake.sent_to(WA)
    assert sent.payload["type"] == "template"
    assert sent.payload["template"] == {
        "name": "laporan_diterima",
        "language": {"code": "id"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": complaint.code},
                    {"type": "text", "text": complaint.category.name},
                    {"type": "text", "text": notice.params["url"]},
                ],
            }
        ],
    }
    assert f"/lacak/{complaint.code}/" in notice.params["url"]
    notice.refresh_from_db()
    assert notice.status == Status.SENT and notice.provider_id.startswith("wamid.")


def test_without_a_template_the_notice_goes_by_sms_and_the_reason_is_kept(fake, submit):
    complaint, notice = submitted_notice(submit)  # never wrote on WhatsApp
    assert notification_attempt(notification_id=notice.pk) == "failed"
    assert [r.kind for r in fake.requests] == []  # Meta is not asked for what it refuses
    notice.refresh_from_db()
    [sms] = notice.fallbacks.all()
    assert sms.channel == "sms" and sms.address == "+6281234567890"
    assert sms.body == notice.body and sms.fallback_of == notice
    assert "di luar jendela 24 jam" in notice.last_error
    assert "reporter_submit" in notice.last_error
    assert notice.last_error.endswith(f"dialihkan ke sms #{sms.pk}")
    assert notification_attempt(notification_id=sms.pk) == "sent"
    assert [d.kind for d in fake.delivered] == ["sms"]


def test_a_template_meta_does_not_know_falls_back_with_metas_reason(fake, submit):
    register()  # registered here, but never approved at Meta (or deleted there)
    complaint, notice = submitted_notice(submit)
    notification_attempt(notification_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Status.FAILED
    assert "HTTP 404: (#132001) Template name does not exist" in notice.last_error
    assert notice.fallbacks.get().channel == "sms"


def test_a_template_with_the_wrong_parameters_falls_back(fake, submit):
    register(parameters=["code"])
    fake.approve_template("laporan_diterima", "id", params=3)
    complaint, notice = submitted_notice(submit)
    notification_attempt(notification_id=notice.pk)
    notice.refresh_from_db()
    assert "(#132000) Number of parameters does not match" in notice.last_error
    assert notice.fallbacks.get().channel == "sms"


def test_we_think_the_window_is_open_but_meta_refuses(fake, submit):
    """Our record says the person wrote an hour ago, Meta says not: its 131047 sends the
    notice to the next channel too."""
    from datetime import timedelta

    from django.utils import timezone

    from cerdas.channels.models import Conversation

    Conversation.objects.create(
        channel="whatsapp", address=WA, last_inbound_at=timezone.now() - timedelta(hours=1)
    )
    complaint, notice = submitted_notice(submit)
    notification_attempt(notification_id=notice.pk)
    notice.refresh_from_db()
    assert notice.last_error.startswith("WhatsApp text: HTTP 400: (#131047)")
    assert notice.fallbacks.get().channel == "sms"


def test_no_next_channel_is_recorded_too(fake, submit, settings):
    settings.CERDAS_SMS_GATEWAY_URL = ""
    complaint, notice = submitted_notice(submit)
    notice.refresh_from_db()
    complaint.reporter_email = ""
    complaint.save(update_fields=["reporter_email"])
    notification_attempt(notification_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Status.FAILED
    assert notice.last_error.endswith("tidak ada kanal lain")
    assert not notice.fallbacks.exists()


def test_the_registry_refuses_unknown_notices_and_variables():
    with pytest.raises(ValidationError) as error:
        register(notice="tidak_ada", parameters=["code", "reporter_phone"])
    assert set(error.value.message_dict) == {"notice", "parameters"}
    with pytest.raises(ValidationError):
        register(name="Laporan Diterima")  # Meta's names are lower case with underscores
    assert WhatsAppTemplate.objects.count() == 0


def test_template_parameters_have_no_newlines(fake, submit):
    """Meta refuses a parameter with a newline or a tab: a note is sent on one line."""
    register(notice="reporter_submit", parameters=["optout_hint", "code", "city"])
    fake.approve_template("laporan_diterima", "id", params=3)
    complaint, notice = submitted_notice(submit)
    notice.params["optout_hint"] = "baris satu\nbaris\tdua     spasi"
    notice.save(update_fields=["params"])
    assert notification_attempt(notification_id=notice.pk) == "sent"
    first = fake.delivered[0].payload["template"]["components"][0]["parameters"][0]
    assert first == {"type": "text", "text": "baris satu baris dua spasi"}


# --- limits and markup ------------------------------------------------------------------------


def test_whatsapp_caption_is_cut_to_1024(fake):
    fake.customer_wrote(WA)
    body = "Foto perbaikan jalan. " * 100  # 2,200 characters
    notice = notification_queue(
        channel="whatsapp", address=WA, body=body, key="img", media_url="https://x.id/a.jpg"
    )
    assert notification_attempt(notification_id=notice.pk) == "sent"
    caption = fake.delivered[0].payload["image"]["caption"]
    assert len(caption) <= 1024 and caption.endswith("…")
    assert body.startswith(caption[:-1])


def test_telegram_bold_shows_bold_and_markup_characters_are_escaped(fake):
    body = "Ketik *batal* untuk membatalkan. Jalan A&B <rusak> 2*3"
    notice = notification_queue(channel="telegram", address="987654321", body=body, key="t1")
    assert notification_attempt(notification_id=notice.pk) == "sent"
    [request] = fake.requests
    assert request.json["parse_mode"] == "HTML"
    assert request.json["text"] == (
        "Ketik <b>batal</b> untuk membatalkan. Jalan A&amp;B &lt;rusak&gt; 2*3"
    )
    # What the person sees: no asterisks around the command, the text intact.
    assert fake.delivered[0].text == "Ketik batal untuk membatalkan. Jalan A&B <rusak> 2*3"


def test_telegram_text_and_caption_limits_count_utf16(fake):
    long_text = "🚧 jalan rusak " * 400  # emoji: two UTF-16 units each
    text = notification_queue(channel="telegram", address="1", body=long_text, key="t2")
    caption = notification_queue(
        channel="telegram", address="1", body=long_text, key="t3", media_url="https://x.id/a.jpg"
    )
    assert notification_attempt(notification_id=text.pk) == "sent"
    assert notification_attempt(notification_id=caption.pk) == "sent"
    sent_text, sent_caption = (d.text for d in fake.delivered)
    assert len(sent_text.encode("utf-16-le")) // 2 <= 4096 and sent_text.endswith("…")
    assert len(sent_caption.encode("utf-16-le")) // 2 <= 1024
    assert "\ud83d" not in sent_caption  # no half of an emoji


def test_fake_telegram_refuses_markup_it_cannot_parse(fake, settings):
    """The fake parses HTML like Telegram: an unescaped '<' is a 400, so the escaping
    above is tested against a peer that fails without it."""
    from cerdas.notifications.backends import http, telegram

    with pytest.raises(Exception, match="can't parse entities"):
        http.request_json(
            "POST",
            telegram.method_url("sendMessage"),
            payload={"chat_id": "1", "text": "Jalan <rusak", "parse_mode": "HTML"},
            reason_of=telegram.reason_of,
        )
