"""`cerdas sensors listen`: take sensor readings from the MQTT broker until stopped."""

import signal

from django.core.management.base import BaseCommand

from cerdas.sensors.mqtt import listener_from_settings


class Command(BaseCommand):
    help = "Sensors: `listen` takes readings from the MQTT broker (CERDAS_MQTT_*)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("listen", help="listen to <prefix>/<code>/reading until stopped")

    def handle(self, *args, **options) -> None:
        listener = listener_from_settings()
        signal.signal(signal.SIGTERM, lambda *_: listener.client.disconnect())
        self.stdout.write(f"Mendengarkan {listener.topic} di {listener.host}:{listener.port}")
        self.stdout.flush()
        try:
            listener.run_forever()
        except KeyboardInterrupt:
            listener.client.disconnect()
        self.stdout.write(f"Berhenti: {dict(listener.stats)}")
