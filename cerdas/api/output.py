"""Complaints as the API shows them to one caller: the privacy rules in one place.

Every answer about a case is built here, from the case and the principal asking:
the reporter's name per the report's privacy, contact details to the command center
only, internal events and staff fields to staff only.
"""

from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cerdas.agencies.models import Agency
from cerdas.complaints.models import Complaint, ComplaintEvent, ComplaintPhoto, State
from cerdas.complaints.services import reopen_deadline
from cerdas.workdays.calendar import city_calendar

from .access import Principal

# What a detail answer reads besides the row itself.
DETAIL_RELATED = (
    "category",
    "agency__parent",
    "area__parent",
    "external_body",
    "duplicate_of",
    "assigned_officer",
    "transfer_to",
)


def local(value: datetime | None) -> datetime | None:
    """Aware, in the city's time zone (the offset shows it: +08:00 for WITA)."""
    return timezone.localtime(value, settings.CERDAS_TIME_ZONE) if value is not None else None


def _agency(agency: Agency | None) -> dict | None:
    if agency is None:
        return None
    return {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "public_contact": agency.public_contact,
    }


def _deadline(due: datetime | None, now: datetime) -> dict:
    return {"due_at": local(due), "status": city_calendar().status(now, due)}


def _photo(request: HttpRequest, photo: ComplaintPhoto, code: str) -> dict:
    api_path = reverse("api:complaint_photo", kwargs={"code": code, "photo_id": photo.pk})
    return {
        "id": photo.pk,
        "url": request.build_absolute_uri(reverse("complaints:photo", args=[photo.pk])),
        "api_url": request.build_absolute_uri(api_path),
        "kind": photo.kind,
        "width": photo.width,
        "height": photo.height,
        "created_at": local(photo.created_at),
    }


def _reporter(complaint: Complaint, principal: Principal) -> dict:
    if principal.sees_contact():
        return {
            "name": complaint.reporter_name,
            "phone": complaint.reporter_phone or None,
            "email": complaint.reporter_email or None,
        }
    return {"name": complaint.public_reporter_name(), "phone": None, "email": None}


def summary(request: HttpRequest, complaint: Complaint, principal: Principal, now=None) -> dict:
    now = now or timezone.now()
    area = complaint.area
    return {
        "code": complaint.code,
        "url": request.build_absolute_uri(reverse("complaints:track", args=[complaint.code])),
        "title": complaint.title,
        "description": complaint.description,
        "category": {"code": complaint.category.code, "name": complaint.category.name},
        "state": complaint.state,
        "state_label": str(State(complaint.state).label),
        "privacy": complaint.privacy,
        "channel": complaint.channel,
        "latitude": complaint.latitude,
        "longitude": complaint.longitude,
        "address": complaint.address,
        "area": {
            "code": area.code,
            "name": area.name,
            "district": area.parent.name if area.parent else None,
        }
        if area is not None
        else None,
        "agency": _agency(complaint.agency),
        "external_body": _agency(complaint.external_body),
        "duplicate_of": complaint.duplicate_of.code if complaint.duplicate_of_id else None,
        "reporter": _reporter(complaint, principal),
        "created_at": local(complaint.created_at),
        "updated_at": local(complaint.updated_at),
        "deadline": _deadline(complaint.due_at, now),
    }


def detail(
    request: HttpRequest,
    complaint: Complaint,
    principal: Principal,
    *,
    photos: list[ComplaintPhoto] | None = None,
) -> dict:
    """`photos`: the case's photos when the caller knows them already (a report just
    filed without any); otherwise they are read."""
    now = timezone.now()
    if photos is None:
        photos = list(complaint.photos.all())
    internal = principal.reads_internal(complaint)
    officer = complaint.assigned_officer if internal else None
    return {
        **summary(request, complaint, principal, now),
        "deadlines": {
            "current": _deadline(complaint.due_at, now),
            "verify": _deadline(complaint.verify_due_at, now),
            "response": _deadline(complaint.response_due_at, now),
            "resolution": _deadline(complaint.resolution_due_at, now),
        },
        "disposed_at": local(complaint.disposed_at),
        "accepted_at": local(complaint.accepted_at),
        "followed_up_at": local(complaint.followed_up_at),
        "resolved_at": local(complaint.resolved_at),
        "closed_at": local(complaint.closed_at),
        "reopen_until": local(reopen_deadline(complaint))
        if complaint.state == State.RESOLVED
        else None,
        "rating": complaint.rating,
        "rating_comment": complaint.rating_comment,
        "rework_count": complaint.rework_count,
        "reopen_count": complaint.reopen_count,
        "photos": [_photo(request, p, complaint.code) for p in photos],
        "assigned_officer": {"username": officer.username, "name": officer.display_name()}
        if officer is not None
        else None,
        "transfer_to": _agency(complaint.transfer_to) if internal else None,
        "transfer_reason": complaint.transfer_reason if internal else "",
    }


def events(request: HttpRequest, complaint: Complaint, principal: Principal) -> list[dict]:
    qs = complaint.events.select_related("agency", "target_agency").prefetch_related("photos")
    if not principal.reads_internal(complaint):
        qs = qs.filter(is_public=True)
    return [_event(request, e, complaint.code) for e in qs]


def _event(request: HttpRequest, event: ComplaintEvent, code: str) -> dict:
    return {
        "id": event.pk,
        "action": event.action,
        "action_label": event.get_action_display(),
        "actor": event.actor_label,
        "from_state": event.from_state or None,
        "to_state": event.to_state,
        "note": event.note,
        "agency": event.agency.code if event.agency_id else None,
        "target_agency": _agency(event.target_agency),
        "is_public": event.is_public,
        "created_at": local(event.created_at),
        "photos": [_photo(request, p, code) for p in event.photos.all()],
    }
