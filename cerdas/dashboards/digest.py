"""The leaders' daily digest: yesterday's intake and closures, the deadline breaches,
the agencies most behind and the instructions due. One content, two forms: a page
(/pimpinan/ringkasan/) and an e-mail sent once a day by the periodic job."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cerdas.accounts.models import Role, User
from cerdas.complaints.models import OPEN_STATES, Complaint, Privacy
from cerdas.instructions.models import OPEN_STATUSES, InstructionRecipient
from cerdas.performance.queries import Period, agency_scorecards

from .models import DigestRun

log = logging.getLogger(__name__)
BEHIND = 5  # agencies listed as most behind
BREACHES = 10
# A send that crashed without recording its end may be taken over after this long.
STUCK = timedelta(minutes=30)


@dataclass
class Digest:
    day: date
    received: int
    resolved: int
    new_breaches: int
    overdue_now: int
    breaches: list
    behind: list
    instructions_due: list
    instructions_overdue: int


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=settings.CERDAS_TIME_ZONE)


def digest_for(day: date, *, now: datetime | None = None) -> Digest:
    """The digest about `day` (usually yesterday), as seen at `now`."""
    now = now or timezone.now()
    since, until = _midnight(day), _midnight(day + timedelta(days=1))
    cases = Complaint.objects.all()
    figures = cases.aggregate(
        received=Count("id", filter=Q(created_at__gte=since, created_at__lt=until)),
        resolved=Count("id", filter=Q(resolved_at__gte=since, resolved_at__lt=until)),
        # Still open cases whose running deadline passed during the day.
        new_breaches=Count(
            "id", filter=Q(state__in=OPEN_STATES, due_at__gte=since, due_at__lt=until)
        ),
        overdue_now=Count("id", filter=Q(state__in=OPEN_STATES, due_at__lt=now)),
    )
    breaches = list(
        cases.overdue(now)
        .exclude(privacy=Privacy.CONFIDENTIAL)
        .select_related("agency", "category")
        .order_by("due_at")[:BREACHES]
    )
    cards = agency_scorecards(period=Period(day - timedelta(days=29), day), now=now)
    behind = sorted(
        (c for c in cards if c.backlog_overdue or (c.score.value is not None)),
        key=lambda c: (-c.backlog_overdue, c.score.value if c.score.value is not None else 101),
    )[:BEHIND]
    soon = now + timedelta(days=2)
    parts = InstructionRecipient.objects.filter(status__in=OPEN_STATUSES).select_related(
        "instruction", "agency"
    )
    instructions_due = list(
        parts.filter(instruction__deadline__lte=soon).order_by(F("instruction__deadline"))[:20]
    )
    return Digest(
        day=day,
        breaches=breaches,
        behind=behind,
        instructions_due=instructions_due,
        instructions_overdue=sum(1 for p in instructions_due if p.instruction.deadline < now),
        **figures,
    )


def recipients() -> list[str]:
    return list(
        User.objects.filter(role=Role.LEADER, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def _claim(day: date, now: datetime) -> DigestRun | None:
    """The day's run for this process, or None when another has it or it was sent."""
    try:
        with transaction.atomic():
            return DigestRun.objects.create(day=day, claimed_at=now)
    except IntegrityError:
        pass
    # Failed before, or stuck in a process that died: take it with a conditional UPDATE.
    retry = Q(status=DigestRun.Status.FAILED) | Q(
        status=DigestRun.Status.SENDING, claimed_at__lt=now - STUCK
    )
    taken = DigestRun.objects.filter(retry, day=day).update(
        status=DigestRun.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return DigestRun.objects.get(day=day) if taken else None


def digest_send(*, now: datetime | None = None) -> int:
    """The periodic job: yesterday's digest to every leader with an e-mail address, once,
    from CERDAS_DIGEST_HOUR on. Returns how many e-mails were sent."""
    now = now or timezone.now()
    local = timezone.localtime(now, settings.CERDAS_TIME_ZONE)
    if local.hour < settings.CERDAS_DIGEST_HOUR:
        return 0
    day = local.date() - timedelta(days=1)
    addresses = recipients()
    if not addresses:
        return 0
    run = _claim(day, now)
    if run is None:
        return 0
    digest = digest_for(day, now=now)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "digest": digest,
            "city": settings.CERDAS_CITY_NAME,
            "email": True,
            "base_url": settings.CERDAS_BASE_URL,
        }
        subject = render_to_string("dashboards/digest_subject.txt", context).strip()
        text = render_to_string("dashboards/digest.txt", context)
        html = render_to_string("dashboards/digest_email.html", context)
    try:
        # One message per leader: no leader sees the others' addresses.
        for address in addresses:
            send_mail(subject, text, None, [address], html_message=html)
    except Exception as exc:  # SMTP refusals, timeouts, DNS: all are retried later
        DigestRun.objects.filter(pk=run.pk).update(
            status=DigestRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:300]
        )
        log.warning("digest for %s failed: %s", day, type(exc).__name__)
        return 0
    DigestRun.objects.filter(pk=run.pk).update(
        status=DigestRun.Status.SENT, sent_at=timezone.now(), recipients=len(addresses), error=""
    )
    return len(addresses)
