"""Open311 fixtures: API keys, a category with extra questions, cases in telling states."""

from types import SimpleNamespace

import pytest
from pytest_django.plugin import blocking_manager_key

from cerdas.api.models import ApiKey
from cerdas.areas.services import areas_load
from cerdas.complaints import services
from cerdas.complaints.models import AttributeType, CategoryAttribute, Privacy


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A live-server test runs on a transactional database whose tables are flushed
    afterwards; put back the areas the root conftest loaded for the tests that follow
    (after the last test the session's database is already gone)."""
    result = yield
    if nextitem is not None and "live_server" in getattr(item, "fixturenames", ()):
        with item.config.stash[blocking_manager_key].unblock():
            areas_load()
    return result


@pytest.fixture
def keys(city):
    def issue(name, *scopes, rate=1000):
        key, raw = ApiKey.issue(name=name, scopes=list(scopes), rate_per_minute=rate)
        return SimpleNamespace(key=key, raw=raw)

    return SimpleNamespace(
        issue=issue,
        submit=issue("FixMyStreet Manado", "submit"),
        other_submit=issue("Aplikasi lain", "submit"),
        read_all=issue("Dasbor pimpinan", "read_all"),
        pupr=issue("SIM PUPR", "agency:pupr"),
    )


@pytest.fixture
def questions(city):
    """The road category asks how big the hole is, what it endangers, and more."""

    def ask(code, datatype, description, order, **extra):
        return CategoryAttribute.objects.create(
            category=city.road,
            code=code,
            datatype=datatype,
            description=description,
            order=order,
            **extra,
        )

    return SimpleNamespace(
        size=ask(
            "ukuran",
            AttributeType.SINGLE,
            "Seberapa besar lubangnya?",
            1,
            required=True,
            values=[
                {"key": "kecil", "name": "Kecil (< 30 cm)"},
                {"key": "besar", "name": "Besar (> 30 cm)"},
            ],
        ),
        danger=ask(
            "bahaya",
            AttributeType.MULTI,
            "Siapa yang terancam?",
            2,
            values=[
                {"key": "motor", "name": "Pengendara motor"},
                {"key": "pejalan", "name": "Pejalan kaki"},
                {"key": "mobil", "name": "Mobil"},
            ],
        ),
        width=ask("lebar", AttributeType.NUMBER, "Lebar lubang (cm)?", 3),
        since=ask("sejak", AttributeType.DATETIME, "Sejak kapan?", 4),
        street=ask("jalan", AttributeType.STRING, "Nama jalan?", 5),
        notes=ask("catatan", AttributeType.TEXT, "Catatan lain?", 6),
        info=ask(
            "info",
            AttributeType.STRING,
            "Laporan darurat (lubang menganga) hubungi 112.",
            7,
            variable=False,
        ),
    )


@pytest.fixture
def cases(city, submit):
    """One case per situation the privacy rules tell apart."""

    def disposed(agency, **kwargs):
        complaint = submit(**kwargs)
        return services.complaint_dispose(complaint=complaint, user=city.operator, agency=agency)

    return SimpleNamespace(
        new=submit(),
        public=disposed(city.pupr),
        anonymous=disposed(
            city.dlh, category=city.garbage, privacy=Privacy.ANONYMOUS, reporter_name="Rina Anonim"
        ),
        secret=disposed(city.pupr, privacy=Privacy.CONFIDENTIAL),
        rejected=services.complaint_reject(
            complaint=submit(), user=city.operator, reason="Laporan tidak jelas."
        ),
        handed_off=services.complaint_hand_off(
            complaint=submit(), user=city.operator, body=city.pln, note="Urusan listrik PLN."
        ),
    )
