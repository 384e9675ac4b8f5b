"""The walidata's review step, who may do what, and uploads that import nothing."""

import pytest

from cerdas.complaints.services import Upload
from cerdas.opendata import services
from cerdas.opendata.models import Dataset, Resource, Row
from cerdas.opendata.services import UploadError, WorkflowError

from .conftest import POPULATION_CSV


def fields(**kwargs):
    return services.DatasetFields(**{"title": "Panjang jalan", "year": 2024, **kwargs})


def test_producer_drafts_submits_and_walidata_publishes(data_city):
    dataset = services.dataset_create(
        user=data_city.officer, fields=fields(tags=("Jalan", "jalan", "infrastruktur"))
    )
    assert dataset.state == "draf" and dataset.agency == data_city.pupr
    assert dataset.name == "panjang-jalan"
    assert sorted(t.name for t in dataset.tags.all()) == ["infrastruktur", "jalan"]
    with pytest.raises(WorkflowError, match="sedikitnya satu sumber"):
        services.dataset_submit(user=data_city.officer, dataset=dataset)
    resource = services.resource_upload(
        user=data_city.officer,
        dataset=dataset,
        name="Tabel",
        upload=Upload(name="penduduk.csv", data=POPULATION_CSV),
    )
    assert resource.row_count == 3 and resource.format == "CSV"
    assert list(resource.rows.order_by("number").values_list("data", flat=True))[0] == {
        "kecamatan": "Wenang",
        "penduduk": 31250,
        "luas_km2": 3.64,
    }
    services.dataset_submit(user=data_city.head, dataset=dataset)
    # In review the producer cannot change it any more.
    with pytest.raises(WorkflowError, match="tidak dapat diubah"):
        services.dataset_update(user=data_city.officer, dataset=dataset, fields=fields())
    published = services.dataset_publish(user=data_city.walidata, dataset=dataset)
    assert published.state == "terbit" and published.reviewed_by == data_city.walidata
    assert Dataset.objects.published().get() == dataset


def test_walidata_returns_with_a_reason_and_producer_fixes(make_dataset, data_city):
    dataset = make_dataset(state="diajukan")
    with pytest.raises(WorkflowError, match="Alasan wajib diisi"):
        services.dataset_return(user=data_city.walidata, dataset=dataset, note="  ")
    services.dataset_return(user=data_city.walidata, dataset=dataset, note="Satuan belum diisi.")
    dataset.refresh_from_db()
    assert dataset.state == "dikembalikan" and dataset.review_note == "Satuan belum diisi."
    services.dataset_update(user=data_city.officer, dataset=dataset, fields=fields(unit="km"))
    services.dataset_submit(user=data_city.officer, dataset=dataset)
    dataset.refresh_from_db()
    assert dataset.state == "diajukan" and dataset.unit == "km"


@pytest.mark.parametrize("who", ["citizen", "other_officer", "leader", "operator", "walidata"])
def test_only_the_producing_agency_may_create_or_edit(make_dataset, data_city, who):
    user = getattr(data_city, who)
    draft = make_dataset(state="draf")
    with pytest.raises(WorkflowError):
        services.dataset_create(user=user, fields=fields(), agency=data_city.pupr)
    with pytest.raises(WorkflowError):
        services.dataset_update(user=user, dataset=draft, fields=fields(title="Diubah"))
    with pytest.raises(WorkflowError):
        services.resource_upload(
            user=user, dataset=draft, name="x", upload=Upload(name="a.csv", data=POPULATION_CSV)
        )
    with pytest.raises(WorkflowError):
        services.dataset_submit(user=user, dataset=draft)
    draft.refresh_from_db()
    assert draft.title == "Jumlah penduduk per kecamatan" and draft.state == "draf"
    assert draft.resources.count() == 1


@pytest.mark.parametrize("who", ["citizen", "officer", "head", "other_officer", "admin"])
def test_only_the_walidata_publishes(make_dataset, data_city, who):
    dataset = make_dataset(state="diajukan")
    with pytest.raises(WorkflowError, match="walidata"):
        services.dataset_publish(user=getattr(data_city, who), dataset=dataset)
    with pytest.raises(WorkflowError, match="walidata"):
        services.dataset_return(user=getattr(data_city, who), dataset=dataset, note="x")
    dataset.refresh_from_db()
    assert dataset.state == "diajukan"


def test_walidata_cannot_publish_a_draft(make_dataset, data_city):
    draft = make_dataset(state="draf")
    with pytest.raises(WorkflowError, match="diajukan"):
        services.dataset_publish(user=data_city.walidata, dataset=draft)
    assert Dataset.objects.published().count() == 0


def test_parent_agency_staff_may_publish_for_their_unit(data_city):
    dataset = services.dataset_create(user=data_city.head, fields=fields(), agency=data_city.uptd)
    assert dataset.agency == data_city.uptd
    with pytest.raises(WorkflowError):
        services.dataset_create(user=data_city.other_head, fields=fields(), agency=data_city.uptd)


@pytest.mark.parametrize(
    "filename,data,expected",
    [
        ("a.csv", b"a,b\n1,2\n3\n", "Baris 3: 1 kolom, seharusnya 2"),
        ("a.csv", b"", "Berkas kosong."),
        ("a.csv", "a,b\n1,2\n".encode("utf-16"), "UTF-16"),
        ("a.xlsx", b"not an xlsx", "XLSX rusak"),
        ("a.json", b"[{", "JSON tidak sah di baris 1"),
        ("a.csv", b"a,b\n" + b"1,2\n" * 400_000, "terlalu besar"),
    ],
)
def test_bad_upload_imports_nothing(make_dataset, data_city, settings, filename, data, expected):
    settings.CERDAS_MAX_UPLOAD_MB = 1
    dataset = make_dataset(state="draf")
    before = (Resource.objects.count(), Row.objects.count(), dataset.modified_at)
    with pytest.raises(UploadError) as exc:
        services.resource_upload(
            user=data_city.officer, dataset=dataset, name="x", upload=Upload(filename, data)
        )
    assert any(expected in p for p in exc.value.problems), exc.value.problems
    dataset.refresh_from_db()
    assert (Resource.objects.count(), Row.objects.count(), dataset.modified_at) == before
    files = list((settings.MEDIA_ROOT / "opendata").rglob("*"))
    assert [f.name for f in files if f.is_file()] == ["penduduk.csv"]


def test_a_failure_while_storing_rows_leaves_no_resource_nor_file(
    make_dataset, data_city, settings, monkeypatch
):
    dataset = make_dataset(state="draf")

    def broken(resource, table):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "rows_store", broken)
    with pytest.raises(RuntimeError):
        services.resource_upload(
            user=data_city.officer, dataset=dataset, name="x", upload=Upload("b.csv", b"a,b\n1,2\n")
        )
    assert Resource.objects.count() == 1
    assert not list((settings.MEDIA_ROOT / "opendata").rglob("b.csv"))


def test_link_resource_must_be_http(make_dataset, data_city):
    dataset = make_dataset(state="draf")
    with pytest.raises(WorkflowError, match="http"):
        services.resource_link(
            user=data_city.officer, dataset=dataset, name="x", url="ftp://x/y", format="api"
        )
    link = services.resource_link(
        user=data_city.officer, dataset=dataset, name="Peta", url="https://x.id/peta", format="wms"
    )
    assert link.format == "WMS" and not link.datastore_active
