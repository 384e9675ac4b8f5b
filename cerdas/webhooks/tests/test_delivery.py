"""Sending to a real HTTP server: signature, outcomes, retries, the claim, the poller."""

import json
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cerdas.complaints import services as complaints
from cerdas.webhooks import services
from cerdas.webhooks.models import Delivery, DeliveryStatus

from .conftest import HANG

DOCS = Path(__file__).resolve().parents[3] / "docs" / "webhooks.md"


def _documented_verify():
    """The receiver's check exactly as docs/webhooks.md prints it."""
    section = DOCS.read_text().split("## Verifying the signature", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


verify = _documented_verify()


@pytest.fixture
def dispose(city, submit, django_capture_on_commit_callbacks, immediate_tasks):
    """Dispose a fresh case to PUPR and let the commit's queued sending run."""

    def _dispose():
        complaint = submit()
        with django_capture_on_commit_callbacks(execute=True):
            complaints.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
        return complaint

    return _dispose


def _only(subscription) -> Delivery:
    return subscription.deliveries.get()


def test_delivered_request_is_signed_and_verifies(subscribe, receiver, dispose):
    subscription = subscribe(events=["dispose"])
    complaint = dispose()

    [request] = receiver.requests
    delivery = _only(subscription)
    assert request.path == "/hook?token=abc"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "Cerdas-Webhook/1"
    assert request.headers["X-Cerdas-Event"] == "complaint.dispose"
    assert request.headers["X-Cerdas-Delivery"] == str(delivery.pk)
    assert request.headers["X-Cerdas-Signature"].startswith("sha256=")
    assert verify(subscription.secret, request.headers, request.body)
    assert not verify("another secret", request.headers, request.body)
    assert not verify(subscription.secret, request.headers, request.body + b" ")
    body = json.loads(request.body)
    assert body["complaint"]["code"] == complaint.code
    assert body["id"] == str(delivery.pk)

    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert delivery.delivered_at is not None
    assert delivery.next_attempt_at is None
    assert delivery.last_error == ""


def test_server_error_is_retried_later_then_delivered(subscribe, receiver, dispose):
    subscription = subscribe(events=["dispose"])
    receiver.answer(500)
    before = timezone.now()
    dispose()

    delivery = _only(subscription)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert delivery.last_error == "HTTP 500"
    assert delivery.next_attempt_at >= before + services.BACKOFF[0]
    # Not due yet: the poller leaves it alone.
    assert services.webhooks_deliver_due() == 0
    assert len(receiver.requests) == 1

    assert services.webhooks_deliver_due(now=delivery.next_attempt_at) == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2
    assert delivery.last_status_code == 200
    assert [r.headers["X-Cerdas-Delivery"] for r in receiver.requests] == [str(delivery.pk)] * 2


def test_backoff_grows_then_the_delivery_fails(subscribe, receiver, dispose):
    subscription = subscribe(events=["dispose"])
    receiver.answer(*[503] * services.MAX_ATTEMPTS)
    dispose()
    delivery = _only(subscription)
    waits = []
    while delivery.status == DeliveryStatus.PENDING:
        waits.append(delivery.next_attempt_at - delivery.last_attempt_at)
        services.delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
        delivery.refresh_from_db()

    assert waits == list(services.BACKOFF)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert delivery.last_status_code == 503
    assert len(receiver.requests) == services.MAX_ATTEMPTS


def test_gone_fails_at_once_with_the_status_recorded(subscribe, receiver, dispose):
    subscription = subscribe(events=["dispose"])
    receiver.answer(410)
    dispose()

    delivery = _only(subscription)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 410
    assert delivery.last_error == "HTTP 410"
    assert delivery.next_attempt_at is None
    assert services.webhooks_deliver_due(now=timezone.now() + timedelta(days=2)) == 0
    assert len(receiver.requests) == 1


def test_redirect_is_not_followed(subscribe, receiver, dispose):
    subscription = subscribe(events=["dispose"])
    receiver.answer((301, {"Location": "http://example.invalid/elsewhere"}))
    dispose()

    delivery = _only(subscription)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code == 301
    assert len(receiver.requests) == 1


def test_too_many_requests_honours_retry_after(subscribe, receiver, dispose):
    subscription = subscribe(events=["dispose"])
    receiver.answer((429, {"Retry-After": "7200"}))
    dispose()

    delivery = _only(subscription)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 429
    assert delivery.next_attempt_at - delivery.last_attempt_at == timedelta(hours=2)


def test_retry_after_as_http_date():
    now = timezone.now().replace(microsecond=0)
    assert services._retry_after("Wed, 21 Oct 2099 07:28:00 GMT", now) == now + timedelta(hours=24)
    later = now + timedelta(minutes=10)
    http_date = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert services._retry_after(http_date, now) == later
    assert services._retry_after("soon", now) is None
    assert services._retry_after("9" * 40, now) == now + services.MAX_RETRY_AFTER


def test_hanging_receiver_times_out_and_is_retried(subscribe, receiver, dispose, monkeypatch):
    monkeypatch.setattr(services, "TIMEOUT", 1)
    subscription = subscribe(events=["dispose"])
    receiver.answer(HANG)
    started = time.monotonic()
    dispose()
    assert time.monotonic() - started < 5

    delivery = _only(subscription)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code is None
    assert delivery.last_error == "timeout (1 s)"

    services.delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2


def test_refused_connection_is_retried(subscribe, receiver, dispose):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subscription = subscribe(events=["dispose"], url=f"http://127.0.0.1:{port}/h?token=abc")
    dispose()

    delivery = _only(subscription)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code is None
    assert "ConnectionRefusedError" in delivery.last_error
    assert "token" not in delivery.last_error


def test_two_claims_of_one_delivery_only_one_wins(city, submit, subscribe):
    subscription = subscribe()
    submit()
    delivery = _only(subscription)
    now = timezone.now()

    assert services.delivery_claim(delivery_id=delivery.pk, now=now) == 1
    assert services.delivery_claim(delivery_id=delivery.pk, now=now) is None
    # While the lease runs, nobody else may take it, the poller included.
    assert services.webhooks_deliver_due(now=now + services.LEASE - timedelta(seconds=1)) == 0
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.next_attempt_at == now + services.LEASE


def test_lost_task_is_sent_by_the_periodic_job(city, submit, subscribe, receiver, capsys):
    subscription = subscribe()
    submit()  # its queued sending never runs: the test's transaction never commits

    call_command("periodic")

    assert "webhooks_deliver_due: 1 " in capsys.readouterr().out
    assert _only(subscription).status == DeliveryStatus.DELIVERED
    assert len(receiver.requests) == 1


def test_deactivated_subscription_is_not_sent(city, submit, subscribe, receiver):
    subscription = subscribe()
    submit()
    subscription.is_active = False
    subscription.save()

    services.webhooks_deliver_due()

    delivery = _only(subscription)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "langganan nonaktif"
    assert receiver.requests == []


def test_finished_delivery_is_not_sent_again_by_a_late_task(subscribe, receiver, dispose):
    subscription = subscribe(events=["dispose"])
    dispose()
    delivery = _only(subscription)

    assert services.delivery_attempt(delivery_id=delivery.pk) == "skipped"
    assert len(receiver.requests) == 1
