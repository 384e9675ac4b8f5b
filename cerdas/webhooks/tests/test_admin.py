"""The admin: subscriptions with their secret, the delivery log and "Kirim ulang"."""

import pytest

from cerdas.webhooks.models import Delivery, DeliveryStatus, Subscription

SUBSCRIPTIONS = "/admin/webhooks/subscription/"
DELIVERIES = "/admin/webhooks/delivery/"


@pytest.fixture
def admin_client(client, city):
    client.force_login(city.admin)
    return client


def test_admin_creates_a_subscription_with_a_generated_secret(admin_client, city):
    response = admin_client.post(
        f"{SUBSCRIPTIONS}add/",
        {
            "name": "Aplikasi Dinas PUPR",
            "url": "https://pupr.manadokota.go.id/cerdas",
            "events": ["dispose", "validate"],
            "agencies": [city.pupr.pk],
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.events == ["dispose", "validate"]
    assert list(subscription.agencies.all()) == [city.pupr]
    assert len(subscription.secret) == 64
    page = admin_client.get(f"{SUBSCRIPTIONS}{subscription.pk}/change/").content.decode()
    assert subscription.secret in page


def test_admin_refuses_a_url_that_is_not_http(admin_client):
    response = admin_client.post(
        f"{SUBSCRIPTIONS}add/", {"name": "FTP", "url": "ftp://files.example.com/in"}
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_regenerate_secret_action_replaces_the_secret(admin_client, subscribe):
    subscription = subscribe()
    old = subscription.secret

    response = admin_client.post(
        SUBSCRIPTIONS, {"action": "regenerate_secret", "_selected_action": [subscription.pk]}
    )

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.secret != old and len(subscription.secret) == 64


def test_delivery_log_lists_filters_and_shows_a_read_only_detail(admin_client, submit, subscribe):
    subscribe()
    complaint = submit()
    delivery = Delivery.objects.get()
    other = subscribe(name="Belum menerima apa pun")

    listing = admin_client.get(DELIVERIES, {"status__exact": "pending"})
    assert listing.status_code == 200
    assert complaint.code in listing.content.decode()
    delivered = admin_client.get(DELIVERIES, {"status__exact": "delivered"})
    assert complaint.code not in delivered.content.decode()
    filtered = admin_client.get(DELIVERIES, {"subscription__id__exact": other.pk})
    assert filtered.status_code == 200
    assert complaint.code not in filtered.content.decode()

    detail = admin_client.get(f"{DELIVERIES}{delivery.pk}/change/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "complaint.submit" in page and 'name="_save"' not in page
    assert admin_client.post(f"{DELIVERIES}{delivery.pk}/change/", {}).status_code == 403


def test_resend_action_sends_a_failed_delivery_again(
    admin_client,
    submit,
    subscribe,
    receiver,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    subscribe()
    submit()
    Delivery.objects.update(
        status=DeliveryStatus.FAILED, attempts=6, next_attempt_at=None, last_status_code=410
    )
    delivery = Delivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            DELIVERIES, {"action": "resend", "_selected_action": [str(delivery.pk)]}
        )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    [request] = receiver.requests
    assert request.headers["X-Cerdas-Delivery"] == str(delivery.pk)


def test_resend_leaves_the_row_pending_when_the_queue_runs_later(admin_client, submit, subscribe):
    subscribe()
    submit()
    Delivery.objects.update(status=DeliveryStatus.FAILED, attempts=6, next_attempt_at=None)
    delivery = Delivery.objects.get()

    admin_client.post(DELIVERIES, {"action": "resend", "_selected_action": [str(delivery.pk)]})

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 0
    assert delivery.next_attempt_at is not None


def test_officer_cannot_open_the_webhook_admin(client, city, subscribe):
    subscribe()
    client.force_login(city.officer)

    response = client.get(SUBSCRIPTIONS)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
