from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    OPD = "opd", _("Perangkat daerah (Dinas/Badan/Satuan)")
    UNIT = "unit", _("Unit di bawah OPD (UPTD/Bidang)")
    EXTERNAL = "external", _("Instansi di luar kewenangan kota")


class AgencyQuerySet(models.QuerySet):
    def internal(self):
        """Agencies of the city that complaints can be sent (disposisi) to."""
        return self.filter(is_active=True).exclude(kind=AgencyKind.EXTERNAL)

    def external(self):
        """Bodies outside the city's authority that a complaint can be handed off to."""
        return self.filter(is_active=True, kind=AgencyKind.EXTERNAL)


class Agency(models.Model):
    code = models.SlugField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=10, choices=AgencyKind, default=AgencyKind.OPD)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Public contact shown when a case is handed off to this body.
    public_contact = models.CharField(_("kontak publik"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat daerah / instansi")
        verbose_name_plural = _("perangkat daerah / instansi")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="agency_not_own_parent", condition=~Q(parent=models.F("id"))
            ),
            models.CheckConstraint(
                name="unit_has_parent",
                condition=~Q(kind=AgencyKind.UNIT) | Q(parent__isnull=False),
                violation_error_message=_("UPTD/Bidang harus punya OPD induk."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_external(self) -> bool:
        return self.kind == AgencyKind.EXTERNAL
