"""Leaders' instructions: the OPDs hear of a new one, the leader of one reported done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cerdas.instructions import services
from cerdas.notifications.models import Notification

from .conftest import set_emails

pytestmark = pytest.mark.django_db


def test_new_instruction_tells_each_opd_and_done_tells_the_leader(city):
    set_emails(
        [
            (city.head, "kepala@pupr.example"),
            (city.other_head, "kepala@dlh.example"),
            (city.leader, "walikota@kota.example"),
            (city.other_officer, "petugas@dlh.example"),
        ]
    )
    instruction = services.instruction_create(
        user=city.leader,
        subject="Bersihkan drainase Jalan Sam Ratulangi",
        body="Segera bersihkan saluran sebelum musim hujan.",
        agencies=[city.pupr, city.dlh],
        deadline=timezone.now() + timedelta(days=14),
    )
    new = Notification.objects.filter(template="instruction_new")
    assert sorted(new.values_list("address", flat=True)) == [
        "kepala@dlh.example",
        "kepala@pupr.example",
        "petugas@dlh.example",
    ]
    assert all("Bersihkan drainase" in n.body for n in new)
    assert not Notification.objects.filter(address="walikota@kota.example")

    part = instruction.recipients.get(agency=city.pupr)
    services.instruction_acknowledge(recipient=part, user=city.head)
    assert not Notification.objects.filter(template="instruction_done")
    services.instruction_mark_done(recipient=part, user=city.head, note="Sudah dibersihkan.")
    [done] = Notification.objects.filter(template="instruction_done")
    assert done.address == "walikota@kota.example"
    assert "Dinas PUPR" in done.body
