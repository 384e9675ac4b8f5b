"""Readings in, levels, alarms out. Every entry point (HTTP, MQTT) goes through
`reading_ingest`; it refuses what it cannot take with a ReadingRefusedError and counts it on
the sensor, and never raises anything else for bad input."""

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cerdas.accounts.models import AGENCY_ROLES, Role, User
from cerdas.complaints.workflow import WorkflowError
from cerdas.notifications.services import notification_queue

from .models import ISPU_THRESHOLDS, Alarm, AlarmKind, Kind, Reading, Sensor

log = logging.getLogger(__name__)

# A device clock may run a little ahead; more than this is a wrong clock, refused.
MAX_FUTURE = timedelta(minutes=5)
# Readings outside this range are a broken device, not a river.
MAX_ABS_VALUE = 1e9


class ReadingRefusedError(ValueError):
    """A reading we do not take, with the reason (shown to the device, counted)."""


@dataclass(frozen=True)
class Outcome:
    sensor: Sensor
    level: int
    alarm: Alarm | None  # raised by this reading


def thresholds_of(sensor: Sensor) -> list[float]:
    if sensor.kind == Kind.AIR and not sensor.thresholds:
        return list(ISPU_THRESHOLDS)
    return [float(t) for t in sensor.thresholds]


def level_for(sensor: Sensor, value: float, current: int) -> int:
    """The level a reading puts the sensor in. Rising: the number of thresholds reached.
    Falling: a level is left only once the reading is `hysteresis` below its threshold,
    so a reading that flickers around a threshold does not flip the level each time."""
    thresholds = thresholds_of(sensor)
    rising = sum(1 for t in thresholds if value >= t)
    if rising >= current:
        return rising
    held = sum(1 for t in thresholds if value >= t - sensor.hysteresis)
    return max(rising, min(current, held))


def parse_reading(payload) -> tuple[float, datetime | None]:
    """{"value": 123.4, "ts": "2026-12-03T10:00:00+08:00"} (ts optional: now)."""
    if not isinstance(payload, dict):
        raise ReadingRefusedError("payload harus objek JSON")
    value = payload.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReadingRefusedError("value harus angka")
    value = float(value)
    if not math.isfinite(value) or abs(value) > MAX_ABS_VALUE:
        raise ReadingRefusedError("value di luar jangkauan")
    ts = payload.get("ts")
    if ts is None:
        return value, None
    if not isinstance(ts, str):
        raise ReadingRefusedError("ts harus waktu ISO 8601")
    try:
        parsed = parse_datetime(ts)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ReadingRefusedError("ts harus waktu ISO 8601 dengan zona waktu")
    return value, parsed


def _refuse(sensor: Sensor, reason: str) -> None:
    Sensor.objects.filter(pk=sensor.pk).update(refused=F("refused") + 1)
    raise ReadingRefusedError(reason)


def reading_ingest(*, sensor: Sensor, payload, now: datetime | None = None) -> Outcome:
    """Take one reading: validate, refuse out-of-order ones (a reading not newer than the
    latest), store it, update the sensor's level and raise an alarm on a crossing."""
    now = now or timezone.now()
    try:
        value, ts = parse_reading(payload)
    except ReadingRefusedError as exc:
        _refuse(sensor, str(exc))
    ts = ts or now
    if not sensor.is_active:
        _refuse(sensor, "sensor tidak aktif")
    if ts > now + MAX_FUTURE:
        _refuse(sensor, "ts di masa depan")
    with transaction.atomic():
        locked = Sensor.objects.select_for_update().get(pk=sensor.pk)
        if locked.last_at is not None and ts <= locked.last_at:
            transaction.set_rollback(True)
            refused = True
        else:
            refused = False
            try:
                with transaction.atomic():
                    Reading.objects.create(sensor=locked, ts=ts, value=value)
            except IntegrityError:
                refused = True
        if not refused:
            outcome = _apply_level(locked, value, ts, now)
    if refused:
        _refuse(sensor, "data tidak berurutan (tidak lebih baru dari data terakhir)")
    return outcome


