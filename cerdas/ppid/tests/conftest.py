from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cerdas.accounts.models import Role
from cerdas.ppid import services
from cerdas.workdays.models import Holiday, HolidayKind
from conftest import make_user

WITA = ZoneInfo("Asia/Makassar")
# Monday 10 August 2026, 10:00 WITA. Before the 10th working day: 17 Aug (Independence
# Day) and 25 Aug (Maulid Nabi) are national holidays, 21 Aug a local one (fixture).
RECEIVED = datetime(2026, 8, 10, 10, 0, tzinfo=WITA)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=WITA)


@pytest.fixture
def ppid(city):
    city.ppid = make_user("ppid", Role.PPID)
    Holiday.objects.create(date=date(2026, 8, 21), name="Libur daerah", kind=HolidayKind.LOCAL)
    return city


@pytest.fixture
def file_request(ppid):
    """File a request as a citizen (received RECEIVED unless told); override any field."""

    def _file(**kwargs):
        values = dict(
            name="Siti Rahmawati",
            id_number="7171014403880002",
            address="Jl. Sam Ratulangi No. 12, Wenang",
            occupation="Wartawan",
            phone="081234567891",
            email="siti@example.com",
            information="Salinan DPA Dinas PUPR tahun 2026 untuk pemeliharaan jalan.",
            purpose="Bahan liputan tentang anggaran jalan.",
            obtain_method="softcopy",
            delivery_method="email",
            now=RECEIVED,
        )
        values.update(kwargs)
        return services.request_submit(**values)

    return _file


@pytest.fixture
def refuse(ppid, file_request):
    """A request the PPID refused (pasal 17 huruf h) at `now`."""

    def _refuse(now=None):
        return services.request_decide(
            request=file_request(),
            user=ppid.ppid,
            decision="ditolak",
            exemptions=["h"],
            note="Rahasia pribadi.",
            now=now or local(2026, 8, 11, 10),
        )

    return _refuse
