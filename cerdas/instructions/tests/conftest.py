from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cerdas.complaints.services import Upload
from cerdas.instructions import services
from conftest import jpeg_bytes

WITA = ZoneInfo("Asia/Makassar")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def local(*args) -> datetime:
    return datetime(*args, tzinfo=WITA)


@pytest.fixture
def pdf():
    return Upload(name="surat.pdf", data=PDF)


@pytest.fixture
def jpeg():
    return Upload(name="foto.jpg", data=jpeg_bytes())


@pytest.fixture
def send(city):
    """Send an instruction as the leader, to PUPR unless told otherwise."""

    def _send(**kwargs):
        values = dict(
            user=city.leader,
            subject="Perbaikan drainase Jalan Sam Ratulangi",
            body="Segera bersihkan saluran sebelum musim hujan dan laporkan hasilnya.",
            agencies=[city.pupr],
            deadline=timezone.now() + timedelta(days=14),
        )
        values.update(kwargs)
        return services.instruction_create(**values)

    return _send


@pytest.fixture
def part(city, send):
    """PUPR's part of a fresh instruction."""
    return send().recipients.get(agency=city.pupr)
