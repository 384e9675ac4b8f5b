"""What citizens send us on WhatsApp, Telegram and e-mail, and where each chat stands.

Every inbound message is stored first, in the webhook request (or the IMAP poll), under
the provider's own id: a provider that sends it again finds the row and nothing happens
twice. Processing comes after, one sender at a time in arrival order, and a message that
cannot be processed keeps its error until someone retries it from the admin.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChatChannel(models.TextChoices):
    # The same values as the complaints' Channel, so a report records where it came from.
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    EMAIL = "email", _("E-mail")


class Step(models.TextChoices):
    IDLE = "idle", _("Belum ada laporan")
    DESCRIPTION = "uraian", _("Menunggu uraian")
    CATEGORY = "kategori", _("Menunggu kategori")
    LOCATION = "lokasi", _("Menunggu lokasi")
    PHOTO = "foto", _("Menunggu foto")


class Conversation(models.Model):
    """One sender on one channel: the report being put together, step by step.

    Its row is also the sender's lock: processing takes it FOR UPDATE, so two workers never
    handle one sender's messages at once and each message is handled in turn."""

    channel = models.CharField(_("kanal"), max_length=10, choices=ChatChannel)
    # WhatsApp: the wa_id (phone number, digits); Telegram: the chat id; e-mail: the address.
    address = models.CharField(_("alamat pengirim"), max_length=254)
    name = models.CharField(_("nama profil"), max_length=120, blank=True)
    step = models.CharField(_("langkah"), max_length=10, choices=Step, default=Step.IDLE)
    # The report so far: description, category (id), latitude, longitude, address, photos
    # (ids of the inbound messages whose media became photos).
    draft = models.JSONField(_("draf laporan"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), default=timezone.now)
    # The sender's last message as it arrived: WhatsApp takes free text from us only
    # within 24 hours of it (the customer service window), templates after.
    last_inbound_at = models.DateTimeField(_("pesan terakhir diterima"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("percakapan")
        verbose_name_plural = _("percakapan")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="one_conversation_each"),
            models.CheckConstraint(
                name="conversation_step_valid", condition=Q(step__in=Step.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk}"


class Kind(models.TextChoices):
    TEXT = "text", _("Teks")
    IMAGE = "image", _("Foto")
    LOCATION = "location", _("Lokasi")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Lainnya")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu diproses")
    DONE = "done", _("Selesai diproses")
    FAILED = "failed", _("Gagal diproses")


class InboundMessage(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("percakapan"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=ChatChannel)
    # WhatsApp's wamid, Telegram's update_id, an e-mail's Message-ID: unique per channel,
    # so a replayed or re-delivered message is stored once and processed once.
    provider_id = models.CharField(_("id dari penyedia"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind)
    text = models.TextField(_("teks"), blank=True)
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    # The provider's handle for a photo (WhatsApp media id, Telegram file_id); e-mail
    # attachments arrive with the message and are stored in media_data at once.
    media_id = models.CharField(_("id media"), max_length=255, blank=True)
    media_data = models.BinaryField(_("isi media"), null=True, blank=True, editable=False)
    # The provider's message as it arrived, for the admin and a retry.
    payload = models.JSONField(_("isi asli"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus, default=MessageStatus.PENDING
    )
    error = models.CharField(_("galat"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # What we answered, in order (each is also queued in the outbox under its own key).
    replies = models.JSONField(_("balasan"), default=list, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("pengaduan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_messages",
    )
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    processed_at = models.DateTimeField(_("diproses"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "provider_id"], name="one_inbound_per_provider_id"
            ),
            models.CheckConstraint(
                name="inbound_status_valid", condition=Q(status__in=MessageStatus.values)
            ),
        ]
        indexes = [
            # The next message of a sender, in arrival order; the poller of stragglers.
            models.Index(
                fields=["conversation", "id"],
                name="inbound_pending",
                condition=Q(status=MessageStatus.PENDING),
            ),
            models.Index(
                fields=["received_at"],
                name="inbound_pending_age",
                condition=Q(status=MessageStatus.PENDING),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} #{self.pk} ({self.status})"
