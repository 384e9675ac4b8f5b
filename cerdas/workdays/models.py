from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cerdas.lib import workcal


class HolidayKind(models.TextChoices):
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "lokal", _("Libur daerah")
    OTHER = "lain", _("Libur lain")
    CANCELLED = "batal", _("Cuti bersama dibatalkan (hari kerja)")


class Holiday(models.Model):
    """A day the city sets apart from the default calendar.

    National holidays and the SKB 3 Menteri cuti bersama come from the `holidays`
    package. An admin adds a day (a cuti bersama the package does not know, a local
    holiday) or cancels one of the package's cuti bersama (kind "batal": a working day
    again); moving a cuti bersama is both, cancelling the old date and adding the new one.
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

    def clean(self) -> None:
        super().clean()
        if not self.date:
            return
        national = workcal._national_holidays(self.date.year)
        leave = workcal.leave_days(self.date.year)
        if self.kind == HolidayKind.CANCELLED:
            if self.date not in leave:
                message = _("Tanggal ini bukan cuti bersama menurut SKB; tak ada yang dibatalkan.")
                raise ValidationError({"date": message})
        elif self.date in national or self.date in leave:
            name = national.get(self.date) or leave[self.date]
            raise ValidationError(
                {"date": _("Tanggal ini sudah hari libur (%(name)s).") % {"name": name}}
            )
        elif self.date.weekday() >= 5:
            raise ValidationError({"date": _("Tanggal ini hari Sabtu atau Minggu.")})
