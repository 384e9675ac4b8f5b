"""Rollups the leaders' figures read instead of a year of events (docs/performance.md).

Both are kept by the complaint services in the same transaction as the change they
count (`cerdas/performance/rollups.py`), and can be rebuilt from the complaint tables
at any time (`cerdas rollups --rebuild`); a test proves that what is kept equals a
recount.
"""

from django.db import models


class Metric(models.TextChoices):
    RECEIVED = "received", "pengaduan masuk"  # filed; agency 0
    SENT = "sent", "kasus diterima OPD"  # response legs started
    # Deadline legs that ended, by the day of their deadline: n judged, total met.
    JUDGED_VERIFY = "judged_verify", "tenggat verifikasi dinilai"
    JUDGED_RESPONSE = "judged_response", "tenggat respons dinilai"
    JUDGED_RESOLUTION = "judged_resolution", "tenggat penyelesaian dinilai"
    JUDGED_VALIDATION = "judged_validation", "tenggat validasi dinilai"
    FOLLOW_UP = "follow_up", "tindak lanjut dilaporkan"
    REJECT_FOLLOW_UP = "reject_follow_up", "tindak lanjut dikembalikan"
    VALIDATE = "validate", "divalidasi selesai"
    REOPEN = "reopen", "dibuka kembali"
    RATE = "rate", "penilaian (total: jumlah bintang)"


class DailyFigure(models.Model):
    """How many of something happened on one day (city time) for one unit and one
    category. agency_id 0 is the command center (or no unit, for `received`)."""

    day = models.DateField()
    metric = models.CharField(max_length=24, choices=Metric)
    agency_id = models.PositiveIntegerField(default=0)
    category_id = models.PositiveIntegerField()
    n = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "metric", "agency_id", "category_id"], name="daily_figure_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} agency={self.agency_id}: {self.n}/{self.total}"


class OpenCase(models.Model):
    """One row per open complaint (baru ... menunggu validasi), with what the wall and
    the backlog read: a table of tens of thousands of rows instead of a million."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    code = models.CharField(max_length=16)
    state = models.CharField(max_length=20)
    privacy = models.CharField(max_length=8)
    agency_id = models.PositiveIntegerField(default=0)
    category_id = models.PositiveIntegerField()
    area_id = models.PositiveIntegerField(default=0)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    due_at = models.DateTimeField(null=True)
    disposed_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["due_at"], name="open_case_due"),
            # Covering: the backlog per unit, by age and deadline.
            models.Index(
                fields=["state", "agency_id", "disposed_at", "due_at"], name="open_case_backlog"
            ),
            # Covering: the wall's kelurahan shading (open cases per kelurahan).
            models.Index(fields=["area_id"], name="open_case_area"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.state}"


class WorkingTimes(models.Model):
    """The working seconds of the response and resolution legs that ended done on one
    day (city time) for one unit and category: the exact durations the scorecards take
    their median and 90th percentile from, in a few rows a day instead of a row per leg.

    `seconds` is text, the values separated by spaces, so that ending a leg appends to it
    in one statement (no read, no lock to hold); a leg taken back (its follow-up sent
    back) appends its value with a minus sign, and a rebuild writes the values plainly."""

    day = models.DateField()
    kind = models.CharField(max_length=12)  # ComplaintLeg.kind: response or resolution
    agency_id = models.PositiveIntegerField(default=0)
    category_id = models.PositiveIntegerField()
    seconds = models.TextField(default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "agency_id", "category_id"], name="working_times_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} agency={self.agency_id}"
