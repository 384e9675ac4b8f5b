from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cerdas.complaints import icons
from cerdas.lib.history import Immutable
from cerdas.lib.workcal import Unit


class State(models.TextChoices):
    NEW = "baru", _("Menunggu verifikasi")
    NEEDS_INFO = "menunggu_info", _("Menunggu informasi pelapor")
    DISPOSED = "disposisi", _("Diteruskan ke OPD")
    IN_PROGRESS = "diproses", _("Sedang ditindaklanjuti")
    AWAITING_VALIDATION = "menunggu_validasi", _("Menunggu validasi")
    RESOLVED = "selesai", _("Selesai")
    CLOSED = "ditutup", _("Ditutup")
    REJECTED = "ditolak", _("Ditolak")
    DUPLICATE = "duplikat", _("Duplikat")
    HANDED_OFF = "bukan_wewenang", _("Bukan wewenang kota")


OPEN_STATES = (
    State.NEW,
    State.NEEDS_INFO,
    State.DISPOSED,
    State.IN_PROGRESS,
    State.AWAITING_VALIDATION,
)
FINAL_STATES = (State.CLOSED, State.REJECTED, State.DUPLICATE, State.HANDED_OFF)
# States a case may be shown on the public map and list in: verified by the command
# center. Unverified and rejected reports stay off the map (spam, insults).
PUBLIC_LISTED_STATES = (
    State.DISPOSED,
    State.IN_PROGRESS,
    State.AWAITING_VALIDATION,
    State.RESOLVED,
    State.CLOSED,
    State.HANDED_OFF,
)


class Privacy(models.TextChoices):
    PUBLIC = "publik", _("Publik: laporan dan lokasi tampil di peta publik")
    ANONYMOUS = "anonim", _("Anonim: laporan tampil, nama pelapor disembunyikan")
    CONFIDENTIAL = "rahasia", _("Rahasia: tidak pernah tampil di publik")


PRIVACY_SHORT = {"publik": _("Publik"), "anonim": _("Anonim"), "rahasia": _("Rahasia")}


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    EMAIL = "email", _("E-mail")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    PHONE = "telepon", _("Telepon (dicatat operator)")
    WALK_IN = "datang", _("Datang langsung (dicatat operator)")


class DeadlinePolicy(models.Model):
    """How long each leg of a case may take. Defaults follow SP4N-LAPOR!."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    verify_amount = models.PositiveSmallIntegerField(_("verifikasi & disposisi"), default=3)
    verify_unit = models.CharField(
        max_length=5, choices=[(u.value, u.value) for u in Unit], default="days"
    )
    response_amount = models.PositiveSmallIntegerField(_("respons pertama OPD"), default=5)
    response_unit = models.CharField(
        max_length=5, choices=[(u.value, u.value) for u in Unit], default="days"
    )
    resolution_amount = models.PositiveSmallIntegerField(_("penyelesaian"), default=14)
    resolution_unit = models.CharField(
        max_length=5, choices=[(u.value, u.value) for u in Unit], default="days"
    )

    class Meta:
        verbose_name = _("kebijakan tenggat")
        verbose_name_plural = _("kebijakan tenggat")
        constraints = [
            models.CheckConstraint(
                name="policy_amounts_positive",
                condition=Q(verify_amount__gt=0, response_amount__gt=0, resolution_amount__gt=0),
            ),
            # Perpres 76/2013: at most 60 working days for a resolution.
            models.CheckConstraint(
                name="policy_resolution_at_most_60_days",
                condition=Q(resolution_unit="days", resolution_amount__lte=60)
                | Q(resolution_unit="hours", resolution_amount__lte=480),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    icon = models.CharField(
        _("ikon"),
        max_length=40,
        choices=icons.CHOICES,
        default=icons.DEFAULT,
        help_text=_("Gambar kecil di samping nama kategori, di formulir, daftar, peta dan layar."),
    )
    default_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("OPD bawaan"),
        on_delete=models.PROTECT,
        related_name="default_categories",
    )
    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("kebijakan tenggat"), on_delete=models.PROTECT
    )
    default_privacy = models.CharField(
        _("privasi bawaan"), max_length=8, choices=Privacy, default=Privacy.PUBLIC
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def icon_svg(self):
        """The icon as inline SVG, for templates: `{{ category.icon_svg }}`."""
        return icons.inline(self.icon)

    @property
    def icon_url(self) -> str:
        return icons.url(self.icon)


class AttributeType(models.TextChoices):
    """The Open311 GeoReport v2 datatypes of a category's extra question."""

    STRING = "string", _("Teks satu baris")
    NUMBER = "number", _("Angka")
    DATETIME = "datetime", _("Tanggal dan jam")
    TEXT = "text", _("Teks panjang")
    SINGLE = "singlevaluelist", _("Pilih satu")
    MULTI = "multivaluelist", _("Pilih beberapa")


