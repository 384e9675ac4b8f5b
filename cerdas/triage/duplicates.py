"""Likely duplicates: the same category nearby, recently, with similar words.

Score (0-1) = 0.5 * text similarity (Jaccard of character 4-shingles of the normalised
texts) + 0.3 * closeness (1 at the same point, 0 at the category's radius) + 0.2 *
recency (1 at the same moment, 0 at the end of the window). Candidates come from the
grid-cell index (Complaint.cell, cerdas.lib.geo.grid_cell): only the cells the radius
touches are read, so a lookup costs the same at a thousand or a million complaints.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cerdas.complaints.models import OPEN_STATES, Complaint, Privacy, State
from cerdas.complaints.services import WorkflowError, clean_email, clean_phone
from cerdas.lib.geo import grid_cells_around, haversine_m

from .models import Supporter
from .text import normalise

SHINGLE = 4
VERIFIED_OPEN = (State.DISPOSED, State.IN_PROGRESS, State.AWAITING_VALIDATION)


def radius_m(category) -> float:
    return float(
        settings.CERDAS_DUPLICATE_RADII.get(category.code, settings.CERDAS_DUPLICATE_RADIUS_M)
    )


def shingles(text: str) -> set[str]:
    norm = normalise(text)
    if len(norm) <= SHINGLE:
        return {norm} if norm else set()
    return {norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1)}


def text_similarity(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def score(*, similarity: float, distance_m: float, radius: float, age_s: float, window_s: float):
    closeness = max(0.0, 1 - distance_m / radius) if radius else 0.0
    recency = max(0.0, 1 - age_s / window_s) if window_s else 0.0
    return round(0.5 * similarity + 0.3 * closeness + 0.2 * recency, 3)


_statistics_gathered = False


def _sqlite_statistics() -> None:
    """SQLite plans without statistics until ANALYZE is run, and then reads the lookup
    below through the (state, created_at) index: every open case of the last 30 days in
    the whole city, not the few in the nearby cells. Measured on 1,000,000 complaints
    (docs/benchmarks.md): p95 52 ms without statistics, 10 ms with. So the first lookup
    of each process gathers them for the complaints table (sampled: `analysis_limit`
    1000, about 40 ms at a million rows). PostgreSQL's autovacuum does this itself."""
    global _statistics_gathered
    if _statistics_gathered or connection.vendor != "sqlite":
        return
    _statistics_gathered = True
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute(f'ANALYZE "{Complaint._meta.db_table}"')


@dataclass
class Candidate:
    complaint: Complaint
    distance_m: float
    similarity: float
    score: float


