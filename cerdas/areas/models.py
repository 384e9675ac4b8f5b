from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    CITY = "kota", _("Kota/Kabupaten")
    DISTRICT = "kecamatan", _("Kecamatan")
    VILLAGE = "kelurahan", _("Kelurahan/Desa")


class AreaQuerySet(models.QuerySet):
    def villages(self):
        return self.filter(level=AreaLevel.VILLAGE)

    def in_city(self, city_code: str):
        return self.filter(code__startswith=f"{city_code}.")


class Area(models.Model):
    """A region with its Kemendagri code: kota, kecamatan or kelurahan/desa.

    Only kelurahan/desa carry a polygon we trust; kecamatan and city follow from the
    code prefix (71.71.01.1008 lies in kecamatan 71.71.01 of city 71.71).
    """

    code = models.CharField(_("kode Kemendagri"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=AreaLevel)
    kind = models.CharField(_("jenis"), max_length=20, blank=True)  # Kelurahan / Desa / Kota...
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    geometry = models.JSONField(_("batas (GeoJSON)"), null=True, blank=True)
    center_lat = models.FloatField(null=True, blank=True)
    center_lon = models.FloatField(null=True, blank=True)
    # Inhabitants (BPS, "Kecamatan Dalam Angka"), entered by an admin; the wall's map
    # shows open complaints per 10,000 inhabitants where it is known.
    population = models.PositiveIntegerField(_("jumlah penduduk"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def district(self) -> "Area | None":
        return self.parent if self.level == AreaLevel.VILLAGE else None