LIST_TYPES = (AttributeType.SINGLE, AttributeType.MULTI)

# Codes answer `attribute[CODE]` in Open311; a leading letter or digit keeps names that
# start with "_" free for notes Cerdas itself keeps beside the answers.
attribute_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*\Z",
    _("Huruf, angka, - atau _, diawali huruf atau angka."),
)


class CategoryAttribute(models.Model):
    """An extra question a category asks (an Open311 service definition attribute)."""

    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.CharField(_("kode"), max_length=40, validators=[attribute_code_validator])
    datatype = models.CharField(
        _("jenis isian"), max_length=16, choices=AttributeType, default=AttributeType.STRING
    )
    required = models.BooleanField(_("wajib"), default=False)
    # False: only information shown to the reporter, nothing to answer.
    variable = models.BooleanField(_("perlu jawaban"), default=True)
    description = models.CharField(_("pertanyaan"), max_length=300)
    datatype_description = models.CharField(_("petunjuk isian"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    values = models.JSONField(
        _("pilihan"),
        default=list,
        blank=True,
        help_text=_('Untuk jenis pilihan: [{"key": "besar", "name": "Lubang besar"}, ...]'),
    )

    class Meta:
        verbose_name = _("pertanyaan tambahan")
        verbose_name_plural = _("pertanyaan tambahan")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="attribute_code_per_category"
            ),
            models.CheckConstraint(
                name="attribute_datatype_valid", condition=Q(datatype__in=AttributeType.values)
            ),
            models.CheckConstraint(name="attribute_order_positive", condition=Q(order__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} {self.code}"

    @property
    def is_list(self) -> bool:
        return self.datatype in LIST_TYPES

    def value_keys(self) -> list[str]:
        return [str(v["key"]) for v in self.values or []]

    def clean(self) -> None:
        values = self.values or []
        if not isinstance(values, list) or not all(
            isinstance(v, dict)
            and set(v) == {"key", "name"}
            and all(isinstance(v[k], str) and v[k].strip() for k in ("key", "name"))
            for v in values
        ):
            raise ValidationError(
                {"values": _('Tulis daftar [{"key": "...", "name": "..."}], keduanya teks.')}
            )
        keys = [v["key"] for v in values]
        if len(keys) != len(set(keys)):
            raise ValidationError({"values": _("Setiap key pilihan harus berbeda.")})
        if self.is_list and not values:
            raise ValidationError({"values": _("Jenis pilihan butuh minimal satu pilihan.")})
        if not self.is_list and values:
            raise ValidationError({"values": _("Hanya jenis pilihan yang punya daftar pilihan.")})


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def public(self):
        """What an anonymous visitor may see listed: verified, never rahasia."""
        return self.filter(state__in=PUBLIC_LISTED_STATES).exclude(privacy=Privacy.CONFIDENTIAL)

    def visible_to(self, user):
        """Cases a signed-in user may open. Another agency's case does not exist for them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_command_center:
            return self
        if user.sees_all_complaints:
            # Leaders read every case but a rahasia one: only the command center and
            # the agency handling it see those (the dashboards count them, unnamed).
            return self.exclude(privacy=Privacy.CONFIDENTIAL)
        if user.is_agency_staff:
            return self.filter(Q(agency_id=user.agency_id) | Q(agency__parent_id=user.agency_id))
        return self.filter(reporter=user)

    def overdue(self, now):
        return self.open().filter(due_at__lt=now)

    def by_urgency(self):
        return self.order_by(models.F("due_at").asc(nulls_last=True), "created_at")


class Complaint(models.Model):
    code = models.CharField(_("kode lacak"), max_length=16, unique=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel, default=Channel.WEB)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), max_length=4000)
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="complaints"
    )
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    address = models.CharField(_("alamat / patokan"), max_length=300, blank=True)
    # The ~280 m grid cell of the point (cerdas.lib.geo.grid_cell): the duplicate check
    # looks up a handful of neighbouring cells instead of scanning by distance.
    cell = models.BigIntegerField(null=True, blank=True, editable=False)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pelapor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_complaints",
    )
    reporter_name = models.CharField(_("nama pelapor"), max_length=120, blank=True)
    reporter_phone = models.CharField(_("nomor HP pelapor"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("e-mail pelapor"), blank=True)
    privacy = models.CharField(_("privasi"), max_length=8, choices=Privacy, default=Privacy.PUBLIC)

    state = models.CharField(_("status"), max_length=20, choices=State, default=State.NEW)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    external_body = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("diserahkan kepada"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handed_off_complaints",
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_complaints",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplikat dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    transfer_to = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("usulan pindah ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_reason = models.CharField(_("alasan pindah"), max_length=1000, blank=True)

    # The running deadline that orders the queues, and each leg's own deadline.
    due_at = models.DateTimeField(_("tenggat berjalan"), null=True, blank=True)
    verify_due_at = models.DateTimeField(_("tenggat verifikasi"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("tenggat respons OPD"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("tenggat penyelesaian"), null=True, blank=True)
    paused_at = models.DateTimeField(_("jeda sejak"), null=True, blank=True)

    created_at = models.DateTimeField(_("dilaporkan"), db_index=True)
    updated_at = models.DateTimeField(_("diperbarui"))
    disposed_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    rework_count = models.PositiveSmallIntegerField(default=0)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_comment = models.CharField(_("komentar penilaian"), max_length=1000, blank=True)

    # Answers to the category's extra questions (CategoryAttribute), by code. Keys
    # starting with "_" are notes Cerdas keeps itself (e.g. "_media_url").
    attributes = models.JSONField(_("jawaban pertanyaan tambahan"), default=dict, blank=True)

    # A double-submitted form carries the same key and creates one complaint.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="complaint_state_valid", condition=Q(state__in=State.values)
            ),
            models.CheckConstraint(
                name="complaint_privacy_valid", condition=Q(privacy__in=Privacy.values)
            ),
            models.CheckConstraint(
                name="complaint_rating_1_to_5",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
            models.CheckConstraint(
                name="complaint_lat_lon_together",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
            ),
            models.CheckConstraint(
                name="complaint_agency_states_have_agency",
                condition=~Q(
                    state__in=[
                        State.DISPOSED,
                        State.IN_PROGRESS,
                        State.AWAITING_VALIDATION,
                        State.RESOLVED,
                    ]
                )
                | Q(agency__isnull=False),
            ),
            models.CheckConstraint(
                name="complaint_duplicate_has_master",
                condition=~Q(state=State.DUPLICATE) | Q(duplicate_of__isnull=False),
            ),
            models.CheckConstraint(
                name="complaint_handoff_has_body",
                condition=~Q(state=State.HANDED_OFF) | Q(external_body__isnull=False),
            ),
        ]
        indexes = [
            # Operator queue and agency inbox: open cases by urgency.
            models.Index(
                fields=["due_at"], name="complaint_open_due", condition=Q(state__in=OPEN_STATES)
            ),
            models.Index(fields=["agency", "state", "due_at"], name="complaint_agency_state"),
            models.Index(fields=["state", "created_at"], name="complaint_state_created"),
            # Duplicates nearby: the same category in neighbouring cells, recent first.
            models.Index(fields=["cell", "category", "state", "created_at"], name="complaint_cell"),
            # Closures per day (the wall's trend, today's figures). Partial: a report being
            # filed writes no entry. Intake per day reads complaint_state_created.
            models.Index(
                fields=["resolved_at"],
                name="complaint_resolved",
                condition=Q(resolved_at__isnull=False),
            ),
            # The auto-close poller.
            models.Index(
                fields=["resolved_at"],
                name="complaint_resolved_poll",
                condition=Q(state=State.RESOLVED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_public(self) -> bool:
        return self.privacy != Privacy.CONFIDENTIAL

    @property
    def is_listed(self) -> bool:
        """On the public map and list (`ComplaintQuerySet.public`): verified, not rahasia.
        What the tracking code alone may show the content of."""
        return self.state in PUBLIC_LISTED_STATES and self.privacy != Privacy.CONFIDENTIAL

    def privacy_short(self) -> str:
        """The privacy in one word (Publik, Anonim, Rahasia), in the reader's language."""
        return str(PRIVACY_SHORT.get(self.privacy, self.privacy))

    def public_reporter_name(self) -> str:
        if self.privacy != Privacy.PUBLIC or not self.reporter_name:
            return str(_("Warga"))
        # First name only, even on public reports.
        return self.reporter_name.split()[0]


class PhotoKind(models.TextChoices):
    REPORT = "laporan", _("Foto laporan")
    EVIDENCE = "bukti", _("Bukti tindak lanjut")
    INFO = "info", _("Informasi tambahan")


def _photo_path(instance: "ComplaintPhoto", filename: str) -> str:
    return f"photos/{instance.complaint.created_at:%Y/%m}/{instance.complaint.code}-{filename}"


class ComplaintPhoto(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        "ComplaintEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    kind = models.CharField(max_length=8, choices=PhotoKind, default=PhotoKind.REPORT)
    image = models.ImageField(upload_to=_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.image.name


class Action(models.TextChoices):
    SUBMIT = "submit", _("Laporan diterima")
    DISPOSE = "dispose", _("Diverifikasi dan diteruskan ke OPD")
    REQUEST_INFO = "request_info", _("Meminta informasi kepada pelapor")
    PROVIDE_INFO = "provide_info", _("Pelapor menambahkan informasi")
    ADD_INFO = "add_info", _("Pelapor menambahkan keterangan")
    CONFIRM_FIXED = "confirm_fixed", _("Pelapor menyatakan masalah sudah beres")
    REJECT = "reject", _("Ditolak")
    MARK_DUPLICATE = "mark_duplicate", _("Ditandai duplikat")
    HAND_OFF = "hand_off", _("Diserahkan kepada instansi berwenang")
    ACCEPT = "accept", _("Diterima OPD")
    ASSIGN = "assign", _("Petugas ditunjuk")
    REQUEST_TRANSFER = "request_transfer", _("OPD meminta pengalihan")
    APPROVE_TRANSFER = "approve_transfer", _("Pengalihan disetujui")
    DECLINE_TRANSFER = "decline_transfer", _("Pengalihan ditolak")
    FOLLOW_UP = "follow_up", _("Tindak lanjut dilaporkan")
    VALIDATE = "validate", _("Tindak lanjut divalidasi")
    REJECT_FOLLOW_UP = "reject_follow_up", _("Tindak lanjut ditolak (perlu perbaikan)")
    RATE = "rate", _("Pelapor memberi penilaian")
    REOPEN = "reopen", _("Dibuka kembali oleh pelapor")
    AUTO_CLOSE = "auto_close", _("Ditutup otomatis")
    COMMENT = "comment", _("Catatan internal")


# The words services.py stores as an event's actor_label, for the pages' translation.
ACTOR_LABELS = {"Pelapor": _("Pelapor"), "Sistem": _("Sistem"), "Operator": _("Operator")}


class ComplaintEvent(Immutable, models.Model):
    """One step in a case's life. Written once, never changed: the timeline is history."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who acted, as the public may read it: "Operator", an agency's name, "Pelapor", "Sistem".
    actor_label = models.CharField(max_length=200)
    from_state = models.CharField(max_length=20, choices=State, blank=True)
    to_state = models.CharField(max_length=20, choices=State)
    note = models.TextField(blank=True, max_length=4000)
    # The agency that held the case when this happened (attribution for performance).
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_public = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("riwayat")
        verbose_name_plural = _("riwayat")
        ordering = ["created_at", "id"]

        indexes = [
            models.Index(fields=["complaint", "created_at"]),
            # The wall's live feed (newest first) and, covering, the scorecards' counts of
            # steps per period and agency. One index: every event filed pays for it.
            models.Index(fields=["created_at", "action", "agency"], name="event_created"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def actor_display(self) -> str:
        """actor_label in the reader's language: it is stored in Indonesian (the API and
        the exports show it as stored); agencies' names stay as they are."""
        return str(ACTOR_LABELS.get(self.actor_label, self.actor_label))


class LegKind(models.TextChoices):
    VERIFY = "verify", _("Verifikasi & disposisi")
    RESPONSE = "response", _("Respons pertama OPD")
    RESOLUTION = "resolution", _("Penyelesaian")
    VALIDATION = "validation", _("Validasi tindak lanjut")


class ComplaintLeg(models.Model):
    """A stretch of a case held by one unit against one deadline.

    agency is None for the command center. The performance figures count legs, so a
    transfer ends one OPD's legs and starts the next one's: each is judged on its own time.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="legs")
    kind = models.CharField(max_length=10, choices=LegKind)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="legs"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)  # done / transferred / cancelled
    # Working time the clock stood still (waiting for the reporter), and once the leg has
    # ended, the unit's own working time on it: started to ended, less the pauses.
    paused_seconds = models.PositiveIntegerField(default=0)
    working_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            # At most one running leg of each kind per case.
            models.UniqueConstraint(
                fields=["complaint", "kind"],
                condition=Q(ended_at__isnull=True),
                name="one_open_leg_per_kind",
            ),
        ]
        indexes = [
            # Covering: the legs that started in a period (cases received), per agency.
            models.Index(fields=["kind", "started_at", "agency"], name="leg_started_by_kind"),
            # The scorecards: legs of one kind that ended in a period.
            # Covering (no table read): the working times of legs ended in a period.
            models.Index(
                fields=["kind", "ended_at", "agency", "outcome", "working_seconds"],
                name="leg_ended_by_kind",
            ),
            # Legs judged in a period: those whose deadline falls in it.
            models.Index(
                fields=["kind", "due_at", "agency", "ended_at", "outcome"],
                name="leg_due_by_kind",
            ),
            # The running legs whose deadline has passed (judged missed while they run);
            # the ended ones are counted in the rollups (cerdas/performance/rollups.py).
            models.Index(
                fields=["due_at", "kind", "agency"],
                name="leg_running_due",
                condition=Q(ended_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d} -> {self.due_at:%Y-%m-%d}"

    @property
    def met(self) -> bool | None:
        if self.ended_at is None:
            return None
        return self.ended_at <= self.due_at
