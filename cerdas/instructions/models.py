"""Leader instructions (arahan pimpinan): one instruction, one part per recipient OPD.

Each recipient agency works through its own part (acknowledge, report progress, mark
done) and the leader accepts or returns each part on its own, so the status and the
on-time judgement live on `InstructionRecipient`, not on the instruction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cerdas.accounts.models import Role
from cerdas.lib.history import Immutable

ISSUER_ROLES = (Role.LEADER, Role.ADMIN)


class Priority(models.TextChoices):
    NORMAL = "biasa", _("Biasa")
    IMPORTANT = "penting", _("Penting")
    URGENT = "segera", _("Segera")


class Status(models.TextChoices):
    SENT = "terkirim", _("Terkirim, belum diterima OPD")
    ACKNOWLEDGED = "diterima", _("Diterima OPD")
    IN_PROGRESS = "dikerjakan", _("Sedang dikerjakan")
    DONE = "dilaporkan_selesai", _("Dilaporkan selesai, menunggu pimpinan")
    ACCEPTED = "selesai", _("Selesai (diterima pimpinan)")


OPEN_STATUSES = (Status.SENT, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.DONE)


class Action(models.TextChoices):
    CREATE = "create", _("Arahan dikirim")
    ACKNOWLEDGE = "acknowledge", _("Terima arahan")
    REPORT_PROGRESS = "report_progress", _("Laporkan perkembangan")
    MARK_DONE = "mark_done", _("Tandai selesai")
    ACCEPT = "accept", _("Terima hasil")
    RETURN = "return", _("Kembalikan")


class InstructionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Instructions a signed-in user may open. One not sent to an agency does not
        exist for its staff (404), as with complaints."""
        if not user.is_authenticated:
            return self.none()
        if user.role in ISSUER_ROLES:
            return self
        if user.is_agency_staff:
            ids = InstructionRecipient.objects.for_staff(user).values("instruction_id")
            return self.filter(pk__in=ids)
        return self.none()


class Instruction(models.Model):
    subject = models.CharField(_("perihal"), max_length=200)
    body = models.TextField(_("isi arahan"), max_length=4000)
    priority = models.CharField(
        _("prioritas"), max_length=8, choices=Priority, default=Priority.NORMAL
    )
    deadline = models.DateTimeField(_("tenggat"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dari"),
        on_delete=models.PROTECT,
        related_name="instructions_sent",
    )
    complaints = models.ManyToManyField(
        "complaints.Complaint",
        verbose_name=_("pengaduan terkait"),
        blank=True,
        related_name="instructions",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = InstructionQuerySet.as_manager()

    class Meta:
        verbose_name = _("arahan pimpinan")
        verbose_name_plural = _("arahan pimpinan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="instruction_priority_valid", condition=Q(priority__in=Priority.values)
            ),
            models.CheckConstraint(name="instruction_subject_not_empty", condition=~Q(subject="")),
            models.CheckConstraint(name="instruction_body_not_empty", condition=~Q(body="")),
            models.CheckConstraint(
                name="instruction_deadline_after_creation",
                condition=Q(deadline__gt=models.F("created_at")),
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at"], name="instruction_created"),
            models.Index(fields=["deadline"], name="instruction_deadline"),
        ]

    def __str__(self) -> str:
        return self.subject


class RecipientQuerySet(models.QuerySet):
    def for_staff(self, user):
        """The parts an agency's staff answer for: their agency's, and its units'."""
        if not user.is_authenticated or not user.is_agency_staff:
            return self.none()
        return self.filter(Q(agency_id=user.agency_id) | Q(agency__parent_id=user.agency_id))

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role in ISSUER_ROLES:
            return self
        return self.for_staff(user)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class InstructionRecipient(models.Model):
    """One OPD's part of an instruction: its status and its own clock."""

    instruction = models.ForeignKey(
        Instruction, on_delete=models.CASCADE, related_name="recipients"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("OPD"),
        on_delete=models.PROTECT,
        related_name="instruction_parts",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SENT)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # The latest "marked done"; cleared when the leader returns the part.
    done_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    return_count = models.PositiveSmallIntegerField(_("dikembalikan"), default=0)
    progress_count = models.PositiveSmallIntegerField(_("laporan perkembangan"), default=0)
    updated_at = models.DateTimeField()

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("penerima arahan")
        verbose_name_plural = _("penerima arahan")
        ordering = ["agency__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "agency"], name="one_part_per_instruction_agency"
            ),
            models.CheckConstraint(
                name="instruction_recipient_status_valid", condition=Q(status__in=Status.values)
            ),
            models.CheckConstraint(
                name="instruction_done_has_time",
                condition=~Q(status__in=[Status.DONE, Status.ACCEPTED]) | Q(done_at__isnull=False),
            ),
            models.CheckConstraint(
                name="instruction_accepted_iff_time",
                condition=(Q(status=Status.ACCEPTED) & Q(accepted_at__isnull=False))
                | (~Q(status=Status.ACCEPTED) & Q(accepted_at__isnull=True)),
            ),
            models.CheckConstraint(
                name="instruction_sent_not_acknowledged",
                condition=~Q(status=Status.SENT) | Q(acknowledged_at__isnull=True),
            ),
        ]
        indexes = [
            # The agency's list and the scorecards: one agency's parts by status.
            models.Index(fields=["agency", "status"], name="instr_recipient_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.instruction_id} → {self.agency_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class InstructionEvent(Immutable, models.Model):
    """One step of an instruction. Written once, never changed: the log is history."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="events")
    # None for the step that concerns every recipient (the instruction was sent).
    recipient = models.ForeignKey(
        InstructionRecipient,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    from_status = models.CharField(max_length=20, choices=Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Status, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("riwayat arahan")
        verbose_name_plural = _("riwayat arahan")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["instruction", "created_at"], name="instr_event_time")]

    def __str__(self) -> str:
        return f"{self.instruction_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


def _file_path(instance: "InstructionFile", filename: str) -> str:
    return f"instructions/{instance.created_at:%Y/%m}/{filename}"


class InstructionFile(models.Model):
    """An attachment of the instruction (recipient None) or an OPD's evidence."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="files")
    recipient = models.ForeignKey(
        InstructionRecipient,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    event = models.ForeignKey(InstructionEvent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_file_path, max_length=200)
    name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("lampiran arahan")
        verbose_name_plural = _("lampiran arahan")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="instruction_file_type_allowed",
                condition=Q(content_type__in=["image/jpeg", "application/pdf"]),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
