"""Public information requests (UU 14/2008, Perki 1/2021) and objections to them.

A request is answered in writing within 10 working days of receipt, once extended by
7 working days with a written reason; the answer is a decision (granted, granted in
part, refused citing an exemption of pasal 17, or not held) and, when something is
given, its delivery. The requester may object (keberatan, pasal 35) within 30 working
days of the ground; the PPID's superior answers within 30 working days.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cerdas.lib.history import Immutable


class State(models.TextChoices):
    PROCESSING = "diproses", _("Sedang diproses")
    EXTENDED = "diperpanjang", _("Diperpanjang")
    ANSWERED = "dijawab", _("Sudah dijawab")
    DELIVERED = "diserahkan", _("Informasi sudah diserahkan")


OPEN_STATES = (State.PROCESSING, State.EXTENDED)


class ObtainMethod(models.TextChoices):
    VIEW = "melihat", _("Melihat / membaca / mendengarkan / mencatat")
    HARDCOPY = "hardcopy", _("Mendapatkan salinan cetak (hardcopy)")
    SOFTCOPY = "softcopy", _("Mendapatkan salinan elektronik (softcopy)")


class DeliveryMethod(models.TextChoices):
    PICK_UP = "ambil", _("Mengambil langsung")
    COURIER = "kurir", _("Kurir")
    POST = "pos", _("Pos")
    FAX = "faksimili", _("Faksimili")
    EMAIL = "email", _("E-mail")


class Decision(models.TextChoices):
    GRANTED = "diberikan", _("Informasi diberikan seluruhnya")
    PARTIAL = "sebagian", _("Informasi diberikan sebagian")
    REFUSED = "ditolak", _("Permohonan ditolak (informasi dikecualikan)")
    NOT_HELD = "tidak_dikuasai", _("Informasi tidak dikuasai")


# Decisions that withhold something must cite pasal 17 letters.
WITHHOLDING = (Decision.PARTIAL, Decision.REFUSED)
GIVING = (Decision.GRANTED, Decision.PARTIAL)

# UU 14/2008 pasal 17: information exempted from disclosure, by letter.
EXEMPTIONS = {
    "a": _("menghambat proses penegakan hukum"),
    "b": _(
        "mengganggu kepentingan perlindungan hak atas kekayaan intelektual dan "
        "persaingan usaha tidak sehat"
    ),
    "c": _("membahayakan pertahanan dan keamanan negara"),
    "d": _("mengungkapkan kekayaan alam Indonesia"),
    "e": _("merugikan ketahanan ekonomi nasional"),
    "f": _("merugikan kepentingan hubungan luar negeri"),
    "g": _(
        "mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir "
        "ataupun wasiat seseorang"
    ),
    "h": _("mengungkap rahasia pribadi"),
    "i": _(
        "memorandum atau surat-surat antar/intra badan publik yang menurut sifatnya dirahasiakan"
    ),
    "j": _("informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}


class Action(models.TextChoices):
    SUBMIT = "submit", _("Permohonan diterima")
    EXTEND = "extend", _("Jangka waktu diperpanjang")
    DECIDE = "decide", _("Pemberitahuan tertulis dikirim")
    DELIVER = "deliver", _("Informasi diserahkan")
    OBJECT = "object", _("Keberatan diajukan")
    ANSWER_OBJECTION = "answer_objection", _("Keberatan ditanggapi atasan PPID")


class InfoRequestQuerySet(models.QuerySet):
    def received_in(self, year: int):
        start, end = _year_bounds(year)
        return self.filter(received_at__gte=start, received_at__lt=end)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = settings.CERDAS_TIME_ZONE
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


class InfoRequest(models.Model):
    """One request for public information. Identity and contact are the requester's
    personal data: they appear only on the PPID's screens and registers."""

    number = models.CharField(_("nomor registrasi"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    id_number = models.CharField(_("NIK / nomor identitas"), max_length=32)
    address = models.TextField(_("alamat"), max_length=500)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    information = models.TextField(_("informasi yang diminta"), max_length=4000)
    purpose = models.TextField(_("tujuan penggunaan informasi"), max_length=2000)
    obtain_method = models.CharField(
        _("cara memperoleh informasi"), max_length=16, choices=ObtainMethod
    )
    delivery_method = models.CharField(
        _("cara mendapatkan salinan"), max_length=16, choices=DeliveryMethod
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="info_requests",
    )
    state = models.CharField(_("status"), max_length=16, choices=State, default=State.PROCESSING)
    received_at = models.DateTimeField(_("tanggal diterima"))
    due_at = models.DateTimeField(_("batas waktu jawaban"))
    extended_at = models.DateTimeField(_("tanggal perpanjangan"), null=True, blank=True)
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True, max_length=2000)
    decision = models.CharField(_("keputusan"), max_length=16, choices=Decision, blank=True)
    # Pasal 17 letters, e.g. "b,h"; required when something is withheld.
    exemptions = models.CharField(_("pasal pengecualian"), max_length=32, blank=True)
    decision_note = models.TextField(_("isi pemberitahuan tertulis"), blank=True, max_length=4000)
    decided_at = models.DateTimeField(_("tanggal pemberitahuan tertulis"), null=True, blank=True)
    # Working days from receipt to the written answer, kept for the registers and report.
    working_days = models.DecimalField(
        _("waktu (hari kerja)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    delivered_at = models.DateTimeField(_("tanggal penyerahan"), null=True, blank=True)
    delivery_note = models.TextField(_("catatan penyerahan"), blank=True, max_length=2000)
    updated_at = models.DateTimeField()

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="info_request_state_valid", condition=Q(state__in=State.values)
            ),
            models.CheckConstraint(
                name="info_request_has_contact", condition=~Q(phone="") | ~Q(email="")
            ),
            models.CheckConstraint(
                name="info_request_decided_iff_decision",
                condition=(Q(decision="") & Q(decided_at__isnull=True))
                | (~Q(decision="") & Q(decided_at__isnull=False)),
            ),
            models.CheckConstraint(
                name="info_request_answered_has_decision",
                condition=Q(state__in=OPEN_STATES) | ~Q(decision=""),
            ),
            models.CheckConstraint(
                name="info_request_withheld_cites_exemption",
                condition=~Q(decision__in=WITHHOLDING) | ~Q(exemptions=""),
            ),
            models.CheckConstraint(
                name="info_request_extended_has_reason",
                condition=Q(extended_at__isnull=True) | ~Q(extension_reason=""),
            ),
            models.CheckConstraint(
                name="info_request_delivered_gives",
                condition=~Q(state=State.DELIVERED)
                | (Q(decision__in=GIVING) & Q(delivered_at__isnull=False)),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="info_request_open_due"),
            models.Index(fields=["received_at"], name="info_request_received"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def exemption_list(self) -> list[str]:
        return [x for x in self.exemptions.split(",") if x]

    def exemptions_display(self) -> str:
        return "; ".join(f"Pasal 17 huruf {x} ({EXEMPTIONS[x]})" for x in self.exemption_list())


class ObjectionReason(models.TextChoices):
    """UU 14/2008 pasal 35 ayat (1), letters a-g."""

    REFUSED = "a", _("a. Penolakan berdasarkan alasan pengecualian (pasal 17)")
    PERIODIC = "b", _("b. Tidak disediakannya informasi berkala")
    NOT_ANSWERED = "c", _("c. Permintaan informasi tidak ditanggapi")
    NOT_AS_REQUESTED = "d", _("d. Permintaan ditanggapi tidak sebagaimana yang diminta")
    NOT_FULFILLED = "e", _("e. Permintaan informasi tidak dipenuhi")
    COST = "f", _("f. Pengenaan biaya yang tidak wajar")
    LATE = "g", _("g. Penyampaian informasi melebihi jangka waktu")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "diterima", _("Keberatan diterima (informasi diberikan)")
    PARTLY = "sebagian", _("Keberatan diterima sebagian")
    REJECTED = "ditolak", _("Keberatan ditolak (menguatkan putusan PPID)")


class Objection(models.Model):
    """An objection (keberatan) to the handling of one request, answered by the
    PPID's superior (atasan PPID)."""

    number = models.CharField(_("nomor registrasi keberatan"), max_length=20, unique=True)
    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="objections")
    reason = models.CharField(_("alasan keberatan"), max_length=1, choices=ObjectionReason)
    description = models.TextField(_("kasus posisi"), max_length=4000)
    ground_at = models.DateTimeField(_("tanggal alasan keberatan"))
    filed_at = models.DateTimeField(_("tanggal keberatan"))
    due_at = models.DateTimeField(_("batas waktu tanggapan"))
    outcome = models.CharField(
        _("tanggapan atasan PPID"), max_length=16, choices=ObjectionOutcome, blank=True
    )
    answer = models.TextField(_("isi tanggapan"), blank=True, max_length=4000)
    answered_at = models.DateTimeField(_("tanggal tanggapan"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    working_days = models.DecimalField(
        _("waktu (hari kerja)"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="objection_reason_valid", condition=Q(reason__in=ObjectionReason.values)
            ),
            models.CheckConstraint(
                name="objection_answered_iff_outcome",
                condition=(Q(outcome="") & Q(answered_at__isnull=True))
                | (~Q(outcome="") & Q(answered_at__isnull=False)),
            ),
            # One open objection per request at a time: the superior answers it first.
            models.UniqueConstraint(
                fields=["request"], condition=Q(outcome=""), name="one_open_objection"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return not self.outcome


class RequestEvent(Immutable, models.Model):
    """One step of a request or of its objection. Written once, never changed."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")
    objection = models.ForeignKey(
        Objection, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    from_state = models.CharField(max_length=16, choices=State, blank=True)
    to_state = models.CharField(max_length=16, choices=State, blank=True)
    # Internal: the PPID's words may name the requester; the public page shows none.
    note = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"], name="info_request_event_time")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"
