"""The demo's sensors: Manado's rivers, a rain gauge and two air-quality stations, with the
last day of readings, so the wall, the alarms page, the public levels page and the open
data portal have something true to show. The last reading of each goes through the real
service (`reading_ingest`), so levels and alarms are what a live feed would have made."""

import math
import random
from datetime import datetime, timedelta

from cerdas.agencies.models import Agency
from cerdas.areas.services import area_at
from cerdas.sensors.models import ISPU_THRESHOLDS, Kind, Reading, Sensor
from cerdas.sensors.services import reading_ingest

EVERY = timedelta(minutes=10)
HOURS = 24

# code, name, kind, unit, lat, lon, agency, thresholds, hysteresis, alarm level,
# base value, daily swing, how far the last hours rise (a river after rain upstream).
# The Tondano stands at Siaga 3, rising: below the alarm, so loading the demo notifies
# nobody (its history is not news); one more push from a test or a device raises it.
SENSORS = [
    ("tondano-megawati", "Sungai Tondano, Jembatan Megawati", Kind.WATER, "cm",
     1.4936, 124.8413, "bpbd", [150, 200, 250], 10, 2, 120, 15, 55),
    ("sario-jembatan", "Sungai Sario, Jembatan Sario", Kind.WATER, "cm",
     1.4705, 124.8290, "bpbd", [120, 170, 220], 8, 2, 80, 10, 30),
    ("bailang-muara", "Sungai Bailang, muara", Kind.WATER, "cm",
     1.5372, 124.8683, "bpbd", [140, 190, 240], 10, 2, 70, 12, 0),
    ("hujan-tikala", "Penakar hujan Kantor Camat Tikala", Kind.RAIN, "mm/jam",
     1.4871, 124.8525, "bpbd", [10, 20, 50], 2, 2, 0, 0, 14),
    ("ispu-pasar45", "ISPU Pasar 45", Kind.AIR, "ISPU",
     1.4958, 124.8400, "dlh", ISPU_THRESHOLDS, 5, 2, 55, 25, 0),
    ("ispu-malalayang", "ISPU Terminal Malalayang", Kind.AIR, "ISPU",
     1.4530, 124.8040, "dlh", ISPU_THRESHOLDS, 5, 2, 40, 20, 0),
]  # fmt: skip


def _value(base: float, swing: float, rise: float, hours_ago: float, rng: random.Random):
    """A daily wave (highest in the afternoon), noise, and a rise over the last six hours."""
    wave = swing * math.sin((24 - hours_ago) / 24 * 2 * math.pi)
    late = rise * max(0.0, 1 - hours_ago / 6)
    return max(0.0, round(base + wave + late + rng.gauss(0, swing / 10 + 0.5), 1))


def sensors_load(rng: random.Random, now: datetime) -> int:
    """The demo sensors and a day of readings; a sensor that exists keeps its readings."""
    agencies = {a.code: a for a in Agency.objects.filter(code__in={"bpbd", "dlh"})}
    made = 0
    for code, name, kind, unit, lat, lon, agency, thresholds, hyst, alarm, *shape in SENSORS:
        if agency not in agencies:
            continue
        sensor, created = Sensor.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                kind=kind,
                unit=unit,
                lat=lat,
                lon=lon,
                area=area_at(lat, lon),
                agency=agencies[agency],
                thresholds=thresholds,
                hysteresis=hyst,
                alarm_level=alarm,
                silence_minutes=0,  # no live feed in a demo: not watched for silence
            ),
        )
        if not created:
            continue
        sensor.new_key()  # a key exists, so the device could send; nobody knows it
        sensor.save(update_fields=["key_hash"])
        steps = int(HOURS * 3600 / EVERY.total_seconds())
        readings = [
            Reading(
                sensor=sensor,
                ts=now - (steps - i) * EVERY,
                value=_value(*shape, (steps - i) * EVERY.total_seconds() / 3600, rng),
            )
            for i in range(steps)
        ]
        Reading.objects.bulk_create(readings[:-1], batch_size=1000)
        reading_ingest(sensor=sensor, payload={"value": readings[-1].value}, now=readings[-1].ts)
        made += 1
    return made
