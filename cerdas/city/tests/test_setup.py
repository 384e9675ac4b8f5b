"""`cerdas city setup`: a city's areas, identity and starter set, all or nothing."""

import copy
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cerdas.agencies.models import Agency, AgencyKind
from cerdas.areas.models import Area, AreaLevel
from cerdas.areas.regions import PROVINCE_TIME_ZONES, REGION_CODES
from cerdas.city.services import city_setup, code_prefix_for
from cerdas.complaints.models import Category, DeadlinePolicy
from cerdas.lib import cityfile

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "areas" / "data"
DUMAI = DATA / "dumai_14.72_boundaries.geojson"
MINSEL = DATA / "minahasa_selatan_71.05_boundaries.geojson"
BINTAN = "14.72.06.1004"


def snapshot() -> dict:
    """Every row the setup may write, with its values."""
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in (
            (Area, ("code", "name", "level", "parent__code", "population", "center_lat")),
            (Agency, ("code", "name", "short_name", "kind", "public_contact", "is_active")),
            (Category, ("code", "name", "default_agency__code", "policy__name", "sort_order")),
            (DeadlinePolicy, ("name", "verify_amount", "resolution_amount")),
        )
    }


def geometries(prefix: str) -> dict:
    return dict(Area.objects.filter(code__startswith=prefix).values_list("code", "geometry"))


@pytest.fixture
def setup(django_capture_on_commit_callbacks):
    """`cerdas city setup ...`; the city file is written once the transaction commits."""

    def run(code="14.72", boundaries=DUMAI, **kwargs):
        out = StringIO()
        args = ["setup", "--code", code]
        args += ["--boundaries", str(boundaries)] if boundaries else []
        for name, value in kwargs.items():
            args += [f"--{name}", value]
        with django_capture_on_commit_callbacks(execute=True):
            call_command("city", *args, stdout=out)
        return out.getvalue()

    return run


def test_dumai_gets_its_areas_zone_prefix_and_starter_set(settings, setup):
    out = setup()
    dumai = Area.objects.in_city("14.72")
    assert dumai.filter(level=AreaLevel.DISTRICT).count() == 7
    assert dumai.villages().count() == 36  # the Kemendagri list
    assert dumai.villages().filter(geometry__isnull=False).count() == 33  # the file's polygons
    bintan = Area.objects.get(code=BINTAN)
    assert (bintan.name, bintan.kind, bintan.parent.name) == ("Bintan", "Kelurahan", "Dumai Kota")
    assert Area.objects.get(code="14.72").population == 355_256
    assert Area.objects.get(code="14.72.06").center_lat is not None

    identity = cityfile.read(settings.DATA_DIR)
    assert identity == cityfile.CityIdentity("14.72", "Kota Dumai", "DMI", "Asia/Jakarta")
    assert "Asia/Jakarta (WIB)" in out and "3 kelurahan/desa tanpa poligon" in out

    opds = set(Agency.objects.filter(kind=AgencyKind.OPD).values_list("code", flat=True))
    assert {"pupr", "dlh", "dishub", "bpbd", "satpolpp", "dinkes", "disdukcapil"} <= opds
    assert {"diskominfo", "kec-dumai-kota", "kec-bukit-kapur"} <= opds
    assert not {"pertanian", "dpmd"} & opds  # a kota
    assert Agency.objects.get(code="bpjn").name == "Balai Pelaksana Jalan Nasional (BPJN) Riau"
    assert Agency.objects.get(code="polres").short_name == "Polres Dumai"
    road = Category.objects.get(code="jalan-rusak")
    assert (road.default_agency.code, road.policy.resolution_amount) == ("pupr", 14)
    assert Category.objects.get(code="lainnya").sort_order == 999


def test_a_regency_gets_desa_wita_and_rural_agencies(settings, setup):
    setup(code="71.05", boundaries=MINSEL)
    villages = Area.objects.villages().in_city("71.05")
    assert Area.objects.in_city("71.05").filter(level=AreaLevel.DISTRICT).count() == 17
    assert villages.filter(geometry__isnull=False).count() == 177
    assert villages.filter(kind="Desa").count() == 167
    identity = cityfile.read(settings.DATA_DIR)
    assert (identity.name, identity.time_zone) == ("Kabupaten Minahasa Selatan", "Asia/Makassar")
    assert identity.code_prefix == "MNS"
    assert Agency.objects.filter(code__in=["pertanian", "dpmd"]).count() == 2
    assert Category.objects.get(code="desa").default_agency.code == "dpmd"
    assert Agency.objects.filter(code__startswith="kec-").count() == 17


