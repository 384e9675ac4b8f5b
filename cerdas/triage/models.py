from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TriageSettings(models.Model):
    """The admin's knobs for routing (one row: `TriageSettings.current()`)."""

    auto_dispose = models.BooleanField(
        _("disposisi otomatis"),
        default=True,
        help_text=_("Pengaduan yang sangat jelas langsung diteruskan ke OPD oleh sistem."),
    )
    threshold = models.FloatField(
        _("ambang keyakinan"),
        null=True,
        blank=True,
        help_text=_(
            "Disposisi otomatis hanya di atas keyakinan ini (0-1). Kosong: ambang model "
            "yang memberi presisi 95% pada data uji saat pelatihan."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan triase")
        verbose_name_plural = _("pengaturan triase")
        constraints = [
            models.CheckConstraint(
                name="triage_threshold_0_1",
                condition=Q(threshold__isnull=True) | Q(threshold__gte=0, threshold__lte=1),
            )
        ]

    def __str__(self) -> str:
        return str(_("Pengaturan triase"))

    @classmethod
    def current(cls) -> "TriageSettings":
        return cls.objects.order_by("pk").first() or cls()


class RoutingDecision(models.Model):
    """What the model said about a new complaint: its top three, and whether it acted."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="routing"
    )
    model_version = models.CharField(_("versi model"), max_length=40)
    # [{"label": ..., "confidence": 0.93, "agency": <id or null>}, ...] best first.
    suggestions = models.JSONField(_("saran"), default=list)
    confidence = models.FloatField(_("keyakinan"))
    threshold = models.FloatField(_("ambang"))
    auto_disposed = models.BooleanField(_("disposisi otomatis"), default=False)
    milliseconds = models.FloatField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("saran rute")
        verbose_name_plural = _("saran rute")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.model_version} {self.confidence:.2f}"


class LabelSource(models.TextChoices):
    OPERATOR = "operator", _("Keputusan operator")
    IMPORT = "impor", _("Riwayat yang diimpor")


class TrainingLabel(models.Model):
    """One text with the agency (or category) it belongs to: what `router train
    --from-db` learns from. Operators' decisions and imported history land here."""

    text = models.TextField(max_length=8000)
    label = models.CharField(_("label"), max_length=200)
    source = models.CharField(max_length=10, choices=LabelSource)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_labels",
    )
    # Imported history: the row's own id in the city's file, when it was reported and where.
    ref = models.CharField(max_length=64, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("label pelatihan")
        verbose_name_plural = _("label pelatihan")
        indexes = [models.Index(fields=["created_at"], name="label_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "ref"], condition=~Q(ref=""), name="label_ref_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.text[:40]}"


class Supporter(models.Model):
    """A citizen who said "saya juga" about a complaint instead of filing it again.

    The notifications read this like the reporter: every state change of `complaint`
    is told to each confirmed supporter (by account, phone or e-mail). A merge moves a
    duplicate's reporter and supporters onto the surviving case."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="supporters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=120, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Notices go only to a confirmed supporter: an account at once; a phone or e-mail
    # once its one-time code came back (nobody subscribes somebody else's address). The
    # reporter of a merged duplicate gave theirs when filing: confirmed on the move.
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    # The case this supporter first reported or supported, before a merge moved them.
    came_from = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pendukung")
        verbose_name_plural = _("pendukung")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "user"],
                condition=Q(user__isnull=False),
                name="supporter_once_per_user",
            ),
            models.CheckConstraint(
                name="supporter_reachable",
                condition=Q(user__isnull=False) | ~Q(phone="") | ~Q(email=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.user_id or self.phone or self.email}"
