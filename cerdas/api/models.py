import hmac
import secrets
from datetime import UTC, datetime, timedelta

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cerdas.lib.keys import key_digest

KEY_PREFIX = "cer_"
SCOPE_SUBMIT = "submit"
SCOPE_READ_ALL = "read_all"
SCOPE_AGENCY = "agency:"  # agency:<code>


# How fresh ApiKey.last_used_at is kept.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiKey(models.Model):
    """A client application's key. Only its SHA-256 is stored; the key is shown once."""

    name = models.CharField(_("nama aplikasi"), max_length=120)
    prefix = models.CharField(_("awalan"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("cakupan"), default=list)
    rate_per_minute = models.PositiveIntegerField(_("batas permintaan per menit"), default=120)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, *, name: str, scopes: list[str], rate_per_minute: int = 120
    ) -> tuple["ApiKey", str]:
        from .services import validate_scopes

        scopes = validate_scopes(scopes)
        raw = KEY_PREFIX + secrets.token_hex(24)  # 192 bits; hex keeps the prefix CLI-safe
        key = cls.objects.create(
            name=name,
            prefix=raw[len(KEY_PREFIX) : len(KEY_PREFIX) + 8],
            key_hash=key_digest(raw),
            scopes=scopes,
            rate_per_minute=rate_per_minute,
        )
        return key, raw

    @classmethod
    def authenticate(cls, raw: str) -> "ApiKey | None":
        if not raw or not raw.startswith(KEY_PREFIX):
            return None
        prefix = raw[len(KEY_PREFIX) : len(KEY_PREFIX) + 8]
        try:
            key = cls.objects.get(prefix=prefix, is_active=True)
        except cls.DoesNotExist:
            return None
        if not hmac.compare_digest(key.key_hash, key_digest(raw)):
            return None
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
            # Once a minute at most: the admin wants to know whether a key is still used,
            # not to pay a write on every request of a busy client.
            cls.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return key

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def agency_codes(self) -> list[str]:
        return [s.removeprefix(SCOPE_AGENCY) for s in self.scopes if s.startswith(SCOPE_AGENCY)]


class RateWindow(models.Model):
    """One counter per client per time window; claimed with a conditional UPDATE so that
    several web processes share one limit without a cache server."""

    bucket = models.CharField(max_length=120)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "window_start"], name="one_window_per_bucket")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.bucket} {self.window_start:%H:%M} {self.count}"

    @classmethod
    def hit(cls, bucket: str, *, limit: int, window_seconds: int = 60, now=None) -> int:
        """Count one request. Returns 0 when allowed, else the seconds until the next window."""
        now = now or timezone.now()
        epoch = int(now.timestamp())
        start = epoch - epoch % window_seconds
        window_start = datetime.fromtimestamp(start, tz=UTC)
        window = cls.objects.filter(bucket=bucket, window_start=window_start, count__lt=limit)
        # The window usually exists already: one UPDATE. Its first request creates it.
        if window.update(count=F("count") + 1):
            return 0
        cls.objects.get_or_create(bucket=bucket, window_start=window_start)
        if window.update(count=F("count") + 1):
            return 0
        return max(1, start + window_seconds - epoch)


class ApiSubmission(models.Model):
    """Which key filed a complaint: a `submit` key follows, rates and reopens its own."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="submissions")
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="api_submission"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("pengaduan lewat API")
        verbose_name_plural = _("pengaduan lewat API")

    def __str__(self) -> str:
        return f"{self.key_id} {self.complaint_id}"


class IdempotencyRecord(models.Model):
    """The answer given to a POST that carried an `Idempotency-Key`, replayed for a retry.

    `scope` keeps clients apart (a key, an account or, for anonymous callers, an address);
    the unique constraint makes two concurrent retries end with one record and one case.
    """

    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="one_record_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
