"""Shared fixtures: a small real city (agencies, categories, one account per role).

Areas (the shipped Manado and Kotamobagu polygons) are loaded once per test session;
everything else is created per test inside its transaction.
"""

import io
import random
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from PIL import Image
from pytest_django.plugin import blocking_manager_key

from cerdas.accounts.models import Role, User
from cerdas.agencies.models import Agency, AgencyKind
from cerdas.areas.services import areas_load
from cerdas.complaints.models import Category, DeadlinePolicy, Privacy
from cerdas.complaints.services import Upload, complaint_submit

# A point in kelurahan Pinaesaan, kecamatan Wenang (near Pasar 45), and one outside.
PASAR_45 = (1.4917, 124.8410)
JAKARTA = (-6.2, 106.8)
PASSWORD = "rahasia-uji-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        areas_load()


@pytest.fixture(scope="module")
def restore_areas(request):
    """For modules with transactional tests: their flush removes the areas loaded once per
    session; this puts them back when the module ends."""
    yield
    with request.config.stash[blocking_manager_key].unblock():
        areas_load()


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Pages are rendered with the production static storage (hashed, compressed names)."""
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # What a test writes into the data directory (a city set up by `cerdas city setup` or
    # the demo) must not become the next test session's city.
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture(autouse=True)
def _fresh_work_calendar():
    """city_calendar() keeps the admin's holidays for 60 s; a Holiday rolled back with its
    test must not outlive it in that cache."""
    from cerdas.workdays.calendar import _forget_calendar

    _forget_calendar()
    yield
    _forget_calendar()


@pytest.fixture
def without_imlek_leave(db):
    """Monday 16 February 2026, the SKB's cuti bersama before Imlek, a working day again (the
    admin cancelled it): for tests whose February 2026 arithmetic was counted without it."""
    from cerdas.workdays.models import Holiday, HolidayKind

    Holiday.objects.create(
        date=date(2026, 2, 16), name="Cuti bersama dibatalkan", kind=HolidayKind.CANCELLED
    )


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Ten accounts per test with the production hasher cost seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, role: str, agency: Agency | None = None, **extra) -> User:
    user = User(username=username, role=role, agency=agency, first_name=username.title(), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def city(db):
    """Agencies, deadline policy, categories and one account per role."""
    pupr = Agency.objects.create(
        code="pupr", name="Dinas Pekerjaan Umum dan Penataan Ruang", short_name="Dinas PUPR"
    )
    uptd = Agency.objects.create(
        code="uptd-jalan",
        name="UPTD Pemeliharaan Jalan",
        short_name="UPTD Jalan",
        kind=AgencyKind.UNIT,
        parent=pupr,
    )
    dlh = Agency.objects.create(code="dlh", name="Dinas Lingkungan Hidup", short_name="DLH")
    pln = Agency.objects.create(
        code="pln",
        name="PT PLN (Persero) UP3 Manado",
        short_name="PLN",
        kind=AgencyKind.EXTERNAL,
        public_contact="PLN Mobile / 123",
    )
    policy = DeadlinePolicy.objects.create(name="Jalan", resolution_amount=14)
    quick = DeadlinePolicy.objects.create(
        name="Cepat", verify_amount=4, verify_unit="hours", resolution_amount=3
    )
    road = Category.objects.create(
        code="jalan-rusak", name="Jalan rusak", icon="road", default_agency=pupr, policy=policy
    )
    garbage = Category.objects.create(
        code="sampah", name="Sampah", icon="trash", default_agency=dlh, policy=quick
    )
    report = Category.objects.create(
        code="pungli",
        name="Pungutan liar",
        icon="cash-off",
        default_agency=pupr,
        policy=policy,
        default_privacy=Privacy.CONFIDENTIAL,
    )
    return SimpleNamespace(
        pupr=pupr,
        uptd=uptd,
        dlh=dlh,
        pln=pln,
        policy=policy,
        road=road,
        garbage=garbage,
        confidential=report,
        operator=make_user("operator", Role.OPERATOR),
        admin=make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
        officer=make_user("petugas_pupr", Role.OFFICER, pupr),
        officer2=make_user("petugas2_pupr", Role.OFFICER, pupr),
        head=make_user("kepala_pupr", Role.AGENCY_HEAD, pupr),
        other_officer=make_user("petugas_dlh", Role.OFFICER, dlh),
        other_head=make_user("kepala_dlh", Role.AGENCY_HEAD, dlh),
        leader=make_user("walikota", Role.LEADER),
        citizen=make_user("warga", Role.CITIZEN),
        other_citizen=make_user("warga_lain", Role.CITIZEN),
    )


def jpeg_bytes(
    *, gps: tuple[float, float] | None = None, size=(64, 48), color=(200, 80, 40)
) -> bytes:
    """A small real JPEG, optionally with an EXIF GPS position."""
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make: must not survive re-encoding
    if gps is not None:
        lat, lon = gps

        def dms(value: float):
            value = abs(value)
            d = int(value)
            m = int((value - d) * 60)
            s = round(((value - d) * 60 - m) * 60, 4)
            return (d, m, s)

        exif.get_ifd(0x8825).update(
            {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
        )
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def camera_jpeg(width: int = 4000, height: int = 3000, quality: int = 92) -> bytes:
    """A phone camera's photo: 4000x3000 with fine detail (seeded noise), about 4 MB."""
    rng = random.Random(13)  # noqa: S311 (test data, not a secret)
    small = Image.frombytes(
        "RGB", (width // 8, height // 8), rng.randbytes(width * height * 3 // 64)
    )
    out = io.BytesIO()
    small.resize((width, height), Image.Resampling.BICUBIC).save(out, "JPEG", quality=quality)
    return out.getvalue()


@pytest.fixture
def photo():
    return Upload(name="foto.jpg", data=jpeg_bytes())


@pytest.fixture
def submit(city):
    """File a complaint as a citizen with sensible defaults; override any argument."""

    def _submit(**kwargs):
        lat, lon = PASAR_45
        values = dict(
            category=city.road,
            description="Jalan berlubang besar di depan toko, berbahaya untuk motor.",
            latitude=lat,
            longitude=lon,
            reporter_name="Budi Santoso",
            reporter_phone="081234567890",
            reporter_email="budi@example.com",
        )
        values.update(kwargs)
        return complaint_submit(**values)

    return _submit