def _apply_level(sensor: Sensor, value: float, ts: datetime, now: datetime) -> Outcome:
    before = sensor.level
    level = level_for(sensor, value, before)
    Sensor.objects.filter(pk=sensor.pk).update(last_value=value, last_at=ts, level=level)
    sensor.last_value, sensor.last_at, sensor.level = value, ts, level
    # The data came back: a "no reading" alarm resolves itself.
    Alarm.objects.filter(sensor=sensor, kind=AlarmKind.SILENT, resolved_at__isnull=True).update(
        resolved_at=now
    )
    alarm = None
    if level >= sensor.alarm_level and level > before:
        alarm = _raise(sensor, AlarmKind.LEVEL, level=level, value=value, now=now)
    return Outcome(sensor=sensor, level=level, alarm=alarm)


def _raise(sensor: Sensor, kind: str, *, level: int, value: float | None, now) -> Alarm:
    """Open an alarm, or raise the level of the open one (one open alarm per kind)."""
    open_alarm = Alarm.objects.filter(sensor=sensor, kind=kind, resolved_at__isnull=True).first()
    if open_alarm is not None:
        if level > open_alarm.level:
            # Worse than when it was raised: tell them again, and it needs a new look.
            open_alarm.level, open_alarm.value = level, value
            open_alarm.acknowledged_at = open_alarm.acknowledged_by = None
            open_alarm.save(update_fields=["level", "value", "acknowledged_at", "acknowledged_by"])
            _notify(open_alarm)
        return open_alarm
    alarm = Alarm.objects.create(sensor=sensor, kind=kind, level=level, value=value, raised_at=now)
    _notify(alarm)
    return alarm


def recipients(sensor: Sensor):
    """The operators on duty (active command-center operators) and the responsible OPD's
    staff (officers and head of the agency or its units), those with an e-mail."""
    opd = sensor.agency
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(role=Role.OPERATOR)
            | Q(role__in=AGENCY_ROLES, agency_id=opd.pk)
            | Q(role__in=AGENCY_ROLES, agency__parent_id=opd.pk)
        )
        .order_by("pk")
    )


def alarm_text(alarm: Alarm) -> tuple[str, str]:
    sensor = alarm.sensor
    if alarm.kind == AlarmKind.SILENT:
        subject = f"[Cerdas] Sensor {sensor.name}: tidak ada data"
        body = (
            f"Sensor {sensor.name} ({sensor.code}) tidak mengirim data sejak "
            f"{timezone.localtime(sensor.last_at):%d-%m-%Y %H:%M} "
            f"(batas {sensor.silence_minutes} menit)."
            if sensor.last_at
            else f"Sensor {sensor.name} ({sensor.code}) belum pernah mengirim data."
        )
    else:
        name = sensor.levels[min(alarm.level, len(sensor.levels) - 1)]
        subject = f"[Cerdas] {name}: {sensor.name}"
        body = (
            f"{sensor.name} ({sensor.code}) mencapai {name}: {alarm.value:g} {sensor.unit} "
            f"pada {timezone.localtime(alarm.raised_at):%d-%m-%Y %H:%M}. "
            f"Lokasi {sensor.lat:.5f}, {sensor.lon:.5f}. "
            f"Penanggung jawab: {sensor.agency.short_name}."
        )
    return subject, body


def _notify(alarm: Alarm) -> int:
    subject, body = alarm_text(alarm)
    count = 0
    for user in recipients(alarm.sensor):
        notification_queue(
            channel="email",
            address=user.email,
            subject=subject,
            body=body,
            key=f"sensor-alarm-{alarm.pk}-{alarm.level}-{user.pk}",
            user=user,
            template="sensor_alarm",
        )
        count += 1
    return count


def _staff_check(alarm: Alarm, user) -> None:
    if not (
        user.is_command_center
        or (user.is_agency_staff and user.agency_id in _agency_ids(alarm.sensor))
    ):
        raise WorkflowError("Anda tidak berwenang atas alarm ini.")


def _agency_ids(sensor: Sensor) -> set[int]:
    ids = {sensor.agency_id}
    ids.update(sensor.agency.children.values_list("pk", flat=True))
    return ids


