"""The outbox: queueing, idempotency keys, the claim, retries with backoff, refusals
with the provider's reason, re-sending and opt-outs, against the fake providers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cerdas.complaints.workflow import WorkflowError
from cerdas.notifications.backends import whatsapp
from cerdas.notifications.models import Notification, OptOut, Preference, Status
from cerdas.notifications.services import (
    backoff,
    notification_attempt,
    notification_queue,
    notifications_deliver_due,
    notifications_resend,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _customer_wrote(request):
    """The person wrote to us on WhatsApp just now (Meta's 24-hour window is open):
    these tests are about the outbox; test_whatsapp_window.py is about the window."""
    if "fake" in request.fixturenames:
        request.getfixturevalue("fake").customer_wrote("6281234567890")


def queue(key="n-1", channel="whatsapp", address="6281234567890", **kwargs):
    values = {"body": "Laporan MDO-AAAA-BB sedang ditindaklanjuti.", **kwargs}
    return notification_queue(channel=channel, address=address, key=key, **values)


def test_same_key_twice_is_one_row_and_one_message(
    fake, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = queue(body="Teks lain")
    assert again.pk == first.pk
    assert callbacks == []  # nothing queued for the existing row
    assert Notification.objects.count() == 1
    first.refresh_from_db()
    assert first.status == Status.SENT
    assert len(fake.delivered) == 1
    assert fake.delivered[0].text == "Laporan MDO-AAAA-BB sedang ditindaklanjuti."


def test_bad_input_writes_nothing():
    for kwargs in ({"channel": "pigeon"}, {"address": " "}, {"key": ""}, {"body": ""}):
        with pytest.raises(WorkflowError):
            queue(**kwargs)
    assert Notification.objects.count() == 0


def test_whatsapp_payload_follows_the_cloud_api(fake):
    notice = queue(address="+6281234567890")
    assert notification_attempt(notification_id=notice.pk) == "sent"
    [request] = [r for r in fake.requests if r.kind == "whatsapp"]
    assert request.path == f"/v21.0/{fake.whatsapp_phone_id}/messages"
    assert request.headers["Authorization"] == f"Bearer {fake.whatsapp_token}"
    assert request.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "biz_opaque_callback_data": "n-1",
        "type": "text",
        "text": {"preview_url": False, "body": "Laporan MDO-AAAA-BB sedang ditindaklanjuti."},
    }
    notice.refresh_from_db()
    assert notice.provider_id.startswith("wamid.")
    assert notice.sent_at is not None and notice.attempts == 1


def test_whatsapp_image_goes_as_link_with_caption(fake):
    notice = queue(media_url="https://example.com/foto.jpg")
    notification_attempt(notification_id=notice.pk)
    payload = fake.delivered[0].payload
    assert payload["type"] == "image"
    assert payload["image"] == {"link": "https://example.com/foto.jpg", "caption": notice.body}


def test_telegram_send_message_payload(fake):
    notice = queue(channel="telegram", address="987654321")
    assert notification_attempt(notification_id=notice.pk) == "sent"
    [request] = fake.requests
    assert request.path == f"/bot{fake.telegram_token}/sendMessage"
    assert request.json == {
        "chat_id": "987654321",
        "text": notice.body,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    notice.refresh_from_db()
    assert notice.provider_id == "1"


def test_sms_gateway_payload(fake):
    notice = queue(channel="sms", address="+6281234567890")
    assert notification_attempt(notification_id=notice.pk) == "sent"
    [request] = fake.requests
    assert request.headers["Authorization"] == f"Bearer {fake.sms_token}"
    assert request.headers["Idempotency-Key"] == "n-1"
    assert request.json == {"to": "+6281234567890", "message": notice.body, "reference": "n-1"}


@pytest.mark.parametrize("channel", ["whatsapp", "telegram", "sms"])
def test_5xx_is_retried_with_backoff_then_sent(fake, channel, settings):
    fake.answer(503, times=1)
    notice = queue(channel=channel)
    started = timezone.now()
    assert notification_attempt(notification_id=notice.pk) == "retry"
    notice.refresh_from_db()
    assert notice.status == Status.PENDING and notice.attempts == 1
    assert notice.last_error.startswith("HTTP 503")
    wait = notice.next_attempt_at - started
    assert timedelta(seconds=settings.CERDAS_NOTIFY_RETRY_BASE_SECONDS) <= wait
    assert wait < timedelta(seconds=settings.CERDAS_NOTIFY_RETRY_BASE_SECONDS + 5)
    # Not due yet: the poller leaves it alone.
    assert notifications_deliver_due() == 0
    later = notice.next_attempt_at + timedelta(seconds=1)
    assert notifications_deliver_due(now=later) == 1
    notice.refresh_from_db()
    assert notice.status == Status.SENT and notice.attempts == 2
    assert len(fake.delivered) == 1


def test_backoff_doubles_and_is_capped(settings):
    settings.CERDAS_NOTIFY_RETRY_BASE_SECONDS = 30
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(30) == timedelta(hours=6)


def test_timeout_is_retried(fake):
    fake.hang(2.5, times=1)  # the client gives up after CERDAS_NOTIFY_TIMEOUT = 1 s
    notice = queue()
    assert notification_attempt(notification_id=notice.pk) == "retry"
    notice.refresh_from_db()
    assert notice.last_error == "timeout (1 s)"


def test_gives_up_after_max_attempts(fake, settings):
    settings.CERDAS_NOTIFY_MAX_ATTEMPTS = 2
    fake.answer(500)
    notice = queue()
    now = timezone.now()
    assert notification_attempt(notification_id=notice.pk, now=now) == "retry"
    notice.refresh_from_db()
    assert notification_attempt(notification_id=notice.pk, now=notice.next_attempt_at) == "failed"
    notice.refresh_from_db()
    assert notice.status == Status.FAILED and notice.attempts == 2


@pytest.mark.parametrize(
    ("channel", "reason"),
    [
        ("whatsapp", "HTTP 400: (#131030) Recipient phone number not in allowed list"),
        ("telegram", "HTTP 403: Forbidden: bot was blocked by the user"),
        ("sms", "HTTP 422: invalid destination number"),
    ],
)
def test_4xx_fails_at_once_with_the_providers_reason(fake, channel, reason):
    fake.answer({"whatsapp": 400, "telegram": 403, "sms": 422}[channel])
    notice = queue(channel=channel)
    assert notification_attempt(notification_id=notice.pk) == "failed"
    notice.refresh_from_db()
    assert notice.status == Status.FAILED
    assert notice.last_error.startswith(reason)
    assert notice.next_attempt_at is None
    assert notifications_deliver_due(now=timezone.now() + timedelta(days=1)) == 0


def test_wrong_token_is_a_permanent_failure(fake, settings):
    settings.CERDAS_WHATSAPP_TOKEN = "wrong"
    notice = queue()
    assert notification_attempt(notification_id=notice.pk) == "failed"
    notice.refresh_from_db()
    assert "Invalid OAuth access token" in notice.last_error
    assert fake.delivered == []


def test_resend_sends_a_failed_notice_again(
    fake, immediate_tasks, django_capture_on_commit_callbacks
):
    fake.answer(400, times=1)
    notice = queue()
    notification_attempt(notification_id=notice.pk)
    with django_capture_on_commit_callbacks(execute=True):
        count = notifications_resend(notifications=Notification.objects.all())
    assert count == 1
    notice.refresh_from_db()
    assert notice.status == Status.SENT and notice.attempts == 1 and notice.last_error == ""
    assert len(fake.delivered) == 1


def test_resend_leaves_pending_and_sent_alone(fake):
    sent = queue(key="a")
    notification_attempt(notification_id=sent.pk)
    queue(key="b")
    assert notifications_resend(notifications=Notification.objects.filter(key="b")) == 0


def test_a_claimed_notice_is_not_sent_by_a_second_process(fake):
    notice = queue()
    now = timezone.now()
    from cerdas.notifications.services import notification_claim

    assert notification_claim(notification_id=notice.pk, now=now) == 1
    # Another worker, the poller: the lease holds them off.
    assert notification_attempt(notification_id=notice.pk) == "busy"
    assert notifications_deliver_due() == 0
    assert fake.requests == []


def test_opted_out_address_gets_no_notice_but_still_an_answer_to_its_own_message(fake):
    notice = queue(template="reporter_state")
    reply = queue(key="reply-1")  # no template: the answer to what they just wrote
    OptOut.objects.create(channel="whatsapp", address="6281234567890")
    assert notification_attempt(notification_id=notice.pk) == "skipped"
    notice.refresh_from_db()
    assert notice.status == Status.SKIPPED
    assert fake.requests == []
    assert notification_attempt(notification_id=reply.pk) == "sent"
    assert [d.key for d in fake.delivered] == ["reply-1"]


def test_opted_out_user_is_not_sent(fake, city):
    Preference.objects.create(user=city.citizen, opted_out=True)
    notice = queue(user=city.citizen, template="reporter_state")
    assert notification_attempt(notification_id=notice.pk) == "skipped"
    assert fake.requests == []


def test_api_helpers_for_the_inbound_channels(fake):
    assert whatsapp.api_url() == fake.whatsapp_url
    assert whatsapp.auth_headers() == {"Authorization": f"Bearer {fake.whatsapp_token}"}
