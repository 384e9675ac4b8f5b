"""The MQTT listener against the real broker (Mosquitto on 127.0.0.1:1883); skipped only
when it is unreachable. Transactional: the listener's thread has its own connection."""

import json
import socket
import time
import uuid

import paho.mqtt.client as mqtt
import pytest

from cerdas.notifications.models import Notification
from cerdas.sensors.models import Alarm, Reading, Sensor
from cerdas.sensors.mqtt import Listener

HOST, PORT = "127.0.0.1", 1883

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restore_areas")]


def _broker_up() -> bool:
    try:
        socket.create_connection((HOST, PORT), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def listener(river):
    if not _broker_up():
        pytest.skip("no MQTT broker on 127.0.0.1:1883")
    prefix = f"test-{uuid.uuid4().hex[:8]}/sensors"
    listener = Listener(host=HOST, port=PORT, prefix=prefix, client_id=f"t-{uuid.uuid4().hex}")
    listener.start()
    assert listener.connected.wait(5)
    time.sleep(0.2)  # the SUBACK
    yield listener
    listener.stop()


def _publish(prefix: str, messages: list[tuple[str, bytes]]) -> None:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.connect(HOST, PORT)
    client.loop_start()
    for topic, payload in messages:
        client.publish(f"{prefix}/{topic}", payload, qos=1).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()


def _wait(predicate, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_readings_over_mqtt_raise_alarm_and_bad_ones_are_counted(listener, river):
    code = river.river.code
    _publish(
        listener.prefix,
        [
            (f"{code}/reading", json.dumps({"value": 120}).encode()),
            (f"{code}/reading", b"\xff bukan json"),
            (f"{code}/reading", json.dumps({"value": "x"}).encode()),
            ("tidak-ada/reading", json.dumps({"value": 1}).encode()),
            (f"{code}/reading", json.dumps({"value": 212}).encode()),
        ],
    )
    assert _wait(lambda: listener.stats["accepted"] == 2), listener.stats
    assert _wait(lambda: listener.stats["unknown"] == 1), listener.stats
    assert listener.stats["refused"] == 2 and listener.stats["error"] == 0
    assert Sensor.objects.get(code=code).refused == 2
    assert list(Reading.objects.order_by("ts").values_list("value", flat=True)) == [120, 212]
    alarm = Alarm.objects.get()
    assert alarm.level_name == "Siaga 2"
    assert Notification.objects.filter(address="bpbd@cerdas.test").exists()
