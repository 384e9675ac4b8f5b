"""Several workers on one sender's messages at once (PostgreSQL: real row locks).

Each worker runs in a thread with its own database connection, so the test needs a
transactional database; its flush removes the areas loaded once per session, which are
put back when this module ends.
"""

import threading

import pytest
from django.db import connection

from cerdas.channels import conversation, services
from cerdas.channels.models import InboundMessage, Kind, MessageStatus
from cerdas.channels.providers import Incoming
from cerdas.complaints.models import Complaint

pytestmark = pytest.mark.usefixtures("restore_areas")

TEXTS = [
    "Sampah menumpuk di pinggir jalan, sudah tiga hari tidak diangkut",
    "3",
    "Jl. Sam Ratulangi depan toko Roda, Wenang",
    "lewati",
    "cek MDO-2222-22",
    "bantuan",
]


@pytest.mark.django_db(transaction=True)
def test_workers_racing_on_one_sender_handle_each_message_once_in_order(
    city, settings, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (SQLite serializes them by design)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.inbound_store(
        incoming=[
            Incoming(
                channel="telegram", provider_id=str(i), address="523456789", kind=Kind.TEXT, text=t
            )
            for i, t in enumerate(TEXTS)
        ]
    )
    conversation_id = InboundMessage.objects.first().conversation_id
    handled, lock = [], threading.Lock()
    real_handle = conversation.handle
    start = threading.Barrier(4, timeout=20)

    def recording_handle(conv, message, *, now):
        with lock:
            handled.append(message.provider_id)
        return real_handle(conv, message, now=now)

    monkeypatch.setattr(conversation, "handle", recording_handle)

    def worker():
        try:
            start.wait()
            services.conversation_process(conversation_id=conversation_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert handled == [str(i) for i in range(len(TEXTS))]
    assert not InboundMessage.objects.exclude(status=MessageStatus.DONE).exists()
    complaint = Complaint.objects.get()
    assert complaint.category == city.garbage
    assert complaint.address == "Jl. Sam Ratulangi depan toko Roda, Wenang"
