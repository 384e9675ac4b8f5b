from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "lokal", _("Libur daerah")
    OTHER = "lain", _("Libur lain")


class Holiday(models.Model):
    """A non-working day that the `holidays` package does not know.

    National holidays come from the package; cuti bersama are decided each year by
    a joint ministerial decree and local holidays by the city, so an admin enters them.
    """

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=16, choices=HolidayKind)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