def test_running_twice_changes_nothing_and_keeps_the_admins_edits(settings, setup):
    setup()
    Agency.objects.filter(code="pupr").update(name="Dinas PU dan Penataan Ruang Kota Dumai")
    Area.objects.filter(code=BINTAN).update(population=12_345)
    path = cityfile.path_in(settings.DATA_DIR)
    written = path.stat().st_mtime_ns
    before, outlines = snapshot(), geometries("14.72.")

    out = setup()  # the shipped file this time: the same polygons
    assert "tidak ada yang berubah" in out
    assert snapshot() == before
    assert geometries("14.72.") == outlines
    assert path.stat().st_mtime_ns == written
    assert Agency.objects.get(code="pupr").name == "Dinas PU dan Penataan Ruang Kota Dumai"


def test_prefix_and_name_may_be_chosen(settings, setup):
    setup(prefix="dum", name="Pemerintah Kota Dumai")
    identity = cityfile.read(settings.DATA_DIR)
    assert (identity.code_prefix, identity.name) == ("DUM", "Pemerintah Kota Dumai")


def _feature_file(tmp_path, mutate) -> Path:
    document = json.loads(DUMAI.read_text(encoding="utf-8"))
    mutate(document)
    path = tmp_path / "batas.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _bintan(document) -> dict:
    return next(f for f in document["features"] if f["properties"]["kode"] == BINTAN)


def _bowtie(document):
    x, y = 101.447, 1.667
    _bintan(document)["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.01, y + 0.01], [x + 0.01, y], [x, y + 0.01], [x, y]]],
    }


def _swapped(document):
    geometry = _bintan(document)["geometry"]
    geometry["coordinates"] = [
        [[[lat, lon] for lon, lat in ring] for ring in polygon]
        for polygon in geometry["coordinates"]
    ]


def _unknown_code(document):
    extra = copy.deepcopy(_bintan(document))
    extra["properties"]["kode"] = "14.72.06.1999"
    document["features"].append(extra)


def _no_code(document):
    del _bintan(document)["properties"]["kode"]


def _point(document):
    _bintan(document)["geometry"] = {"type": "Point", "coordinates": [101.447, 1.667]}


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("99.01", "tidak ada dalam daftar kode wilayah Kemendagri"),
        ("14.72.06", "kecamatan, bukan kabupaten/kota"),
        ("14", "provinsi, bukan kabupaten/kota"),
        ("other-city", "Berkas ini berisi wilayah 71.05"),
        ("no-file", "tidak membawa batas wilayah Kota Dumai"),  # for 14.71 Pekanbaru
        ("missing", "tidak bisa dibaca"),
        ("not-json", "bukan GeoJSON yang sah"),
        ("bowtie", f"{BINTAN}: poligon tidak sah (Self-intersection"),
        ("swapped", f"{BINTAN}: koordinat tertukar"),
        ("unknown-code", "14.72.06.1999"),
        ("no-code", "1 fitur tanpa kode Kemendagri"),
        ("point", f"{BINTAN}: geometri harus Polygon atau MultiPolygon, bukan Point"),
        ("format", "Format berkas tidak dikenal"),
        ("prefix", "Awalan kode lacak 'D1': 2 sampai 4 huruf kapital"),
        ("other-install", "sudah disiapkan untuk Kabupaten Minahasa Selatan"),
    ],
)
def test_bad_input_is_refused_clearly_and_writes_nothing(settings, setup, tmp_path, case, message):
    code, boundaries, extra = "14.72", DUMAI, {}
    if case == "other-install":
        cityfile.write(
            settings.DATA_DIR,
            cityfile.CityIdentity("71.05", "Kabupaten Minahasa Selatan", "MNS", "Asia/Makassar"),
        )
    if case in ("99.01", "14.72.06", "14"):
        code = case
    elif case == "other-city":
        boundaries = MINSEL
    elif case == "no-file":
        code, boundaries = "14.71", None
        message = "tidak membawa batas wilayah Kota Pekanbaru"
    elif case == "missing":
        boundaries = tmp_path / "tidak-ada.geojson"
    elif case == "not-json":
        boundaries = tmp_path / "rusak.geojson"
        boundaries.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    elif case == "format":
        boundaries = tmp_path / "batas.gpx"
        boundaries.write_text("<gpx/>", encoding="utf-8")
    elif case == "prefix":
        extra = {"prefix": "D1"}
    elif case != "other-install":
        mutate = {
            "bowtie": _bowtie,
            "swapped": _swapped,
            "unknown-code": _unknown_code,
            "no-code": _no_code,
            "point": _point,
        }[case]
        boundaries = _feature_file(tmp_path, mutate)
    before = snapshot()
    file_before = cityfile.read(settings.DATA_DIR)

    with pytest.raises(CommandError) as failure:
        setup(code=code, boundaries=boundaries, **extra)
    assert message in str(failure.value)
    assert snapshot() == before
    assert cityfile.read(settings.DATA_DIR) == file_before


