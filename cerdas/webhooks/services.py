"""Webhooks: which subscriptions hear of an event, what they are told, and the sending.

The privacy rules of DESIGN.md hold for every payload: no reporter name, phone or e-mail
ever; no text of a rahasia case (not even its timeline notes); internal notes stay
internal. The payload is built once, when the event happens, and stored in the outbox.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from http.client import HTTPException

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cerdas.complaints.models import Complaint, ComplaintEvent, Privacy, State
from cerdas.core import queue

from .models import Delivery, DeliveryStatus, Subscription

log = logging.getLogger(__name__)

USER_AGENT = "Cerdas-Webhook/1"
# Seconds to connect and to wait for each read of the answer.
TIMEOUT = 10
# How long a claimed delivery belongs to the process sending it. Longer than any send
# (TIMEOUT covers connect and each read); if that process dies, another may try again
# once the lease ends.
LEASE = timedelta(minutes=5)
# Waits after the 1st, 2nd... failed attempt. After the last one the delivery fails.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A Retry-After beyond this is capped: a subscriber cannot park a delivery for weeks.
MAX_RETRY_AFTER = timedelta(hours=24)
# Statuses worth trying again: the receiver may answer later.
RETRY_STATUSES = frozenset({408, 429})


# --- who hears of an event ------------------------------------------------------------


def _with_parent(agency) -> set[int]:
    if agency is None:
        return set()
    return {agency.pk} | ({agency.parent_id} if agency.parent_id else set())


def concerned_agencies(event: ComplaintEvent, complaint: Complaint) -> set[int]:
    """Agencies an event is about: the holder now and when it happened (a transfer concerns
    the agency that lost the case too), their parent OPD, and the body a case was handed
    off to."""
    ids = _with_parent(complaint.agency) | _with_parent(event.agency)
    if complaint.external_body_id:
        ids.add(complaint.external_body_id)
    return ids


def subscriptions_for(event: ComplaintEvent, complaint: Complaint) -> list[Subscription]:
    subscriptions = [
        s
        for s in Subscription.objects.active().prefetch_related("agencies")
        if s.wants(event.action)
    ]
    if not subscriptions:
        return []
    concerned = None
    matching = []
    for subscription in subscriptions:
        limited_to = {a.pk for a in subscription.agencies.all()}
        if limited_to:
            if concerned is None:
                concerned = concerned_agencies(event, complaint)
            if not limited_to & concerned:
                continue
        matching.append(subscription)
    return matching


# --- what they are told ---------------------------------------------------------------


def _local(value: datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value, settings.CERDAS_TIME_ZONE).isoformat()


def tracking_url(complaint: Complaint) -> str:
    return settings.CERDAS_BASE_URL + reverse("complaints:track", args=[complaint.code])


def build_payload(
    *,
    delivery_id: uuid.UUID,
    subscription: Subscription,
    event: ComplaintEvent,
    complaint: Complaint,
) -> dict:
    """The JSON a subscriber receives. Every field is listed in docs/webhooks.md."""
    confidential = complaint.privacy == Privacy.CONFIDENTIAL
    # Labels in the city's language, whoever's request (or worker) builds the payload.
    with translation.override(settings.LANGUAGE_CODE):
        state_label = str(State(complaint.state).label)
        action_label = str(event.get_action_display())
    body = {
        "code": complaint.code,
        "state": complaint.state,
        "state_label": state_label,
        "category": complaint.category.code,
        "agency": complaint.agency.code if complaint.agency_id else None,
        "external_body": complaint.external_body.code if complaint.external_body_id else None,
        "privacy": complaint.privacy,
        "due_at": _local(complaint.due_at),
        "url": tracking_url(complaint),
    }
    if subscription.include_content and not confidential:
        body.update(
            {
                "title": complaint.title,
                "description": complaint.description,
                "latitude": complaint.latitude,
                "longitude": complaint.longitude,
                "kelurahan": complaint.area.name if complaint.area_id else None,
            }
        )
    # Notes as the public timeline shows them: public events only, and none on a rahasia
    # case (the reporter's added information is part of its content).
    note = event.note if event.is_public and not confidential else None
    return {
        "id": str(delivery_id),
        "type": f"complaint.{event.action}",
        "occurred_at": _local(event.created_at),
        "complaint": body,
        "event": {
            "id": event.pk,
            "action": event.action,
            "action_label": action_label,
            "from_state": event.from_state or None,
            "to_state": event.to_state,
            "public": event.is_public,
            "note": note or None,
            "actor": event.actor_label,
        },
    }


# --- the outbox -----------------------------------------------------------------------


def deliveries_create(*, event: ComplaintEvent, complaint: Complaint) -> list[Delivery]:
    """Write one pending delivery per matching subscription, in the caller's transaction
    (the change's own), and queue their sending for after it commits."""
    subscriptions = subscriptions_for(event, complaint)
    if not subscriptions:
        return []
    now = timezone.now()
    deliveries = []
    for subscription in subscriptions:
        delivery_id = uuid.uuid4()
        deliveries.append(
            Delivery(
                id=delivery_id,
                subscription=subscription,
                event=event,
                payload=build_payload(
                    delivery_id=delivery_id,
                    subscription=subscription,
                    event=event,
                    complaint=complaint,
                ),
                next_attempt_at=now,
                created_at=now,
            )
        )
    Delivery.objects.bulk_create(deliveries)
    # robust: the change is committed already; a queue that fails to take the job must not
    # turn the citizen's or officer's request into an error. The poller sends it later.
    transaction.on_commit(partial(_enqueue, [str(d.pk) for d in deliveries]), robust=True)
    return deliveries


def _enqueue(ids: list[str], run_after: datetime | None = None) -> None:
    from .tasks import deliver  # tasks import this module

    queue.enqueue_each(deliver, ids, run_after)


@transaction.atomic
def deliveries_resend(*, deliveries, now: datetime | None = None) -> int:
    """Send again (the admin's "Kirim ulang"): pending from now, a fresh retry schedule.
    The delivery keeps its id, so a receiver that got it before can recognise it."""
    now = now or timezone.now()
    ids = [str(pk) for pk in deliveries.values_list("pk", flat=True)]
    count = Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, delivered_at=None
    )
    transaction.on_commit(partial(_enqueue, ids), robust=True)
    return count


