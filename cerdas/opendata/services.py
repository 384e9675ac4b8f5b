"""Every write to the open data portal: datasets, their review, resources and rows.

Producers (staff of the OPD that owns a dataset) draft, upload and submit; the walidata
publishes or returns. A file becomes a resource and its rows in one transaction, or is
refused whole with the list of its problems.
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from cerdas.accounts.models import Role
from cerdas.complaints.services import Upload, clean_text
from cerdas.complaints.workflow import WorkflowError

from .models import Dataset, DatasetState, Frequency, Group, Licence, Resource, Row, Tag
from .tables import Table, TableError, format_of, read_table

log = logging.getLogger(__name__)

EDITABLE_STATES = (DatasetState.DRAFT, DatasetState.RETURNED)
MAX_TAGS = 20
_TAG = re.compile(r"^[\w \-.]{2,100}$")

__all__ = ["UploadError", "WorkflowError"]


class UploadError(WorkflowError):
    """A file was refused; `problems` says which row and what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("Berkas tidak dapat diimpor: " + " ".join(problems))
        self.problems = problems


# --- who may do what -----------------------------------------------------------------


def may_edit(user, dataset: Dataset) -> bool:
    """Staff of the producing OPD (or of its parent OPD) while the dataset is not in review."""
    return (
        user.is_authenticated
        and user.is_agency_staff
        and user.agency_id in (dataset.agency_id, dataset.agency.parent_id)
        and not dataset.source
    )


def may_review(user) -> bool:
    return user.is_authenticated and user.role == Role.WALIDATA


def _check_edit(user, dataset: Dataset) -> None:
    if not may_edit(user, dataset):
        raise WorkflowError("Anda tidak berwenang mengubah dataset ini.")
    if dataset.state not in EDITABLE_STATES:
        raise WorkflowError(
            "Dataset yang sedang diperiksa atau sudah terbit tidak dapat diubah; "
            "minta walidata mengembalikannya lebih dulu."
        )


# --- datasets --------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetFields:
    title: str
    notes: str = ""
    frequency: str = Frequency.YEARLY
    year: int = 0
    unit: str = ""
    reference_code: str = ""
    definition: str = ""
    classification: str = ""
    license_id: str = Licence.CC_BY
    tags: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()


def _clean(fields: DatasetFields) -> dict:
    title = clean_text(fields.title, field="Judul", limit=200)
    if fields.frequency not in Frequency.values:
        raise WorkflowError("Frekuensi tidak dikenal.")
    if fields.license_id not in Licence.values:
        raise WorkflowError("Lisensi tidak dikenal.")
    if not 1900 <= int(fields.year or 0) <= 2100:
        raise WorkflowError("Tahun harus antara 1900 dan 2100.")
    tags = []
    for tag in fields.tags:
        tag = tag.strip().lower()
        if not tag or tag in tags:
            continue
        if not _TAG.match(tag):
            raise WorkflowError(
                f"Tag \u201c{tag}\u201d tidak sah: 2-100 huruf, angka, spasi, - _ atau titik."
            )
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise WorkflowError(f"Paling banyak {MAX_TAGS} tag.")
    return dict(
        title=title,
        notes=clean_text(fields.notes, field="Uraian", required=False),
        frequency=fields.frequency,
        year=int(fields.year),
        unit=clean_text(fields.unit, field="Satuan", required=False, limit=100),
        reference_code=clean_text(
            fields.reference_code, field="Kode referensi", required=False, limit=100
        ),
        definition=clean_text(fields.definition, field="Definisi", required=False, limit=2000),
        classification=clean_text(
            fields.classification, field="Klasifikasi", required=False, limit=200
        ),
        license_id=fields.license_id,
        tags=tags,
        groups=list(fields.groups),
    )


