"""Open data (Satu Data Indonesia): datasets of the OPDs, their resources and rows.

An organisation is an OPD (cerdas.agencies.Agency, its code is the CKAN name); a
dataset goes draft -> submitted -> published through the walidata's review, and only
published datasets exist for the public portal and the CKAN API. Tabular resources are
parsed into rows (Row) that datastore_search reads.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "harian", _("Harian")
    WEEKLY = "mingguan", _("Mingguan")
    MONTHLY = "bulanan", _("Bulanan")
    QUARTERLY = "triwulanan", _("Triwulanan")
    SEMESTER = "semesteran", _("Semesteran")
    YEARLY = "tahunan", _("Tahunan")
    ONCE = "sekali", _("Sekali")


class DatasetState(models.TextChoices):
    DRAFT = "draf", _("Draf")
    SUBMITTED = "diajukan", _("Menunggu pemeriksaan walidata")
    RETURNED = "dikembalikan", _("Dikembalikan untuk diperbaiki")
    PUBLISHED = "terbit", _("Terbit")


class Licence(models.TextChoices):
    # CKAN's licence ids (ckan/model/license.py), so harvesters map them as they are.
    CC_BY = "cc-by", "Creative Commons Attribution"
    CC_BY_SA = "cc-by-sa", "Creative Commons Attribution Share-Alike"
    CC_ZERO = "cc-zero", "Creative Commons CCZero"
    ODC_BY = "odc-by", "Open Data Commons Attribution License"
    ODC_ODBL = "odc-odbl", "Open Data Commons Open Database License (ODbL)"
    OTHER_OPEN = "other-open", "Other (Open)"
    NOT_SPECIFIED = "notspecified", "License not specified"


LICENCE_URLS = {
    Licence.CC_BY: "http://www.opendefinition.org/licenses/cc-by",
    Licence.CC_BY_SA: "http://www.opendefinition.org/licenses/cc-by-sa",
    Licence.CC_ZERO: "http://www.opendefinition.org/licenses/cc-zero",
    Licence.ODC_BY: "http://www.opendefinition.org/licenses/odc-by",
    Licence.ODC_ODBL: "http://www.opendefinition.org/licenses/odc-odbl",
}
OPEN_LICENCES = {*LICENCE_URLS, Licence.OTHER_OPEN}


class Group(models.Model):
    """A topic (CKAN group), e.g. kependudukan, infrastruktur."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(_("nama (slug)"), max_length=100, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("grup (topik)")
        verbose_name_plural = _("grup (topik)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title


class Tag(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("nama"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tag")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DatasetQuerySet(models.QuerySet):
    def published(self):
        """What the public portal and the CKAN API may show."""
        return self.filter(state=DatasetState.PUBLISHED)

    def editable_by(self, user):
        """Datasets of the user's own agency (or its units): the producer's list."""
        if not (user.is_authenticated and user.is_agency_staff):
            return self.none()
        return self.filter(Q(agency_id=user.agency_id) | Q(agency__parent_id=user.agency_id))

    def visible_to(self, user):
        """Published ones for everybody; drafts to their producers and to the walidata."""
        if user.is_authenticated and user.role == "walidata":
            return self
        return self.filter(Q(state=DatasetState.PUBLISHED) | Q(pk__in=self.editable_by(user)))


class Dataset(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(_("nama (slug)"), max_length=100, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    notes = models.TextField(_("uraian"), blank=True, max_length=4000)
    # Satu Data Indonesia metadata: the producing OPD is the CKAN organisation.
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("produsen data"),
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    walidata = models.CharField(_("walidata"), max_length=200)
    frequency = models.CharField(
        _("frekuensi"), max_length=12, choices=Frequency, default=Frequency.YEARLY
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    unit = models.CharField(_("satuan"), max_length=100, blank=True)
    reference_code = models.CharField(_("kode referensi"), max_length=100, blank=True)
    # Satu Data Indonesia's metadata (Perpres 39/2019, standar data): what is counted and
    # how it is grouped, so a figure means the same thing in every OPD's table.
    definition = models.TextField(_("definisi"), blank=True, max_length=2000)
    classification = models.CharField(_("klasifikasi"), max_length=200, blank=True)
    license_id = models.CharField(
        _("lisensi"), max_length=20, choices=Licence, default=Licence.CC_BY
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("grup"), blank=True, related_name="datasets"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tag"), blank=True, related_name="datasets")

    state = models.CharField(
        _("status"), max_length=12, choices=DatasetState, default=DatasetState.DRAFT
    )
    review_note = models.CharField(_("catatan walidata"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "pengaduan": refreshed from the complaint system by a periodic job, published as is.
    source = models.CharField(_("sumber otomatis"), max_length=20, blank=True)

    created_at = models.DateTimeField(_("dibuat"))
    modified_at = models.DateTimeField(_("diperbarui"))
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")
        ordering = ["-modified_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="one_dataset_per_source"
            ),
            models.CheckConstraint(
                name="dataset_year_plausible", condition=Q(year__gte=1900, year__lte=2100)
            ),
        ]
        indexes = [models.Index(fields=["state", "modified_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == DatasetState.PUBLISHED


class FieldType(models.TextChoices):
    # datastore field types, as CKAN's datastore names them
    INT = "int"
    NUMERIC = "numeric"
    TEXT = "text"


def _resource_path(instance: "Resource", filename: str) -> str:
    return f"opendata/{instance.dataset_id}/{instance.id}/{filename}"


class Resource(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("uraian"), blank=True, max_length=2000)
    format = models.CharField(_("format"), max_length=20)
    # An external link (url) or an uploaded file; uploads of tables also have rows.
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    file = models.FileField(upload_to=_resource_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    mimetype = models.CharField(max_length=100, blank=True)
    # sha256 of the file (or of the rows for generated resources), CKAN's "hash".
    hash = models.CharField(max_length=64, blank=True)
    # datastore: [{"id": column, "type": "int"|"numeric"|"text"}]; empty without rows.
    fields = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    encoding = models.CharField(_("pengodean"), max_length=20, blank=True)
    delimiter = models.CharField(_("pemisah"), max_length=4, blank=True)
    import_note = models.CharField(_("catatan impor"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    modified_at = models.DateTimeField(_("diperbarui"))
    # Generated resources: when the periodic job last claimed a refresh.
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sumber data")
        verbose_name_plural = _("sumber data")
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def datastore_active(self) -> bool:
        return bool(self.fields)

    @property
    def filename(self) -> str:
        if self.file:
            return self.file.name.rsplit("/", 1)[-1]
        return f"{self.dataset.name}.csv"


class Row(models.Model):
    """One record of a tabular resource; number is the datastore's _id (from 1)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    # The row's values lower-cased, for datastore_search's q.
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="row_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resource_id}#{self.number}"