def test_a_failure_while_writing_rolls_back_rows_and_file(settings, monkeypatch):
    from cerdas.city import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    before = snapshot()
    monkeypatch.setattr(services, "categories_ensure", broken)
    with pytest.raises(RuntimeError):
        city_setup(code="14.72", boundaries=DUMAI)
    assert snapshot() == before
    assert not cityfile.path_in(settings.DATA_DIR).exists()


def test_prefixes_from_names():
    assert code_prefix_for("Kota Dumai") == "DMI"
    assert code_prefix_for("Kota Manado") == "MND"
    assert code_prefix_for("Kabupaten Minahasa Selatan") == "MNS"
    assert code_prefix_for("Kabupaten Pangkajene dan Kepulauan") == "PNK"
    assert code_prefix_for("Kota Administrasi Jakarta Selatan") == "JKS"
    assert code_prefix_for("Kabupaten Kepulauan Sangihe") == "KPS"


def test_every_province_has_its_time_zone():
    import csv
    import gzip

    with gzip.open(REGION_CODES, "rt", encoding="utf-8") as fh:
        provinces = {r["kode"]: r["nama"] for r in csv.DictReader(fh) if r["level"] == "provinsi"}
    assert len(provinces) == 38 and set(provinces) == set(PROVINCE_TIME_ZONES)
    zones = {provinces[code]: zone for code, zone in PROVINCE_TIME_ZONES.items()}
    assert zones["Riau"] == zones["Banten"] == "Asia/Jakarta"
    assert zones["Kalimantan Barat"] == zones["Kalimantan Tengah"] == "Asia/Pontianak"
    assert zones["Kalimantan Selatan"] == zones["Kalimantan Utara"] == "Asia/Makassar"
    assert zones["Bali"] == zones["Nusa Tenggara Timur"] == zones["Gorontalo"] == "Asia/Makassar"
    assert zones["Maluku Utara"] == zones["Papua Barat Daya"] == "Asia/Jayapura"


def _settings_in_fresh_process(data_dir: Path, **env_vars) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CERDAS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(CERDAS_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="cerdas.settings", **env_vars)
    code = (
        "from django.conf import settings as s; "
        "print(s.CERDAS_CITY_CODE, s.CERDAS_CODE_PREFIX, s.TIME_ZONE, s.CERDAS_CITY_NAME)"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_a_set_up_data_directory_is_the_city_without_environment_variables(tmp_path):
    identity = cityfile.CityIdentity("14.72", "Kota Dumai", "DMI", "Asia/Jakarta")
    cityfile.write(tmp_path, identity)
    result = _settings_in_fresh_process(tmp_path)
    assert result.stdout.strip() == "14.72 DMI Asia/Jakarta Kota Dumai", result.stderr
    # The environment still overrides it.
    result = _settings_in_fresh_process(tmp_path, CERDAS_CODE_PREFIX="DUM")
    assert result.stdout.strip() == "14.72 DUM Asia/Jakarta Kota Dumai", result.stderr
    # A broken file stops the start, naming it.
    cityfile.path_in(tmp_path).write_text('{"code": "14.72"}', encoding="utf-8")
    result = _settings_in_fresh_process(tmp_path)
    assert result.returncode != 0 and "city.json" in result.stderr
