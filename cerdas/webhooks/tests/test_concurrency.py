"""Two workers racing for one delivery on two real connections (PostgreSQL).

Each attempt runs in a thread with its own database connection, so the test needs a
transactional database; its flush removes the areas loaded once per session, which are
put back when this module ends.
"""

import threading
from unittest import mock

import pytest
from django.db import connection

from cerdas.webhooks import services
from cerdas.webhooks.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.usefixtures("restore_areas")


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_a_delivery_once(city, submit, subscribe, receiver):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (SQLite serializes them by design)")
    subscribe()
    submit(latitude=None, longitude=None, address="Jl. Sam Ratulangi depan toko emas")
    delivery = Delivery.objects.get()
    both_ready = threading.Barrier(2, timeout=20)
    real_claim = services.delivery_claim

    def claim(**kwargs):
        both_ready.wait()  # both claim the same due row at the same moment
        return real_claim(**kwargs)

    outcomes = []

    def worker():
        try:
            outcomes.append(services.delivery_attempt(delivery_id=delivery.pk))
        finally:
            connection.close()

    with mock.patch.object(services, "delivery_claim", claim):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert sorted(outcomes) == ["delivered", "skipped"]
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