def alarm_acknowledge(*, alarm: Alarm, user, now: datetime | None = None) -> Alarm:
    _staff_check(alarm, user)
    if alarm.resolved_at is not None:
        raise WorkflowError("Alarm sudah selesai.")
    if alarm.acknowledged_at is None:
        alarm.acknowledged_at, alarm.acknowledged_by = now or timezone.now(), user
        alarm.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return alarm


def alarm_resolve(*, alarm: Alarm, user, now: datetime | None = None) -> Alarm:
    _staff_check(alarm, user)
    if alarm.resolved_at is not None:
        raise WorkflowError("Alarm sudah selesai.")
    now = now or timezone.now()
    if alarm.acknowledged_at is None:
        alarm.acknowledged_at, alarm.acknowledged_by = now, user
    alarm.resolved_at, alarm.resolved_by = now, user
    alarm.save(update_fields=["acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by"])
    return alarm


def alarm_open_case(*, alarm: Alarm, user, category, now: datetime | None = None):
    """Open a case for the alarm through the complaints services: filed by the operator,
    sent to the responsible OPD; the category's policy sets the deadline."""
    from cerdas.complaints.models import Channel
    from cerdas.complaints.services import complaint_dispose, complaint_submit

    if not user.is_command_center:
        raise WorkflowError("Hanya command center yang membuka kasus dari alarm.")
    if alarm.complaint_id is not None:
        return alarm.complaint
    subject, body = alarm_text(alarm)
    with transaction.atomic():
        complaint = complaint_submit(
            category=category,
            title=subject.removeprefix("[Cerdas] "),
            description=body,
            latitude=alarm.sensor.lat,
            longitude=alarm.sensor.lon,
            reporter=user,
            channel=Channel.WEB,
            entered_by=user,
            submission_key=f"sensor-alarm-{alarm.pk}",
            now=now,
        )
        complaint = complaint_dispose(
            complaint=complaint, user=user, agency=alarm.sensor.agency, now=now
        )
        alarm.complaint = complaint
        alarm.save(update_fields=["complaint"])
    return complaint


def sensors_check_silent(now: datetime | None = None) -> int:
    """The periodic job: a "no reading for N minutes" alarm for each watched sensor whose
    latest reading (or, never having sent one, its registration) is older than N."""
    now = now or timezone.now()
    raised = 0
    watched = Sensor.objects.filter(is_active=True, silence_minutes__gt=0).exclude(
        alarms__kind=AlarmKind.SILENT, alarms__resolved_at__isnull=True
    )
    for sensor in watched.select_related("agency"):
        # A sensor never heard from counts from its registration.
        heard = sensor.last_at or sensor.created_at
        if heard < now - timedelta(minutes=sensor.silence_minutes):
            with transaction.atomic():
                _raise(sensor, AlarmKind.SILENT, level=0, value=None, now=now)
            raised += 1
    return raised


def downsample(sensor: Sensor, *, start: datetime, end: datetime, buckets: int = 96) -> list:
    """The chart's points: for each of `buckets` equal slices of [start, end), the
    slice's start, mean, min and max. Bucketed in Python over one indexed range scan of
    (ts, value) pairs: 24 h at a reading a minute is 1,440 rows."""
    span = (end - start).total_seconds() / buckets
    sums = [[0.0, 0, math.inf, -math.inf] for _ in range(buckets)]
    rows = Reading.objects.filter(sensor=sensor, ts__gte=start, ts__lt=end).values_list(
        "ts", "value"
    )
    for ts, value in rows.iterator(chunk_size=2000):
        i = min(int((ts - start).total_seconds() / span), buckets - 1)
        b = sums[i]
        b[0] += value
        b[1] += 1
        b[2] = min(b[2], value)
        b[3] = max(b[3], value)
    return [
        {
            "t": (start + timedelta(seconds=span * i)).isoformat(),
            "avg": round(s / n, 3),
            "min": lo,
            "max": hi,
        }
        for i, (s, n, lo, hi) in enumerate(sums)
        if n
    ]