# --- sending --------------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """X-Cerdas-Signature: HMAC-SHA256 of "<timestamp>.<body>" with the secret."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def delivery_claim(*, delivery_id, now: datetime) -> int | None:
    """Take a due delivery for one attempt (`queue.claim`). Returns the attempt number."""
    return queue.claim(Delivery, delivery_id, now=now, lease=LEASE)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the error it is for a webhook: following it would send
    the signed event somewhere the admin did not configure (and urllib turns POST into
    GET on 301/302/303)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: bytes, headers: dict[str, str]):
    """POST; returns the HTTP status and the answer's headers. Raises OSError or
    HTTPException when no HTTP answer came (refused, DNS, TLS, timeout, garbage)."""
    # http and https only: checked by the model's validator and a database constraint.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            response.read(1024)  # let the server finish its answer; the body is not kept
            return response.status, response.headers
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers


def _retry_after(value: str | None, now: datetime) -> datetime | None:
    """Retry-After as seconds or an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        wait = timedelta(seconds=min(int(value), MAX_RETRY_AFTER.total_seconds()))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        wait = when - now
    return now + min(max(wait, timedelta(0)), MAX_RETRY_AFTER)


def delivery_attempt(*, delivery_id, now: datetime | None = None) -> str:
    """One attempt at one delivery, if it is due and nobody else is sending it.

    Returns what happened: "delivered", "retry", "failed" or "skipped" (not due, taken by
    another process, or finished already).
    """
    now = now or timezone.now()
    attempt = delivery_claim(delivery_id=delivery_id, now=now)
    if attempt is None:
        return "skipped"
    delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if not subscription.is_active:
        return _finish(
            delivery, attempt, DeliveryStatus.FAILED, error="langganan nonaktif", now=now
        )

    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Cerdas-Event": delivery.payload.get("type", ""),
        "X-Cerdas-Delivery": str(delivery.pk),
        "X-Cerdas-Timestamp": str(timestamp),
        "X-Cerdas-Signature": sign(subscription.secret, timestamp, body),
    }
    started = time.monotonic()
    retry_at = None
    try:
        status_code, answer_headers = _post(subscription.url, body, headers)
    except (OSError, HTTPException) as exc:
        # The receiver may be back later. The URL stays out of the message and the log
        # (it may carry a token).
        status_code, error = None, _transport_error(exc)
    else:
        error = "" if 200 <= status_code < 300 else f"HTTP {status_code}"
        if status_code == 429:
            retry_at = _retry_after(answer_headers.get("Retry-After"), now)
    elapsed = time.monotonic() - started

    if status_code is not None and 200 <= status_code < 300:
        outcome = _finish(delivery, attempt, DeliveryStatus.DELIVERED, code=status_code, now=now)
    elif status_code is not None and status_code < 500 and status_code not in RETRY_STATUSES:
        # The receiver refused this event (4xx) or moved (3xx): trying again changes nothing.
        outcome = _finish(
            delivery, attempt, DeliveryStatus.FAILED, code=status_code, error=error, now=now
        )
    elif attempt >= MAX_ATTEMPTS:
        outcome = _finish(
            delivery, attempt, DeliveryStatus.FAILED, code=status_code, error=error, now=now
        )
    else:
        retry_at = retry_at or now + BACKOFF[attempt - 1]
        outcome = _finish(
            delivery,
            attempt,
            DeliveryStatus.PENDING,
            code=status_code,
            error=error,
            now=now,
            next_attempt_at=retry_at,
        )
        if outcome == "retry":
            transaction.on_commit(
                partial(_enqueue, [str(delivery.pk)], run_after=retry_at), robust=True
            )
    log.info(
        "webhook delivery %s (subscription %s, attempt %s): %s %s in %.1f s",
        delivery.pk,
        subscription.pk,
        attempt,
        outcome,
        error or status_code,
        elapsed,
    )
    return outcome


def _transport_error(exc: BaseException) -> str:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return f"timeout ({TIMEOUT} s)"
    return f"{type(reason).__name__}: {reason}"[:300]


def _finish(
    delivery: Delivery,
    attempt: int,
    status: DeliveryStatus,
    *,
    now: datetime,
    code: int | None = None,
    error: str = "",
    next_attempt_at: datetime | None = None,
) -> str:
    """Record the attempt (`queue.record`): "skipped" when the row was not ours any more."""
    changes = {
        "status": status,
        "last_status_code": code,
        "last_error": error[:300],
        "next_attempt_at": next_attempt_at,
    }
    if status == DeliveryStatus.DELIVERED:
        changes["delivered_at"] = timezone.now()
    if not queue.record(Delivery, delivery.pk, attempt=attempt, now=now, changes=changes):
        return "skipped"
    return {
        DeliveryStatus.DELIVERED: "delivered",
        DeliveryStatus.FAILED: "failed",
        DeliveryStatus.PENDING: "retry",
    }[status]


def webhooks_deliver_due(
    *, now: datetime | None = None, batch: int = 100, budget_seconds: float = 60
) -> int:
    """Send pending deliveries whose time has come (`queue.send_due`: the safety net
    behind the task queue), one by one: a receiver that hangs costs TIMEOUT each.
    Returns how many were attempted."""
    return queue.send_due(
        Delivery,
        lambda pk, at: delivery_attempt(delivery_id=pk, now=at),
        busy="skipped",
        now=now,
        batch=batch,
        budget_seconds=budget_seconds,
    )
