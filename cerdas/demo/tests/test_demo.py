from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cerdas.accounts.models import Role, User
from cerdas.agencies.models import Agency, AgencyKind
from cerdas.areas.models import Area, AreaLevel
from cerdas.complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintLeg,
    ComplaintPhoto,
    PhotoKind,
    State,
)
from cerdas.demo import data

OPDS = {
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Lingkungan Hidup",
    "Dinas Perhubungan",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Badan Penanggulangan Bencana Daerah",
    "Satuan Polisi Pamong Praja",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kesehatan",
    "Dinas Sosial",
    "Dinas Pendidikan",
    "Dinas Komunikasi dan Informatika",
}


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Area, Agency, User, Complaint, ComplaintEvent, ComplaintLeg, ComplaintPhoto)
    }


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path  # the routing model it trains goes here
    out = StringIO()
    call_command("demo", complaints=60, seed=7, stdout=out)
    return out.getvalue()


def test_demo_loads_manado(demo):
    manado = Area.objects.filter(code__startswith="71.71.")
    assert manado.filter(level=AreaLevel.DISTRICT).count() == 11
    assert manado.filter(level=AreaLevel.VILLAGE).count() == 87
    opds = set(Agency.objects.filter(kind=AgencyKind.OPD).values_list("name", flat=True))
    assert opds >= OPDS
    assert Agency.objects.filter(kind=AgencyKind.EXTERNAL).exclude(public_contact="").count() == 6
    assert all(unit.parent_id for unit in Agency.objects.filter(kind=AgencyKind.UNIT))


def test_every_role_has_an_account_with_the_demo_password(demo):
    for role in Role.values:
        assert User.objects.filter(role=role).exists(), role
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(username="petugas2.pupr").check_password(data.PASSWORD)
    assert "cerdas-demo" in demo and "kepala.pupr" in demo


def test_complaints_cover_the_lifecycle(demo):
    assert Complaint.objects.count() == 60
    states = set(Complaint.objects.values_list("state", flat=True))
    assert len(states) >= 8, states
    assert {State.NEW, State.DISPOSED, State.IN_PROGRESS, State.CLOSED} <= states
    # Every follow-up carries evidence, as the service demands.
    follow_ups = ComplaintEvent.objects.filter(action="follow_up")
    assert follow_ups.exists()
    assert all(e.photos.filter(kind=PhotoKind.EVIDENCE).exists() for e in follow_ups)


def test_complaints_are_in_manado_and_in_the_past(demo):
    now = timezone.now()
    located = Complaint.objects.exclude(latitude=None)
    assert located.exists()
    assert not located.filter(area=None).exists()
    assert not located.exclude(area__code__startswith="71.71.").exists()
    assert not Complaint.objects.filter(created_at__gt=now).exists()
    assert not ComplaintEvent.objects.filter(created_at__gt=now).exists()
    # The timeline of each case runs forward.
    for complaint in Complaint.objects.all():
        times = list(complaint.events.values_list("created_at", flat=True))
        assert times == sorted(times)
        assert times[0] == complaint.created_at


def test_if_empty_changes_nothing(demo):
    before = counts()
    out = StringIO()
    call_command("demo", if_empty=True, stdout=out)
    assert counts() == before
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "Data sudah ada; kota demo tidak dimuat ulang."
    # A reminder of the main accounts for the newcomer, and their password.
    assert any(line.startswith("operator ") for line in lines)
    assert "cerdas-demo" in lines[-1]


