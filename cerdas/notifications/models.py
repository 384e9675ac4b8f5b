"""Outbound notifications: the outbox, the message templates, people's preferences and
the escalation ladder.

A Notification row is written in the same transaction as the change it reports (the
outbox pattern): a change that rolls back tells nobody, and a change that commits is
told even when the task queue lost its job, because `notifications_deliver_due` finds
every pending row whose time has come.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    SMS = "sms", _("SMS")
    CONSOLE = "console", _("Konsol (pengembangan)")


class Status(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")
    SKIPPED = "skipped", _("Tidak dikirim (berhenti berlangganan)")


class Notification(models.Model):
    """One message to one address on one channel: the outbox row and its delivery log.

    `key` is the idempotency key of the notice: unique, so the same notice queued twice
    is one row, and sent to providers that accept one (docs/notifications.md)."""

    key = models.CharField(_("kunci idempoten"), max_length=200, unique=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel)
    # A wa_id, chat_id, phone or e-mail: personal data, shown in the admin only.
    address = models.CharField(_("alamat tujuan"), max_length=254)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"), max_length=4096)
    media_url = models.URLField(_("URL media"), max_length=500, blank=True)
    template = models.CharField(_("templat"), max_length=60, blank=True)
    # The template's variables as rendered (strings; the context carries no other
    # person's data): a WhatsApp template message outside the 24-hour window is sent
    # with these as its parameters (WhatsAppTemplate).
    params = models.JSONField(_("variabel templat"), default=dict, blank=True)
    # A notice that replaces one its channel could not take (WhatsApp outside the
    # 24-hour window without an approved template): the refused row keeps the reason.
    fallback_of = models.ForeignKey(
        "self",
        verbose_name=_("pengganti dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fallbacks",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("pengaduan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # Pending: when the next attempt may start (while one runs: the end of its lease).
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    # The provider's reason on a refusal ("HTTP 400: (#131030) Recipient phone number not
    # in allowed list"), or the transport's ("timeout"). Never the message body.
    last_error = models.CharField(_("galat terakhir"), max_length=300, blank=True)
    provider_id = models.CharField(_("id di penyedia"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="notification_channel_valid", condition=Q(channel__in=Channel.values)
            ),
            models.CheckConstraint(
                name="notification_status_valid", condition=Q(status__in=Status.values)
            ),
            models.CheckConstraint(
                name="notification_pending_has_next_attempt",
                condition=~Q(status=Status.PENDING) | Q(next_attempt_at__isnull=False),
            ),
        ]
        indexes = [
            # The poller (`notifications_deliver_due`) and the claim.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_pending_due",
                condition=Q(status=Status.PENDING),
            ),
            models.Index(fields=["complaint", "created_at"], name="notification_by_complaint"),
        ]

    def __str__(self) -> str:
        return f"{self.template or self.channel} #{self.pk} ({self.status})"


class Template(models.Model):
    """A message text, editable in the admin, rendered with Django's template engine on
    a context that carries no personal data (`templates.context_for`)."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    subject = models.CharField(
        _("subjek e-mail"), max_length=200, blank=True, help_text=_("Templat Django, satu baris.")
    )
    body = models.TextField(
        _("isi"),
        max_length=2000,
        help_text=_("Templat Django; variabel yang tersedia tercantum di docs/notifications.md."),
    )
    is_active = models.BooleanField(
        _("aktif"), default=True, help_text=_("Nonaktif: pemberitahuan jenis ini tidak dikirim.")
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("templat pesan")
        verbose_name_plural = _("templat pesan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class WhatsAppTemplate(models.Model):
    """A template message the city had approved by Meta, mapped to one of our notices.

    Outside the 24-hour customer service window WhatsApp takes only approved templates:
    the notice `notice` is then sent as template `name` in `language` with body
    parameters {{1}}, {{2}}... filled from the notice's variables named in `parameters`
    (docs/channels.md, "WhatsApp templates")."""

    notice = models.SlugField(
        _("pemberitahuan"),
        max_length=60,
        unique=True,
        help_text=_("Kode templat pesan Cerdas, misalnya reporter_state."),
    )
    name = models.CharField(
        _("nama templat di Meta"),
        max_length=512,
        validators=[RegexValidator(r"^[a-z0-9_]+$", _("Huruf kecil, angka dan garis bawah saja."))],
    )
    language = models.CharField(_("kode bahasa"), max_length=15, default="id")
    parameters = models.JSONField(
        _("parameter isi"),
        default=list,
        blank=True,
        help_text=_('Variabel untuk {{1}}, {{2}}, ... berurutan, misalnya ["code", "state"].'),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("templat WhatsApp")
        verbose_name_plural = _("templat WhatsApp")
        ordering = ["notice"]

    def __str__(self) -> str:
        return f"{self.notice} -> {self.name} ({self.language})"

    def clean(self) -> None:
        from .defaults import TEMPLATES, VARIABLES

        errors = {}
        if self.notice not in TEMPLATES:
            errors["notice"] = _("Pemberitahuan tidak dikenal.")
        names = self.parameters
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            errors["parameters"] = _('Daftar nama variabel, misalnya ["code", "state"].')
        else:
            unknown = sorted(set(names) - set(VARIABLES))
            if unknown:
                errors["parameters"] = _("Variabel tidak dikenal: %(names)s") % {
                    "names": ", ".join(unknown)
                }
        if errors:
            raise ValidationError(errors)


class Preference(models.Model):
    """How one account wants to be told: its channels, or nothing at all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = models.JSONField(
        _("kanal"),
        default=list,
        blank=True,
        help_text=_('Urutan kanal yang dipakai, misalnya ["whatsapp", "email"].'),
    )
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)
    telegram_chat_id = models.CharField(_("chat id Telegram"), max_length=40, blank=True)
    opted_out = models.BooleanField(_("berhenti menerima pemberitahuan"), default=False)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")

    def __str__(self) -> str:
        return str(self.user)


class OptOut(models.Model):
    """An address that asked not to be told anything more (a reporter without an account
    who followed the opt-out link or sent "BERHENTI")."""

    channel = models.CharField(_("kanal"), max_length=10, choices=Channel)
    address = models.CharField(_("alamat"), max_length=254)
    created_at = models.DateTimeField(_("sejak"), default=timezone.now)

    class Meta:
        verbose_name = _("berhenti berlangganan")
        verbose_name_plural = _("berhenti berlangganan")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="one_optout_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.pk}"


class Rung(models.TextChoices):
    OFFICER = "officer", _("Petugas OPD")
    AGENCY_HEAD = "agency_head", _("Kepala OPD")
    OPERATOR = "operator", _("Operator command center")
    LEADER = "leader", _("Pimpinan")


class EscalationStep(models.Model):
    """One rung of the escalation ladder: who is told once a case's running deadline has
    passed by `after_hours` working hours. Steps without a category apply to every
    category that has no steps of its own."""

    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalation_steps",
        help_text=_("Kosong: berlaku untuk kategori yang tidak punya tangga sendiri."),
    )
    rung = models.CharField(_("penerima"), max_length=12, choices=Rung)
    after_hours = models.PositiveSmallIntegerField(
        _("jam kerja setelah tenggat"),
        help_text=_("0: saat tenggat lewat; 8: satu hari kerja kemudian."),
    )

    class Meta:
        verbose_name = _("langkah eskalasi")
        verbose_name_plural = _("langkah eskalasi")
        ordering = ["category_id", "after_hours"]
        constraints = [
            models.UniqueConstraint(fields=["category", "rung"], name="one_step_per_category_rung"),
            models.UniqueConstraint(
                fields=["rung"],
                condition=Q(category__isnull=True),
                name="one_default_step_per_rung",
            ),
            models.CheckConstraint(name="step_rung_valid", condition=Q(rung__in=Rung.values)),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'}: {self.get_rung_display()} +{self.after_hours} jam"


class DeadlineNotice(models.Model):
    """A warning already given about one deadline of one case ("near", or a rung of the
    ladder): the claim that makes the deadline job safe on several hosts, since of two
    processes inserting the same row, the unique constraint lets one win."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="deadline_notices"
    )
    # The deadline told about: a new leg (a transfer, a reopening) escalates afresh.
    due_at = models.DateTimeField()
    # "near" (the officers' early warning) or a Rung value.
    step = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "due_at", "step"], name="one_notice_per_deadline_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.step} {self.due_at:%Y-%m-%d %H:%M}"
