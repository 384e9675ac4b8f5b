"""The dataset that publishes itself from the complaint system: counts only."""

import json
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from cerdas.complaints import services as complaints
from cerdas.complaints.models import Complaint, Privacy
from cerdas.opendata.models import Dataset, Row
from cerdas.opendata.services import complaint_counts_refresh

PERSONAL = ["Budi", "Santoso", "081234567890", "budi@example.com", "berlubang", "Pungutan"]


def recount() -> Counter:
    """Counted again, independently, from the complaints themselves."""
    city = ZoneInfo(settings.TIME_ZONE)
    counts = Counter()
    for c in Complaint.objects.exclude(privacy=Privacy.CONFIDENTIAL).select_related(
        "area", "category"
    ):
        day = c.created_at.astimezone(city).date().isoformat()
        counts[(day, c.area.code if c.area else None, c.category.name, c.state)] += 1
    return counts


def published_counts(client) -> Counter:
    shown = client.get("/api/3/action/package_show", {"id": "jumlah-pengaduan-harian"}).json()
    resource_id = shown["result"]["resources"][0]["id"]
    result = client.get(
        "/api/3/action/datastore_search", {"resource_id": resource_id, "limit": 32000}
    ).json()["result"]
    return Counter(
        {
            (r["tanggal"], r["kode_kelurahan"], r["kategori"], r["status"]): r["jumlah"]
            for r in result["records"]
        }
    )


def test_counts_equal_a_recount_and_carry_no_personal_data(client, data_city, submit):
    # 23:30 UTC is already the next day in Manado (WITA, UTC+8); Pasar 45 (the fixture's
    # place) lies in kelurahan Pinaesaan, 71.71.04.1007.
    with time_machine.travel(datetime(2024, 5, 1, 23, 30, tzinfo=UTC), tick=False):
        first = submit()
        submit(reporter_name="Siti", reporter_phone="081298765432")
    with time_machine.travel(datetime(2024, 5, 3, 2, 0, tzinfo=UTC), tick=False):
        submit(category=data_city.garbage, latitude=None, longitude=None, address="Pasar Bersehati")
        submit(
            category=data_city.confidential,
            description="Pungutan liar di kantor kelurahan oleh oknum.",
        )
    complaints.complaint_dispose(complaint=first, user=data_city.operator, agency=data_city.pupr)

    assert complaint_counts_refresh() > 0
    dataset = Dataset.objects.get(source="pengaduan")
    assert dataset.state == "terbit" and dataset.agency == data_city.diskominfo
    counts = published_counts(client)
    assert counts == recount()
    assert counts == Counter(
        {
            ("2024-05-02", "71.71.04.1007", "Jalan rusak", "disposisi"): 1,
            ("2024-05-02", "71.71.04.1007", "Jalan rusak", "baru"): 1,
            ("2024-05-03", None, "Sampah", "baru"): 1,
        }
    )
    everything = json.dumps(
        [
            client.get("/api/3/action/package_show", {"id": dataset.name}).json(),
            list(Row.objects.values_list("data", flat=True)),
            client.get(f"/data/dataset/{dataset.name}/").content.decode(),
        ]
    )
    for secret in PERSONAL:
        assert secret not in everything
    assert {f["id"] for f in dataset.resources.get().fields} == {
        "tanggal", "kode_kelurahan", "kelurahan", "kecamatan", "kategori", "status", "jumlah"
    }  # fmt: skip


def test_refresh_once_an_hour_and_only_when_changed(data_city, submit):
    with time_machine.travel(datetime(2024, 5, 1, 2, 0, tzinfo=UTC), tick=False):
        submit()
        assert complaint_counts_refresh() == 1
        modified = Dataset.objects.get(source="pengaduan").modified_at
    with time_machine.travel(datetime(2024, 5, 1, 2, 30, tzinfo=UTC), tick=False):
        submit()
        assert complaint_counts_refresh() == 0  # claimed within the hour: not yet
    with time_machine.travel(datetime(2024, 5, 1, 3, 5, tzinfo=UTC), tick=False):
        assert complaint_counts_refresh() == 1  # one row: two complaints now
        dataset = Dataset.objects.get(source="pengaduan")
        assert dataset.modified_at > modified
        assert dataset.resources.get().rows.get().data["jumlah"] == 2
    with time_machine.travel(datetime(2024, 5, 1, 4, 10, tzinfo=UTC), tick=False):
        assert complaint_counts_refresh() == 0  # nothing changed: metadata_modified kept
        assert Dataset.objects.get(source="pengaduan").modified_at == dataset.modified_at
    assert Dataset.objects.filter(source="pengaduan").count() == 1


def test_the_periodic_command_runs_it(data_city, submit, capsys):
    submit()
    call_command("periodic")
    assert "opendata_complaint_counts: 1 " in capsys.readouterr().out


def test_without_the_agency_nothing_is_published(data_city, submit, settings):
    settings.CERDAS_OPENDATA_COMPLAINTS_AGENCY = "tidak-ada"
    submit()
    assert complaint_counts_refresh() == 0
    assert not Dataset.objects.exists()


def test_nobody_may_edit_or_return_the_generated_dataset(data_city, submit):
    from cerdas.opendata import services

    submit()
    complaint_counts_refresh()
    dataset = Dataset.objects.get(source="pengaduan")
    other = data_city.diskominfo
    officer = type(data_city.officer).objects.create(
        username="kominfo", role="petugas", agency=other
    )
    assert not services.may_edit(officer, dataset)
    with pytest.raises(services.WorkflowError):
        services.dataset_return(user=data_city.walidata, dataset=dataset, note="x")
    dataset.refresh_from_db()
    assert dataset.state == "terbit"
