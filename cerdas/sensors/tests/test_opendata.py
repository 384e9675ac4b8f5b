"""The sensors' readings as an open dataset: per sensor and hour of the city's clock, in
the portal and through the CKAN API."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.core.management import call_command

from cerdas.agencies.models import Agency
from cerdas.opendata.models import Dataset, DatasetState
from cerdas.opendata.services import sensor_hours_refresh
from cerdas.sensors.models import Reading
from cerdas.sensors.services import reading_ingest

# 15:50 UTC is 23:50 in Manado (WITA): the readings after 16:00 UTC fall in the next
# city day's first hour.
T0 = datetime(2026, 11, 30, 15, 50, tzinfo=UTC)


def diskominfo():
    return Agency.objects.create(
        code="diskominfo", name="Dinas Komunikasi dan Informatika", short_name="Diskominfo"
    )


def records(client, name="pembacaan-sensor-per-jam") -> list[dict]:
    shown = client.get("/api/3/action/package_show", {"id": name}).json()
    assert shown["success"], shown
    resource_id = shown["result"]["resources"][0]["id"]
    result = client.get(
        "/api/3/action/datastore_search", {"resource_id": resource_id, "limit": 1000}
    ).json()["result"]
    return result["records"]


def feed(sensor, values, start=T0, step=timedelta(minutes=5)):
    for i, value in enumerate(values):
        reading_ingest(sensor=sensor, payload={"value": value}, now=start + i * step)


def test_hourly_means_in_the_city_clock_through_the_ckan_api(client, river):
    diskominfo()
    # 23:50, 23:55 (one hour), then 00:00 .. 00:20 of 1 December (the next).
    feed(river.river, [100, 120, 140, 160, 130, 110, 90])
    assert Reading.objects.count() == 7
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert sensor_hours_refresh() == 2
    rows = records(client)
    assert [(r["jam"], r["jumlah_bacaan"]) for r in rows] == [
        ("2026-11-30T23:00+08:00", 2),
        ("2026-12-01T00:00+08:00", 5),
    ]
    first, second = rows
    assert (first["rata_rata"], first["minimum"], first["maksimum"]) == (110, 100, 120)
    assert (second["rata_rata"], second["minimum"], second["maksimum"]) == (126, 90, 160)
    place = (second["kode_sensor"], second["satuan"], second["lintang"], second["bujur"])
    assert place == ("tondano-1", "cm", 1.493, 124.84)
    assert Dataset.objects.get(source="sensor").state == DatasetState.PUBLISHED


def test_no_key_and_no_inactive_sensor_in_the_dataset(client, river):
    diskominfo()
    feed(river.river, [100, 110])
    sensor_hours_refresh()
    body = client.get(
        "/api/3/action/package_show", {"id": "pembacaan-sensor-per-jam"}
    ).content.decode()
    assert river.river_key not in body and river.river.key_hash not in body
    river.river.is_active = False
    river.river.save()
    assert sensor_hours_refresh(force=True) == 0  # rewritten, without the sensor
    assert records(client) == []


def test_unchanged_readings_keep_metadata_modified(client, river):
    diskominfo()
    feed(river.river, [100, 110])
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert sensor_hours_refresh() == 1
        assert sensor_hours_refresh() == 0  # claimed within the hour
    modified = Dataset.objects.get(source="sensor").modified_at
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        assert sensor_hours_refresh() == 0  # nothing new: nothing written
    assert Dataset.objects.get(source="sensor").modified_at == modified


def test_a_city_without_sensors_gets_no_empty_dataset(city):
    diskominfo()
    assert sensor_hours_refresh(force=True) == 0
    assert not Dataset.objects.filter(source="sensor").exists()


def test_the_periodic_command_runs_it(river, capsys):
    diskominfo()
    feed(river.river, [100])
    call_command("periodic")
    assert "opendata_sensor_hours: 1 " in capsys.readouterr().out
