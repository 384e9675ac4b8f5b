"""The city's own eyes: sensors (water level, rain, air quality ISPU, any number), their
readings, the alarms they raise, and the cameras of the city's NVR. docs/sensors.md."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cerdas.lib.keys import key_digest


class Kind(models.TextChoices):
    WATER = "water", _("Tinggi muka air")
    RAIN = "rain", _("Curah hujan")
    AIR = "air", _("Kualitas udara (ISPU)")
    NUMERIC = "numeric", _("Angka lain")


# Levels, from normal to worst. Water: Siaga 4 (normal) .. Siaga 1 (danger), the
# threshold being the reading (cm) from which the level holds. Air: the KLHK ISPU bands
# (PermenLHK P.14/2020): 0-50 Baik, 51-100 Sedang, 101-200 Tidak Sehat, 201-300 Sangat
# Tidak Sehat, >300 Berbahaya.
WATER_LEVELS = ["Siaga 4", "Siaga 3", "Siaga 2", "Siaga 1"]
ISPU_LEVELS = ["Baik", "Sedang", "Tidak Sehat", "Sangat Tidak Sehat", "Berbahaya"]
ISPU_THRESHOLDS = [51, 101, 201, 301]
NUMERIC_LEVELS = ["Normal", "Waspada", "Bahaya"]


class Sensor(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind)
    unit = models.CharField(_("satuan"), max_length=16)
    lat = models.FloatField(_("lintang"))
    lon = models.FloatField(_("bujur"))
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.SET_NULL
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("OPD penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="sensors",
    )
    # The reading from which each level above the first holds, ascending: water
    # [Siaga 3, Siaga 2, Siaga 1] in cm; air the ISPU band edges; numeric [waspada, bahaya].
    thresholds = models.JSONField(_("ambang batas"), default=list)
    # Hysteresis: a level is left only once the reading is this far below its threshold.
    hysteresis = models.FloatField(_("histeresis"), default=0)
    # The level from which an alarm is raised (index into the levels; water 2 = Siaga 2).
    alarm_level = models.PositiveSmallIntegerField(_("alarm mulai tingkat"), default=1)
    silence_minutes = models.PositiveIntegerField(
        _("alarm bila tanpa data (menit)"), default=30, help_text=_("0: tidak dipantau")
    )
    key_hash = models.CharField(max_length=64, blank=True, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    # The latest accepted reading and the level it put the sensor in (the wall's state).
    last_value = models.FloatField(null=True, blank=True, editable=False)
    last_at = models.DateTimeField(null=True, blank=True, editable=False)
    level = models.PositiveSmallIntegerField(default=0, editable=False)
    refused = models.PositiveIntegerField(_("data ditolak"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sensor")
        verbose_name_plural = _("sensor")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def levels(self) -> list[str]:
        return {Kind.WATER: WATER_LEVELS, Kind.AIR: ISPU_LEVELS}.get(self.kind, NUMERIC_LEVELS)

    @property
    def level_name(self) -> str:
        return self.levels[min(self.level, len(self.levels) - 1)]

    def new_key(self) -> str:
        """A fresh device key: shown once, only its hash is stored."""
        key = secrets.token_urlsafe(24)
        self.key_hash = key_digest(key)
        return key

    def key_matches(self, key: str) -> bool:
        return bool(self.key_hash) and secrets.compare_digest(self.key_hash, key_digest(key))


class Reading(models.Model):
    """Compact: a sensor id, a time and a float; nothing else. One index serves both the
    latest readings and a chart's range."""

    id = models.BigAutoField(primary_key=True)
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, db_index=False)
    ts = models.DateTimeField()
    value = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sensor", "ts"], name="reading_once")]

    def __str__(self) -> str:
        return f"{self.sensor_id} {self.ts:%Y-%m-%d %H:%M:%S} {self.value:g}"


class AlarmKind(models.TextChoices):
    LEVEL = "level", _("Ambang batas terlampaui")
    SILENT = "silent", _("Tidak ada data")


class Alarm(models.Model):
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="alarms")
    kind = models.CharField(max_length=10, choices=AlarmKind)
    level = models.PositiveSmallIntegerField(default=0)
    value = models.FloatField(null=True, blank=True)
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("alarm sensor")
        verbose_name_plural = _("alarm sensor")
        ordering = ["-raised_at"]
        constraints = [
            # One open alarm of a kind per sensor: a flickering reading cannot flood.
            models.UniqueConstraint(
                fields=["sensor", "kind"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_alarm_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sensor.code}: {self.get_kind_display()}"

    @property
    def level_name(self) -> str:
        levels = self.sensor.levels
        return levels[min(self.level, len(levels) - 1)]


class Camera(models.Model):
    """A camera the city's NVR already offers. Cerdas stores no picture; the addresses
    (which often carry credentials) never reach a public page."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    lat = models.FloatField(_("lintang"))
    lon = models.FloatField(_("bujur"))
    snapshot_url = models.URLField(_("URL snapshot (JPEG)"), blank=True)
    hls_url = models.URLField(_("URL HLS"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kamera")
        verbose_name_plural = _("kamera")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
