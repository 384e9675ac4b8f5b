"""Slice 1 and 2: registry, HTTP ingest, levels with hysteresis, alarms, the outbox."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cerdas.complaints.workflow import WorkflowError
from cerdas.notifications.models import Notification
from cerdas.sensors.models import Alarm, AlarmKind, Kind, Reading, Sensor
from cerdas.sensors.services import (
    ReadingRefusedError,
    alarm_acknowledge,
    alarm_resolve,
    downsample,
    level_for,
    reading_ingest,
    sensors_check_silent,
)


def post(client, sensor, payload, key):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(
        f"/sensor/{sensor.code}/data",
        body,
        content_type="application/json",
        headers={"X-Device-Key": key},
    )


def test_key_is_stored_hashed(river):
    sensor = Sensor.objects.get(pk=river.river.pk)
    assert river.river_key not in sensor.key_hash
    assert sensor.key_matches(river.river_key)
    assert not sensor.key_matches("salah")


def test_http_ingest_stores_and_raises_alarm_to_bpbd_and_operator(client, river):
    response = post(client, river.river, {"value": 120}, river.river_key)
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "Siaga 4"
    response = post(client, river.river, {"value": 205.5}, river.river_key)
    assert response.json() == {"level": 2, "status": "Siaga 2", "alarm": True}
    assert Reading.objects.filter(sensor=river.river).count() == 2
    alarm = Alarm.objects.get(sensor=river.river)
    assert alarm.kind == AlarmKind.LEVEL and alarm.level == 2
    notices = Notification.objects.filter(key__startswith=f"sensor-alarm-{alarm.pk}-")
    assert set(notices.values_list("address", flat=True)) == {
        "operator@cerdas.test",
        "bpbd@cerdas.test",
    }
    assert "Siaga 2" in notices.first().subject
    # Another agency's staff is not told.
    assert not Notification.objects.filter(user__in=[river.other_officer, river.officer])


@pytest.mark.parametrize(
    "body",
    [
        "bukan json",
        {"nilai": 3},
        {"value": "tinggi"},
        {"value": True},
        {"value": 1e300},
        {"value": 3, "ts": "kemarin"},
        {"value": 3, "ts": "2026-12-03T10:00:00"},  # no zone
        [1, 2],
    ],
)
def test_bad_readings_refused_and_counted(client, river, body):
    response = post(client, river.river, body, river.river_key)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Reading.objects.exists()
    assert Sensor.objects.get(pk=river.river.pk).refused == 1


def test_wrong_key_and_unknown_sensor_refused(client, river):
    assert post(client, river.river, {"value": 3}, "salah").status_code == 401
    assert post(client, river.river, {"value": 3}, "").status_code == 401
    response = client.post("/sensor/tidak-ada/data", "{}", content_type="application/json")
    assert response.status_code == 401
    assert not Reading.objects.exists()


def test_out_of_order_and_future_refused(client, river):
    now = timezone.now()
    assert (
        post(
            client, river.river, {"value": 100, "ts": now.isoformat()}, river.river_key
        ).status_code
        == 202
    )
    for ts in (now, now - timedelta(minutes=1), now + timedelta(hours=1)):
        response = post(client, river.river, {"value": 300, "ts": ts.isoformat()}, river.river_key)
        assert response.status_code == 400
    sensor = Sensor.objects.get(pk=river.river.pk)
    assert sensor.refused == 3 and sensor.level == 0 and sensor.last_value == 100
    assert Reading.objects.count() == 1
    assert not Alarm.objects.exists()


def test_hysteresis_keeps_flicker_from_flooding(river):
    sensor = river.river
    t0 = timezone.now() - timedelta(hours=1)
    values = [199, 201, 198, 202, 195, 203, 189, 185, 205]
    for i, value in enumerate(values):
        reading_ingest(sensor=sensor, payload={"value": value}, now=t0 + timedelta(minutes=i))
    # 201 raised it; 198..195 stay in Siaga 2 (hysteresis 10); 189 left it; 205 again,
    # but the alarm was still open: one alarm, one notice per person.
    assert Alarm.objects.filter(sensor=sensor).count() == 1
    assert Notification.objects.count() == 2
    assert level_for(sensor, 191, 2) == 2 and level_for(sensor, 189, 2) == 1
    assert level_for(sensor, 260, 0) == 3


def test_worse_level_notifies_again(river):
    now = timezone.now()
    reading_ingest(sensor=river.river, payload={"value": 210}, now=now)
    reading_ingest(sensor=river.river, payload={"value": 260}, now=now + timedelta(seconds=10))
    alarm = Alarm.objects.get()
    assert alarm.level == 3 and alarm.level_name == "Siaga 1"
    assert Notification.objects.count() == 4


def test_air_ispu_bands(river):
    air = Sensor.objects.create(
        code="udara-1", name="ISPU Pasar 45", kind=Kind.AIR, unit="ISPU",
        lat=1.49, lon=124.84, agency=river.dlh, alarm_level=2,
    )  # fmt: skip
    assert [air.levels[level_for(air, v, 0)] for v in (50, 51, 150, 250, 301)] == [
        "Baik",
        "Sedang",
        "Tidak Sehat",
        "Sangat Tidak Sehat",
        "Berbahaya",
    ]


def test_no_reading_alarm_and_it_resolves_itself(river):
    sensor = river.river
    now = timezone.now()
    reading_ingest(sensor=sensor, payload={"value": 100}, now=now)
    assert sensors_check_silent(now=now + timedelta(minutes=10)) == 0
    assert sensors_check_silent(now=now + timedelta(minutes=16)) == 1
    assert sensors_check_silent(now=now + timedelta(minutes=30)) == 0  # one open alarm
    alarm = Alarm.objects.get(kind=AlarmKind.SILENT)
    assert Notification.objects.filter(key__startswith=f"sensor-alarm-{alarm.pk}-").count() == 2
    reading_ingest(sensor=sensor, payload={"value": 101}, now=now + timedelta(minutes=31))
    alarm.refresh_from_db()
    assert alarm.resolved_at is not None


def test_periodic_command_runs_the_check(river):
    from django.core.management import call_command

    Sensor.objects.filter(pk=river.river.pk).update(created_at=timezone.now() - timedelta(hours=1))
    call_command("periodic")
    assert Alarm.objects.filter(kind=AlarmKind.SILENT, sensor=river.river).exists()


def test_acknowledge_and_resolve_who_and_when(river):
    reading_ingest(sensor=river.river, payload={"value": 230})
    alarm = Alarm.objects.get()
    with pytest.raises(WorkflowError):
        alarm_acknowledge(alarm=alarm, user=river.other_officer)
    alarm_acknowledge(alarm=alarm, user=river.bpbd_officer)
    assert alarm.acknowledged_by == river.bpbd_officer and alarm.acknowledged_at
    alarm_resolve(alarm=alarm, user=river.operator)
    alarm.refresh_from_db()
    assert alarm.resolved_by == river.operator and alarm.acknowledged_by == river.bpbd_officer
    with pytest.raises(WorkflowError):
        alarm_resolve(alarm=alarm, user=river.operator)


def test_downsample_buckets(river):
    end = timezone.now()
    start = end - timedelta(hours=24)
    Reading.objects.bulk_create(
        Reading(sensor=river.river, ts=start + timedelta(minutes=m), value=float(m % 60))
        for m in range(24 * 60)
    )
    points = downsample(river.river, start=start, end=end, buckets=24)
    assert len(points) == 24
    assert points[0]["min"] == 0 and points[0]["max"] == 59 and points[0]["avg"] == 29.5


def test_refusal_never_500(river):
    with pytest.raises(ReadingRefusedError):
        reading_ingest(sensor=river.river, payload=None)
