"""Sensor pages: the device ingest endpoint, the public page of current levels, the
staff's alarm list (acknowledge, resolve), a sensor's 24-hour chart data and the camera
snapshot proxy. docs/sensors.md."""

import json
import logging
from datetime import timedelta
from urllib.error import URLError
from urllib.request import Request, urlopen

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cerdas.complaints.views.common import role_required
from cerdas.complaints.workflow import WorkflowError

from .models import Alarm, Camera, Sensor
from .services import (
    ReadingRefusedError,
    alarm_acknowledge,
    alarm_resolve,
    downsample,
    reading_ingest,
)

log = logging.getLogger(__name__)

MAX_BODY = 4096
SNAPSHOT_TIMEOUT = 5
SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024


def _sensor_staff(user) -> bool:
    return user.sees_all_complaints or user.is_agency_staff


sensor_staff_required = role_required(_sensor_staff)
command_center_required = role_required(lambda u: u.sees_all_complaints)


def visible_sensors(user):
    """Command center and leaders see every sensor; agency staff their OPD's."""
    sensors = Sensor.objects.filter(is_active=True).select_related("agency")
    if user.sees_all_complaints:
        return sensors
    opd = user.agency.parent_id or user.agency_id
    return sensors.filter(agency_id=opd)


def _device_key(request: HttpRequest) -> str:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth[7:].strip()
    return request.headers.get("X-Device-Key", "").strip()


@csrf_exempt
@require_POST
def ingest(request: HttpRequest, code: str) -> JsonResponse:
    """POST /sensor/<code>/data, header X-Device-Key (or Authorization: Bearer), body
    {"value": 1.23, "ts": "..."}. 202 taken; 400 refused (counted); 401 wrong key."""
    sensor = Sensor.objects.filter(code=code).select_related("agency").first()
    if sensor is None or not sensor.key_matches(_device_key(request)):
        return JsonResponse({"error": "kunci perangkat salah"}, status=401)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": "payload terlalu besar"}, status=413)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        payload = None  # counted as a refusal below
    try:
        outcome = reading_ingest(sensor=sensor, payload=payload)
    except ReadingRefusedError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(
        {"level": outcome.level, "status": outcome.sensor.level_name, "alarm": bool(outcome.alarm)},
        status=202,
    )


def sensor_state(sensor: Sensor, now) -> dict:
    """What the public page, the wall and the map show of a sensor: no key, no count."""
    stale = sensor.last_at is None or (
        sensor.silence_minutes and sensor.last_at < now - timedelta(minutes=sensor.silence_minutes)
    )
    return {
        "code": sensor.code,
        "name": sensor.name,
        "kind": sensor.kind,
        "unit": sensor.unit,
        "lat": sensor.lat,
        "lon": sensor.lon,
        "value": sensor.last_value,
        "at": timezone.localtime(sensor.last_at).isoformat() if sensor.last_at else None,
        "level": sensor.level,
        "status": sensor.level_name,
        "alarm": sensor.level >= sensor.alarm_level,
        "stale": bool(stale),
        "agency": sensor.agency.short_name,
    }


@require_GET
def public_levels(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    sensors = Sensor.objects.filter(is_active=True).select_related("agency")
    states = [sensor_state(s, now) for s in sensors]
    if request.GET.get("format") == "json":
        return JsonResponse({"sensors": states})
    return render(request, "sensors/public.html", {"sensors": states})


@never_cache
@sensor_staff_required
def alarms(request: HttpRequest) -> HttpResponse:
    sensors = visible_sensors(request.user)
    open_alarms = (
        Alarm.objects.filter(sensor__in=sensors, resolved_at__isnull=True)
        .select_related("sensor", "acknowledged_by")
        .order_by("-raised_at")
    )
    recent = (
        Alarm.objects.filter(sensor__in=sensors, resolved_at__isnull=False)
        .select_related("sensor", "acknowledged_by", "resolved_by")
        .order_by("-resolved_at")[:20]
    )
    return render(request, "sensors/alarms.html", {"open_alarms": open_alarms, "recent": recent})


def _alarm_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    alarm = get_object_or_404(
        Alarm.objects.select_related("sensor__agency"),
        pk=pk,
        sensor__in=visible_sensors(request.user),
    )
    try:
        action(alarm=alarm, user=request.user)
    except WorkflowError as exc:
        return HttpResponse(str(exc), status=409)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ok": True})
    return redirect(request.POST.get("next") or "sensors:alarms")


@require_POST
@sensor_staff_required
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _alarm_action(request, pk, alarm_acknowledge)


@require_POST
@sensor_staff_required
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _alarm_action(request, pk, alarm_resolve)


@require_GET
@sensor_staff_required
def chart(request: HttpRequest, code: str) -> JsonResponse:
    sensor = get_object_or_404(visible_sensors(request.user), code=code)
    end = timezone.now()
    points = downsample(sensor, start=end - timedelta(hours=24), end=end)
    return JsonResponse({"code": sensor.code, "unit": sensor.unit, "points": points})


def fetch_snapshot(camera: Camera) -> bytes:
    """The camera's current JPEG, fetched from the NVR (credentials stay server-side)."""
    if not camera.snapshot_url:
        raise Http404
    if not camera.snapshot_url.startswith(("http://", "https://")):
        raise ValueError("hanya http(s)")
    request = Request(camera.snapshot_url, headers={"User-Agent": "Cerdas"})  # noqa: S310
    with urlopen(request, timeout=SNAPSHOT_TIMEOUT) as response:  # noqa: S310 (http(s) only)
        data = response.read(SNAPSHOT_MAX_BYTES + 1)
    if len(data) > SNAPSHOT_MAX_BYTES or not data.startswith(b"\xff\xd8"):
        raise ValueError("bukan JPEG")
    return data


@never_cache
@require_GET
@command_center_required
def snapshot(request: HttpRequest, code: str) -> HttpResponse:
    """Staff-only proxy: the wall asks here, never the camera itself."""
    camera = get_object_or_404(Camera, code=code, is_active=True)
    try:
        data = fetch_snapshot(camera)
    except (URLError, OSError, ValueError) as exc:
        log.warning("camera %s snapshot failed: %s", camera.code, type(exc).__name__)
        return HttpResponse(status=502)
    return HttpResponse(data, content_type="image/jpeg")