def nearby(
    *,
    category,
    lat: float,
    lon: float,
    text: str = "",
    now=None,
    states=OPEN_STATES,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Candidate]:
    """Open complaints of the category within its radius and window, best score first."""
    _sqlite_statistics()
    now = now or timezone.now()
    radius = radius_m(category)
    window = timedelta(days=settings.CERDAS_DUPLICATE_DAYS)
    qs = Complaint.objects.filter(
        cell__in=grid_cells_around(lat, lon, radius),
        category_id=category.pk,
        state__in=states,
        created_at__gte=now - window,
        created_at__lte=now,
    ).only(
        "id",
        "code",
        "title",
        "description",
        "latitude",
        "longitude",
        "created_at",
        "state",
        "privacy",
        "category_id",
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    found = []
    for other in qs[:500]:
        distance = haversine_m(lat, lon, other.latitude, other.longitude)
        if distance > radius:
            continue
        similarity = text_similarity(text, f"{other.title}\n{other.description}") if text else 0.0
        age = abs((now - other.created_at).total_seconds())
        found.append(
            Candidate(
                other,
                distance,
                similarity,
                score(
                    similarity=similarity,
                    distance_m=distance,
                    radius=radius,
                    age_s=age,
                    window_s=window.total_seconds(),
                ),
            )
        )
    found.sort(key=lambda c: -c.score)
    return found[:limit]


def for_citizen(*, category, lat: float, lon: float, now=None) -> list[Candidate]:
    """What a citizen filing a report may see nearby: verified open cases, never rahasia."""
    return [
        c
        for c in nearby(category=category, lat=lat, lon=lon, now=now, states=VERIFIED_OPEN)
        if c.complaint.privacy != Privacy.CONFIDENTIAL
    ]


def queue_pairs(*, limit: int = 50, now=None) -> list[tuple[Complaint, Candidate]]:
    """Likely duplicate pairs for the operator: each case waiting for verification with
    its best earlier match, above CERDAS_DUPLICATE_MIN_SCORE, highest score first."""
    now = now or timezone.now()
    pairs = []
    waiting = (
        Complaint.objects.filter(state__in=(State.NEW, State.NEEDS_INFO), cell__isnull=False)
        .select_related("category")
        .order_by("-created_at")[:300]
    )
    for complaint in waiting:
        found = [
            c
            for c in nearby(
                category=complaint.category,
                lat=complaint.latitude,
                lon=complaint.longitude,
                text=f"{complaint.title}\n{complaint.description}",
                now=complaint.created_at,
                exclude_pk=complaint.pk,
                limit=3,
            )
            if c.score >= settings.CERDAS_DUPLICATE_MIN_SCORE
        ]
        if found:
            pairs.append((complaint, found[0]))
    pairs.sort(key=lambda p: -p[1].score)
    return pairs[:limit]


@transaction.atomic
def complaint_support(
    *, complaint: Complaint, user=None, name: str = "", phone: str = "", email: str = "", now=None
) -> Supporter:
    """ "Saya juga": follow an open case instead of filing it again. An account follows at
    once; a phone or e-mail follows once confirmed (`supporter_confirmation_send`, then
    `supporter_confirm`). The same address asking again gets the same row."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.privacy == Privacy.CONFIDENTIAL or complaint.state not in VERIFIED_OPEN:
        raise WorkflowError("Pengaduan ini tidak bisa didukung.")
    user = user if user is not None and user.is_authenticated else None
    if user is None and "@" in (phone or "") and not email:
        phone, email = "", phone  # one box on the form takes either
    phone, email = clean_phone(phone), clean_email(email)
    if user is None and not phone and not email:
        raise WorkflowError("Masuk ke akun Anda atau isi nomor HP/e-mail agar kami bisa mengabari.")
    if user is not None:
        if complaint.reporter_id == user.pk:
            raise WorkflowError("Ini pengaduan Anda sendiri.")
        existing = Supporter.objects.filter(complaint=complaint, user=user).first()
        if existing:
            return existing
    else:
        existing = (
            Supporter.objects.filter(complaint=complaint, user=None, phone=phone, email=email)
            .order_by("-confirmed_at", "id")
            .first()
        )
        if existing:
            return existing
    return Supporter.objects.create(
        complaint=complaint,
        user=user,
        name=(name or "").strip()[:120],
        phone=phone,
        email=email,
        confirmed_at=now if user is not None else None,
        created_at=now,
    )


CONFIRM_SALT = "cerdas.triage.supporter-confirm"


def confirm_token(supporter: Supporter) -> str:
    """The confirmation page's address for one supporter (signed: ids are sequential)."""
    return signing.Signer(salt=CONFIRM_SALT).sign(str(supporter.pk))


def supporter_from_token(token: str) -> Supporter | None:
    try:
        pk = int(signing.Signer(salt=CONFIRM_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Supporter.objects.select_related("complaint").filter(pk=pk).first()


def supporter_confirmation_send(*, supporter: Supporter, client: str, now=None):
    """Send the one-time code that confirms a supporter's phone or e-mail (the message
    also carries a link that opens the confirmation with the code filled in)."""
    from cerdas.accounts.models import CodePurpose
    from cerdas.accounts.otp import contact_parse, otp_send

    contact = contact_parse(supporter.email or supporter.phone)
    path = reverse("triage:support_confirm", args=[confirm_token(supporter)])
    # The code goes into the link after it is drawn: otp_send adds it (`link` + code).
    return otp_send(
        purpose=CodePurpose.FOLLOW,
        contact=contact,
        client=client,
        subject_id=supporter.pk,
        context={"case": supporter.complaint.code, "link": settings.CERDAS_BASE_URL + path},
        now=now,
    )


def supporter_confirm(*, supporter: Supporter, code: str, now=None) -> Supporter:
    """The code came back: from now on this address is told of the case's progress.

    Not one transaction: a wrong code's try must stay counted when this raises."""
    from cerdas.accounts.models import CodePurpose
    from cerdas.accounts.otp import otp_verify

    now = now or timezone.now()
    if supporter.confirmed_at is not None:
        return supporter
    otp_verify(
        purpose=CodePurpose.FOLLOW,
        address=supporter.email or supporter.phone,
        code=code,
        subject_id=supporter.pk,
        now=now,
    )
    Supporter.objects.filter(pk=supporter.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    supporter.confirmed_at = now
    return supporter


def supporters_move(*, duplicate: Complaint, now) -> None:
    """After a merge: the duplicate's reporter and supporters follow the surviving case."""
    master = duplicate.duplicate_of
    if master is None:
        return
    for supporter in Supporter.objects.filter(complaint=duplicate):
        if supporter.user_id and (
            supporter.user_id == master.reporter_id
            or Supporter.objects.filter(complaint=master, user_id=supporter.user_id).exists()
        ):
            supporter.delete()
            continue
        supporter.complaint = master
        supporter.came_from = supporter.came_from or duplicate
        supporter.save(update_fields=["complaint", "came_from"])
    user_id = duplicate.reporter_id
    if user_id == master.reporter_id and user_id is not None:
        return
    if user_id and Supporter.objects.filter(complaint=master, user_id=user_id).exists():
        return
    if user_id or duplicate.reporter_phone or duplicate.reporter_email:
        Supporter.objects.create(
            complaint=master,
            user_id=user_id,
            name=duplicate.reporter_name,
            phone=duplicate.reporter_phone,
            email=duplicate.reporter_email,
            came_from=duplicate,
            confirmed_at=now,
            created_at=now,
        )
