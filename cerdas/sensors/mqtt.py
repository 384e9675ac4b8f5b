"""The MQTT listener: one topic per sensor, `<prefix>/<code>/reading`, a JSON payload
{"value": ..., "ts": ...} as over HTTP. Every message goes through `reading_ingest`;
a bad one is refused and counted (on the sensor, or in `stats` for an unknown topic) and
the listener goes on. The broker authenticates each device and its ACL lets a device
write only its own topic (docs/sensors.md)."""

import json
import logging
import ssl
import threading
import time
from collections import Counter

import paho.mqtt.client as mqtt
from django.conf import settings
from django.db import close_old_connections

from .models import Sensor
from .services import ReadingRefusedError, reading_ingest

log = logging.getLogger(__name__)

SENSOR_CACHE_SECONDS = 60


class Listener:
    def __init__(self, *, host: str, port: int, prefix: str, client_id: str = "cerdas-listener"):
        self.host, self.port, self.prefix = host, port, prefix.rstrip("/")
        self.stats: Counter = Counter()
        self._sensors: dict[str, Sensor] = {}
        self._loaded_at = 0.0
        self.connected = threading.Event()
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False
        )
        if settings.CERDAS_MQTT_USERNAME:
            self.client.username_pw_set(
                settings.CERDAS_MQTT_USERNAME, settings.CERDAS_MQTT_PASSWORD or None
            )
        if settings.CERDAS_MQTT_CA_FILE:
            self.client.tls_set(
                ca_certs=settings.CERDAS_MQTT_CA_FILE, tls_version=ssl.PROTOCOL_TLS_CLIENT
            )
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)

    @property
    def topic(self) -> str:
        return f"{self.prefix}/+/reading"

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            log.error("MQTT connection refused: %s", reason_code)
            return
        # QoS 1 with a persistent session: messages sent while we were away are kept
        # by the broker and delivered on reconnection.
        client.subscribe(self.topic, qos=1)
        self.connected.set()
        log.info("MQTT listening on %s", self.topic)

    def sensor(self, code: str) -> Sensor | None:
        if time.monotonic() - self._loaded_at > SENSOR_CACHE_SECONDS:
            self._sensors = {s.code: s for s in Sensor.objects.select_related("agency")}
            self._loaded_at = time.monotonic()
        return self._sensors.get(code)

    def _on_message(self, client, userdata, message) -> None:
        try:
            self.handle(message.topic, message.payload)
        except Exception:
            # Never crash the listener: a database hiccup loses this message, not the rest.
            self.stats["error"] += 1
            log.exception("MQTT message on %s failed", message.topic)

    def handle(self, topic: str, payload: bytes) -> str:
        """One message. Returns "accepted", "refused" or "unknown"."""
        close_old_connections()
        parts = topic.split("/")
        code = parts[-2] if len(parts) >= 2 and parts[-1] == "reading" else ""
        sensor = self.sensor(code) if code else None
        if sensor is None:
            self.stats["unknown"] += 1
            return "unknown"
        try:
            data = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            data = None  # refused and counted by reading_ingest
        try:
            outcome = reading_ingest(sensor=sensor, payload=data)
        except ReadingRefusedError as exc:
            self.stats["refused"] += 1
            log.info("MQTT reading of %s refused: %s", code, exc)
            return "refused"
        self._sensors[code] = outcome.sensor
        self.stats["accepted"] += 1
        return "accepted"

    def start(self) -> None:
        """Connect and listen in a background thread (tests, the bench)."""
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def run_forever(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_forever(retry_first_connection=True)


def listener_from_settings() -> Listener:
    return Listener(
        host=settings.CERDAS_MQTT_HOST or "127.0.0.1",
        port=settings.CERDAS_MQTT_PORT,
        prefix=settings.CERDAS_MQTT_TOPIC_PREFIX,
    )
