"""Webhook subscriptions and their outbox of deliveries.

A Delivery row is written in the same transaction as the complaint change it reports
(the outbox pattern): a change that rolls back sends nothing, and a change that commits
is sent even when the task queue lost its job, because `webhooks_deliver_due` finds every
pending row whose time has come.
"""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cerdas.complaints.models import Action


def new_secret() -> str:
    """256 random bits, hex: safe in any header, config file or shell."""
    return secrets.token_hex(32)


def validate_events(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_('Tulis daftar tindakan, misalnya ["dispose", "validate"].'))
    unknown = sorted(set(value) - set(Action.values))
    if unknown:
        raise ValidationError(
            _("Tindakan tidak dikenal: %(names)s") % {"names": ", ".join(unknown)}
        )


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Subscription(models.Model):
    """A system that receives complaint events: an SP4N-LAPOR! bridge, an agency's own app."""

    name = models.CharField(_("nama"), max_length=120)
    url = models.URLField(
        _("URL penerima"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Alamat http:// atau https:// yang menerima POST JSON."),
    )
    secret = models.CharField(
        _("kunci rahasia"),
        max_length=128,
        default=new_secret,
        editable=False,
        help_text=_("Untuk memeriksa tanda tangan X-Cerdas-Signature (HMAC-SHA256)."),
    )
    events = models.JSONField(
        _("tindakan yang dikirim"),
        default=list,
        blank=True,
        validators=[validate_events],
        help_text=_("Kosong: semua tindakan."),
    )
    agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("hanya kasus OPD"),
        blank=True,
        related_name="webhook_subscriptions",
        help_text=_(
            "Kosong: semua kasus. Terisi: hanya kasus yang dipegang OPD ini (termasuk "
            "UPTD/Bidang di bawahnya) atau diserahkan kepada instansi ini."
        ),
    )
    include_content = models.BooleanField(
        _("sertakan isi laporan"),
        default=False,
        help_text=_(
            "Judul, uraian, koordinat dan kelurahan laporan publik/anonim. "
            "Isi laporan rahasia tidak pernah dikirim."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("langganan webhook")
        verbose_name_plural = _("langganan webhook")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="subscription_url_http",
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def wants(self, action: str) -> bool:
        return not self.events or action in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    DELIVERED = "delivered", _("Terkirim")
    FAILED = "failed", _("Gagal")


class Delivery(models.Model):
    """One event for one subscription: the outbox row and its delivery log."""

    # Also the payload's "id" and the X-Cerdas-Delivery header: a receiver that sees the
    # same id twice (a retry after a lost answer, a re-send) can ignore the second.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("langganan"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        "complaints.ComplaintEvent",
        verbose_name=_("riwayat"),
        on_delete=models.PROTECT,
        related_name="webhook_deliveries",
    )
    payload = models.JSONField(_("isi"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # Pending: when the next attempt may start (while one runs: the end of its lease).
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("kode HTTP terakhir"), null=True)
    # Short and about the transport only ("HTTP 500", "timeout"): never the payload.
    last_error = models.CharField(_("galat terakhir"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="one_delivery_per_subscription_event"
            ),
            models.CheckConstraint(
                name="delivery_status_valid", condition=Q(status__in=DeliveryStatus.values)
            ),
            models.CheckConstraint(
                name="delivery_pending_has_next_attempt",
                condition=~Q(status=DeliveryStatus.PENDING) | Q(next_attempt_at__isnull=False),
            ),
        ]
        indexes = [
            # The poller (`webhooks_deliver_due`) and the claim.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending_due",
                condition=Q(status=DeliveryStatus.PENDING),
            ),
            models.Index(fields=["subscription", "-created_at"], name="delivery_by_subscription"),
        ]

    def __str__(self) -> str:
        return f"{self.payload.get('type', '?')} → {self.subscription_id} ({self.status})"