def test_if_empty_loads_an_empty_instance(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", if_empty=True, complaints=12, stdout=StringIO())
    assert Complaint.objects.count() == 12
    assert Agency.objects.filter(code="pupr").exists()


def test_demo_publishes_open_data(demo, client):
    from cerdas.opendata.models import Dataset

    assert "4 dataset terbuka" in demo
    published = client.get("/api/3/action/package_list").json()["result"]
    assert len(published) == 4 and "jumlah-pengaduan-harian" in published
    assert Dataset.objects.filter(state="diajukan").count() == 1  # waits for the walidata
    people = Dataset.objects.get(name="jumlah-penduduk-per-kecamatan-kota-manado")
    rows = people.resources.get().rows.values_list("data", flat=True)
    assert len(rows) == 11  # Manado's kecamatan
    assert 400_000 < sum(r["jumlah_penduduk"] for r in rows) < 500_000
    formats = {r.format for d in Dataset.objects.published() for r in d.resources.all()}
    assert formats == {"CSV", "XLSX", "JSON"}


def test_demo_of_another_city_places_its_reports_in_its_own_desa(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    from cerdas.lib import cityfile

    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", city="71.05", complaints=30, seed=3, stdout=StringIO())
    located = Complaint.objects.exclude(latitude=None)
    assert located.count() >= 20
    assert not located.filter(area=None).exists()
    assert not located.exclude(area__code__startswith="71.05.").exists()
    assert all(code.startswith("MNS-") for code in Complaint.objects.values_list("code", flat=True))
    identity = cityfile.read(settings.DATA_DIR)
    assert (identity.code, identity.time_zone) == ("71.05", "Asia/Makassar")
    assert User.objects.get(username="walikota").first_name == "Bupati"

    # The data directory is Minahasa Selatan's now: the Manado demo is refused, and
    # `--if-empty` (make run) leaves it alone.
    with pytest.raises(CommandError, match="sudah disiapkan untuk Kabupaten Minahasa Selatan"):
        call_command("demo", city="71.71", complaints=0, stdout=StringIO())
    before = counts()
    call_command("demo", if_empty=True, stdout=StringIO())
    assert counts() == before


def test_demo_shows_every_feature_the_readme_advertises(demo, client):
    from cerdas.instructions.models import InstructionRecipient
    from cerdas.notifications.deadlines import deadlines_escalate, deadlines_warn
    from cerdas.notifications.models import DeadlineNotice, Notification
    from cerdas.triage import store
    from cerdas.triage.duplicates import queue_pairs
    from cerdas.triage.models import RoutingDecision

    # The history is not news: it queued no notice (nothing for var/mail), and the first
    # run of the deadline jobs finds its warnings and escalations already claimed.
    assert Notification.objects.count() == 0
    assert DeadlineNotice.objects.exists()
    assert (deadlines_warn(), deadlines_escalate()) == (0, 0)
    assert Notification.objects.count() == 0
    # A routing model trained on the demo's own dispositions, asked about every case
    # still waiting for verification (suggestions only: none disposed by it).
    assert "Model rute" in demo and store.current_version()
    waiting = Complaint.objects.filter(state=State.NEW)
    assert waiting.exists()
    assert RoutingDecision.objects.filter(complaint__in=waiting).count() == waiting.count()
    assert not RoutingDecision.objects.filter(auto_disposed=True).exists()
    # Likely duplicates for the operator: new reports next to a case being handled.
    pairs = queue_pairs()
    assert pairs and all(c.category_id == cand.complaint.category_id for c, cand in pairs)
    # Leaders' instructions in several states, one of them sent back once.
    statuses = set(InstructionRecipient.objects.values_list("status", flat=True))
    assert {"terkirim", "diterima", "dikerjakan", "dilaporkan_selesai", "selesai"} <= statuses
    assert InstructionRecipient.objects.filter(return_count=1).exists()
    # The city's sensors with a day of readings: a river at Siaga 3 and rising, air
    # quality, rain; on the public levels page.
    from cerdas.sensors.models import Reading, Sensor

    sensors = {s.code: s for s in Sensor.objects.all()}
    assert len(sensors) == 6
    assert sensors["tondano-megawati"].level_name == "Siaga 3"
    assert sensors["ispu-pasar45"].level_name in ("Baik", "Sedang")
    assert Reading.objects.filter(sensor=sensors["tondano-megawati"]).count() == 144
    assert sensors["tondano-megawati"].area.name  # placed in its kelurahan
    levels = client.get("/sensor/?format=json").json()["sensors"]
    assert {s["code"] for s in levels} == set(sensors)
    client.force_login(User.objects.get(username="operator"))
    page = client.get("/cc/duplikat/")
    assert page.status_code == 200 and pairs[0][0].code in page.content.decode()
