from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "warga", _("Warga")
    OPERATOR = "operator", _("Operator command center")
    OFFICER = "petugas", _("Petugas OPD")
    AGENCY_HEAD = "kepala_opd", _("Kepala OPD")
    LEADER = "pimpinan", _("Pimpinan")
    PPID = "ppid", _("PPID")
    WALIDATA = "walidata", _("Walidata")
    ADMIN = "admin", _("Admin sistem")


AGENCY_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)
COMMAND_CENTER_ROLES = (Role.OPERATOR, Role.ADMIN)


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=16, choices=Role, default=Role.CITIZEN)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="agency_staff_have_agency",
                condition=~Q(role__in=AGENCY_ROLES) | Q(agency__isnull=False),
                violation_error_message=_("Petugas dan Kepala OPD harus punya perangkat daerah."),
            ),
            # A citizen signs in with a phone or an e-mail (a one-time code): each leads
            # to one account, so two sign-ins at once cannot make two.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(role="warga") & ~Q(email=""),
                name="one_citizen_per_email",
            ),
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(role="warga") & ~Q(phone=""),
                name="one_citizen_per_phone",
            ),
        ]

    @property
    def is_command_center(self) -> bool:
        return self.role in COMMAND_CENTER_ROLES

    @property
    def is_agency_staff(self) -> bool:
        return self.role in AGENCY_ROLES and self.agency_id is not None

    @property
    def sees_all_complaints(self) -> bool:
        return self.role in (*COMMAND_CENTER_ROLES, Role.LEADER)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class CodePurpose(models.TextChoices):
    SIGN_IN = "masuk", _("Masuk ke akun warga")
    FOLLOW = "ikuti", _("Konfirmasi mengikuti laporan (saya juga)")


class OneTimeCode(models.Model):
    """A one-time code sent to a phone or an e-mail address through the notification
    outbox, proving that whoever types it back reads that address (cerdas/accounts/otp.py).

    Only a keyed hash of the code is kept; a code expires, dies after a few wrong tries
    and once used, and the outbox row that carried it has its text wiped."""

    purpose = models.CharField(max_length=8, choices=CodePurpose)
    channel = models.CharField(max_length=10)
    # E.164 phone or lower-case e-mail: personal data, never shown outside the admin.
    address = models.CharField(max_length=254)
    # What the code confirms besides the address (a Supporter's id for FOLLOW).
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    notification_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode sekali pakai")
        verbose_name_plural = _("kode sekali pakai")
        constraints = [
            models.CheckConstraint(
                name="one_time_code_purpose_valid", condition=Q(purpose__in=CodePurpose.values)
            ),
            models.CheckConstraint(
                name="one_time_code_expires_after_created",
                condition=Q(expires_at__gt=F("created_at")),
            ),
        ]
        indexes = [
            # The live code of an address: the newest one not used yet.
            models.Index(
                fields=["purpose", "address", "created_at"],
                name="one_time_code_live",
                condition=Q(used_at__isnull=True),
            ),
            models.Index(fields=["expires_at"], name="one_time_code_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"
