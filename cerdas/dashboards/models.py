import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cerdas.lib.keys import key_digest

TOKEN_PREFIX = "wall_"  # noqa: S105 (a prefix, not a secret)


class DisplayToken(models.Model):
    """Opens the command center wall on a TV without a login; shows the wall and nothing
    else. Only its SHA-256 is stored: the address is shown once, when it is created."""

    name = models.CharField(_("nama layar"), max_length=120)
    prefix = models.CharField(_("awalan"), max_length=12, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(_("terakhir dipakai"), null=True, editable=False)

    class Meta:
        verbose_name = _("token layar dinding")
        verbose_name_plural = _("token layar dinding")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str) -> tuple["DisplayToken", str]:
        raw = TOKEN_PREFIX + secrets.token_hex(24)  # hex: safe in a URL and a shell
        token = cls.objects.create(
            name=name,
            prefix=raw[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8],
            token_hash=key_digest(raw),
        )
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> "DisplayToken | None":
        if not raw.startswith(TOKEN_PREFIX):
            return None
        prefix = raw[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8]
        token = cls.objects.filter(prefix=prefix, is_active=True).first()
        if token is None or not secrets.compare_digest(token.token_hash, key_digest(raw)):
            return None
        now = timezone.now()
        if token.last_seen_at is None or (now - token.last_seen_at).total_seconds() >= 60:
            cls.objects.filter(pk=token.pk).update(last_seen_at=now)
        return token


class DigestRun(models.Model):
    """One day's digest for the leaders: the row a periodic run claims before sending, so
    two hosts never both send it, and a failed send is tried again later."""

    class Status(models.TextChoices):
        SENDING = "sending", _("sedang dikirim")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")

    day = models.DateField(_("hari"), unique=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    recipients = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ringkasan harian")
        verbose_name_plural = _("ringkasan harian")
        constraints = [
            models.CheckConstraint(
                name="digest_status_valid",
                condition=models.Q(status__in=["sending", "sent", "failed"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.status}"