def _unique_name(title: str, *, exclude=None) -> str:
    base = (slugify(title) or "dataset")[:90].strip("-")
    name, n = base, 1
    taken = Dataset.objects.exclude(pk=exclude) if exclude else Dataset.objects.all()
    while taken.filter(name=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _set_relations(dataset: Dataset, values: dict) -> None:
    dataset.tags.set([Tag.objects.get_or_create(name=t)[0] for t in values["tags"]])
    dataset.groups.set(values["groups"])


@transaction.atomic
def dataset_create(*, user, fields: DatasetFields, agency=None) -> Dataset:
    """A draft of the user's own OPD (an agency head of a parent OPD may name a unit)."""
    agency = agency or user.agency
    if not (
        user.is_authenticated
        and user.is_agency_staff
        and agency is not None
        and user.agency_id in (agency.pk, agency.parent_id)
    ):
        raise WorkflowError("Hanya petugas OPD yang dapat membuat dataset untuk OPD-nya.")
    values = _clean(fields)
    now = timezone.now()
    dataset = Dataset.objects.create(
        name=_unique_name(values["title"]),
        agency=agency,
        walidata=settings.CERDAS_OPENDATA_WALIDATA,
        created_by=user,
        created_at=now,
        modified_at=now,
        **{k: v for k, v in values.items() if k not in ("tags", "groups")},
    )
    _set_relations(dataset, values)
    return dataset


@transaction.atomic
def dataset_update(*, user, dataset: Dataset, fields: DatasetFields) -> Dataset:
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _check_edit(user, dataset)
    values = _clean(fields)
    for key, value in values.items():
        if key not in ("tags", "groups"):
            setattr(dataset, key, value)
    dataset.modified_at = timezone.now()
    dataset.save()
    _set_relations(dataset, values)
    return dataset


@transaction.atomic
def dataset_submit(*, user, dataset: Dataset) -> Dataset:
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _check_edit(user, dataset)
    if not dataset.resources.exists():
        raise WorkflowError("Tambahkan sedikitnya satu sumber data sebelum mengajukan.")
    dataset.state = DatasetState.SUBMITTED
    dataset.save(update_fields=["state"])
    return dataset


@transaction.atomic
def dataset_publish(*, user, dataset: Dataset) -> Dataset:
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if not may_review(user):
        raise WorkflowError("Hanya walidata yang dapat menerbitkan dataset.")
    if dataset.state != DatasetState.SUBMITTED:
        raise WorkflowError("Hanya dataset yang diajukan yang dapat diterbitkan.")
    now = timezone.now()
    dataset.state = DatasetState.PUBLISHED
    dataset.reviewed_by = user
    dataset.review_note = ""
    dataset.published_at = dataset.published_at or now
    dataset.modified_at = now
    dataset.save()
    return dataset


@transaction.atomic
def dataset_return(*, user, dataset: Dataset, note: str) -> Dataset:
    """Back to the producer with the walidata's reason: from review, or out of the portal."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if not may_review(user) or dataset.source:
        raise WorkflowError("Hanya walidata yang dapat mengembalikan dataset.")
    if dataset.state not in (DatasetState.SUBMITTED, DatasetState.PUBLISHED):
        raise WorkflowError("Dataset ini tidak sedang diperiksa atau terbit.")
    dataset.review_note = clean_text(note, field="Alasan", limit=1000)
    dataset.state = DatasetState.RETURNED
    dataset.reviewed_by = user
    dataset.modified_at = timezone.now()
    dataset.save()
    return dataset


# --- resources -------------------------------------------------------------------------


def _next_position(dataset: Dataset) -> int:
    return (dataset.resources.aggregate(m=Max("position"))["m"] or 0) + 1


def rows_store(resource: Resource, table: Table) -> None:
    """Replace the resource's rows with the table's (inside the caller's transaction)."""
    resource.rows.all().delete()
    columns = table.columns
    Row.objects.bulk_create(
        (
            Row(
                resource=resource,
                number=number,
                data=dict(zip(columns, values, strict=True)),
                text=" ".join(str(v) for v in values if v is not None).lower(),
            )
            for number, values in enumerate(table.rows, start=1)
        ),
        batch_size=2000,
    )
    resource.fields = table.fields
    resource.row_count = len(table.rows)


@transaction.atomic
def resource_upload(*, user, dataset: Dataset, name: str, upload: Upload, description: str = ""):
    """A CSV, XLSX or JSON file: kept as uploaded, its rows stored for the datastore."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _check_edit(user, dataset)
    name = clean_text(name, field="Nama sumber data", limit=200)
    filename = re.sub(r"[^\w.\-]+", "_", upload.name.rsplit("/", 1)[-1])[-100:] or "data"
    try:
        table = read_table(
            filename, upload.data, max_bytes=settings.CERDAS_MAX_UPLOAD_MB * 1024 * 1024
        )
    except TableError as exc:
        raise UploadError(exc.problems) from None
    now = timezone.now()
    fmt = format_of(filename)
    resource = Resource(
        dataset=dataset,
        position=_next_position(dataset),
        name=name,
        description=clean_text(description, field="Uraian", required=False, limit=2000),
        format=fmt,
        size=len(upload.data),
        mimetype={
            "CSV": "text/csv",
            "JSON": "application/json",
            "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[fmt],
        hash=hashlib.sha256(upload.data).hexdigest(),
        encoding=table.encoding,
        delimiter=table.delimiter,
        import_note=table.note,
        created_at=now,
        modified_at=now,
    )
    resource.file.save(filename, ContentFile(upload.data), save=False)
    # The file is written before the row; if anything below fails, remove it again.
    try:
        resource.save()
        rows_store(resource, table)
        resource.save(update_fields=["fields", "row_count"])
    except Exception:
        resource.file.delete(save=False)
        raise
    dataset.modified_at = now
    dataset.save(update_fields=["modified_at"])
    return resource


@transaction.atomic
def resource_link(*, user, dataset: Dataset, name: str, url: str, format: str, description=""):
    """A link to data kept elsewhere (an API, a map service): no rows, no preview."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _check_edit(user, dataset)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise WorkflowError("Tautan harus alamat http:// atau https:// yang sah.") from None
    now = timezone.now()
    resource = Resource.objects.create(
        dataset=dataset,
        position=_next_position(dataset),
        name=clean_text(name, field="Nama sumber data", limit=200),
        description=clean_text(description, field="Uraian", required=False, limit=2000),
        format=clean_text(format, field="Format", limit=20).upper(),
        url=url,
        created_at=now,
        modified_at=now,
    )
    dataset.modified_at = now
    dataset.save(update_fields=["modified_at"])
    return resource


@transaction.atomic
def resource_delete(*, user, resource: Resource) -> None:
    dataset = Dataset.objects.select_for_update().get(pk=resource.dataset_id)
    _check_edit(user, dataset)
    path = resource.file.name if resource.file else None
    resource.delete()
    dataset.modified_at = timezone.now()
    dataset.save(update_fields=["modified_at"])
    if path:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(path))


# --- the dataset that publishes itself from the complaint system ------------------------

COMPLAINTS_SOURCE = "pengaduan"
REFRESH_EVERY = timedelta(hours=1)
COUNT_FIELDS = [
    ("tanggal", "text"),
    ("kode_kelurahan", "text"),
    ("kelurahan", "text"),
    ("kecamatan", "text"),
    ("kategori", "text"),
    ("status", "text"),
    ("jumlah", "int"),
]


def complaint_counts_table() -> Table:
    """Complaints filed per day (the city's date), kelurahan, category and current state.

    Counts only: no text, no reporter, no place finer than the kelurahan; rahasia
    reports are left out altogether (a count of one in a small kelurahan would tell
    that somebody there reported, say, pungli that day).
    """
    from zoneinfo import ZoneInfo

    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from cerdas.complaints.models import Complaint, Privacy

    counts = (
        Complaint.objects.exclude(privacy=Privacy.CONFIDENTIAL)
        .annotate(day=TruncDate("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("day", "area__code", "area__name", "area__parent__name", "category__name", "state")
        .annotate(n=Count("id"))
        .order_by("day", "area__code", "category__name", "state")
    )
    rows = [
        [
            c["day"].isoformat(),
            c["area__code"],
            c["area__name"],
            c["area__parent__name"],
            c["category__name"],
            c["state"],
            c["n"],
        ]
        for c in counts
    ]
    return Table([name for name, _ in COUNT_FIELDS], rows, types=[kind for _, kind in COUNT_FIELDS])


@dataclass(frozen=True)
class AutoDataset:
    """A dataset that publishes itself from another part of Cerdas: one resource whose
    rows `table()` computes, recounted at most once per REFRESH_EVERY and only written
    when they changed (so harvesters see the same metadata_modified)."""

    source: str
    name: str
    title: str
    notes: str
    unit: str
    frequency: str
    tags: tuple[str, ...]
    resource_name: str
    resource_description: str
    table: object  # () -> Table


def _auto_resource(spec: AutoDataset, agency) -> Resource:
    now = timezone.now()
    dataset, created = Dataset.objects.get_or_create(
        source=spec.source,
        defaults=dict(
            name=spec.name,
            title=spec.title,
            notes=spec.notes,
            agency=agency,
            walidata=settings.CERDAS_OPENDATA_WALIDATA,
            frequency=spec.frequency,
            year=timezone.localdate(now).year,
            unit=spec.unit,
            license_id=Licence.CC_BY,
            state=DatasetState.PUBLISHED,
            created_at=now,
            modified_at=now,
            published_at=now,
        ),
    )
    if created:
        _set_relations(dataset, {"tags": list(spec.tags), "groups": []})
    resource = dataset.resources.first()
    if resource is None:
        resource = Resource.objects.create(
            dataset=dataset,
            position=1,
            name=spec.resource_name,
            description=spec.resource_description,
            format="CSV",
            mimetype="text/csv",
            created_at=now,
            modified_at=now,
        )
    return resource


def auto_dataset_refresh(spec: AutoDataset, *, force: bool = False) -> int:
    """The periodic job: recount at most once per REFRESH_EVERY (one host claims it).

    Returns how many rows were written (0 when nothing changed or another host has it).
    """
    from cerdas.agencies.models import Agency

    agency = Agency.objects.filter(code=settings.CERDAS_OPENDATA_COMPLAINTS_AGENCY).first()
    if agency is None:
        log.warning(
            "open data: no agency %r (CERDAS_OPENDATA_COMPLAINTS_AGENCY); %s not published",
            settings.CERDAS_OPENDATA_COMPLAINTS_AGENCY,
            spec.name,
        )
        return 0
    with transaction.atomic():
        resource = _auto_resource(spec, agency)
    now = timezone.now()
    claimed = (
        Resource.objects.filter(pk=resource.pk)
        .filter(Q(refreshed_at__isnull=True) | Q(refreshed_at__lt=now - REFRESH_EVERY))
        .update(refreshed_at=now)
    )
    if not claimed and not force:
        return 0
    return _auto_rows_write(spec, resource_id=resource.pk)


@transaction.atomic
def _auto_rows_write(spec: AutoDataset, *, resource_id) -> int:
    resource = Resource.objects.select_for_update().select_related("dataset").get(pk=resource_id)
    table = spec.table()
    digest = hashlib.sha256(repr(table.rows).encode()).hexdigest()
    if digest == resource.hash:
        return 0  # unchanged: harvesters see the same metadata_modified
    rows_store(resource, table)
    now = timezone.now()
    resource.hash = digest
    resource.modified_at = now
    resource.save()
    dataset = resource.dataset
    dataset.modified_at = now
    dataset.year = timezone.localdate(now).year
    dataset.save(update_fields=["modified_at", "year"])
    return resource.row_count


COMPLAINT_COUNTS = AutoDataset(
    source=COMPLAINTS_SOURCE,
    name="jumlah-pengaduan-harian",
    title="Jumlah pengaduan masyarakat per hari, kelurahan, kategori dan status",
    notes=(
        "Jumlah laporan warga yang masuk ke command center per tanggal lapor (waktu "
        "kota), kelurahan, kategori dan status saat ini. Diperbarui otomatis dari "
        "sistem pengaduan. Hanya angka: tanpa isi laporan, tanpa data pelapor; "
        "laporan rahasia tidak dihitung."
    ),
    unit="pengaduan",
    frequency=Frequency.DAILY,
    tags=("pengaduan", "layanan publik"),
    resource_name="Jumlah pengaduan harian",
    resource_description="Satu baris per tanggal, kelurahan, kategori dan status.",
    table=complaint_counts_table,
)


def complaint_counts_refresh(*, force: bool = False) -> int:
    return auto_dataset_refresh(COMPLAINT_COUNTS, force=force)


# --- the sensors' readings, per hour -------------------------------------------------

SENSORS_SOURCE = "sensor"
SENSOR_DAYS = 90
SENSOR_FIELDS = [
    ("jam", "text"),
    ("kode_sensor", "text"),
    ("sensor", "text"),
    ("jenis", "text"),
    ("satuan", "text"),
    ("lintang", "numeric"),
    ("bujur", "numeric"),
    ("rata_rata", "numeric"),
    ("minimum", "numeric"),
    ("maksimum", "numeric"),
    ("jumlah_bacaan", "int"),
]


def sensor_hours_table(*, now=None) -> Table:
    """The active sensors' readings of the last SENSOR_DAYS days, one row per sensor and
    hour of the city's clock: mean, minimum, maximum and how many readings. The sensors
    are the city's own instruments in public places: nothing personal, nothing hidden
    (their device keys and the cameras are not here)."""
    from zoneinfo import ZoneInfo

    from django.db.models import Avg, Count, Max, Min
    from django.db.models.functions import TruncHour

    from cerdas.sensors.models import Reading, Sensor

    now = now or timezone.now()
    sensors = {s.pk: s for s in Sensor.objects.filter(is_active=True)}
    hours = (
        Reading.objects.filter(sensor_id__in=sensors, ts__gte=now - timedelta(days=SENSOR_DAYS))
        .annotate(hour=TruncHour("ts", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("sensor_id", "hour")
        .annotate(mean=Avg("value"), low=Min("value"), high=Max("value"), n=Count("id"))
        .order_by("hour", "sensor_id")
    )
    rows = []
    for h in hours:
        sensor = sensors[h["sensor_id"]]
        rows.append(
            [
                h["hour"].isoformat(timespec="minutes"),
                sensor.code,
                sensor.name,
                sensor.get_kind_display(),
                sensor.unit,
                round(sensor.lat, 6),
                round(sensor.lon, 6),
                round(h["mean"], 2),
                h["low"],
                h["high"],
                h["n"],
            ]
        )
    return Table(
        [name for name, _ in SENSOR_FIELDS], rows, types=[kind for _, kind in SENSOR_FIELDS]
    )


SENSOR_HOURS = AutoDataset(
    source=SENSORS_SOURCE,
    name="pembacaan-sensor-per-jam",
    title="Pembacaan sensor kota per jam: tinggi muka air, curah hujan, kualitas udara",
    notes=(
        "Rata-rata, nilai terendah dan tertinggi setiap sensor kota (tinggi muka air "
        "sungai dan pintu air, curah hujan, ISPU kualitas udara) per jam waktu kota, "
        f"{SENSOR_DAYS} hari terakhir. Diperbarui otomatis dari sistem sensor command center."
    ),
    unit="sesuai satuan sensor",
    frequency=Frequency.DAILY,
    tags=("sensor", "banjir", "kualitas udara"),
    resource_name="Pembacaan sensor per jam",
    resource_description="Satu baris per sensor dan jam.",
    table=sensor_hours_table,
)


def sensor_hours_refresh(*, force: bool = False) -> int:
    """Published from the first sensor on: a city without sensors gets no empty dataset."""
    from cerdas.sensors.models import Sensor

    if not Sensor.objects.exists():
        return 0
    return auto_dataset_refresh(SENSOR_HOURS, force=force)
