from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
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
