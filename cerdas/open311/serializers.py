"""What Open311 shows of categories, complaints and their events.

Privacy lives here: a request carries no reporter name, phone or e-mail (the spec has
no field for them and Cerdas adds none), a rahasia report's text is never written, and
only public events become updates.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cerdas.complaints.models import (
    OPEN_STATES,
    Action,
    Category,
    CategoryAttribute,
    Complaint,
    ComplaintEvent,
    ComplaintPhoto,
    PhotoKind,
    Privacy,
    State,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's shape last changed (discovery's `changeset`).
CHANGESET = "2026-11-23 00:00"


def w3c(value: datetime | None) -> str | None:
    """ISO 8601 with the city's offset: 2026-11-23T09:15:00+08:00."""
    if value is None:
        return None
    return timezone.localtime(value, settings.CERDAS_TIME_ZONE).isoformat(timespec="seconds")


def status_of(state: str) -> str:
    return "open" if state in OPEN_STATES else "closed"


def _photo_url(request: HttpRequest, photo: ComplaintPhoto | None) -> str | None:
    if photo is None:
        return None
    return request.build_absolute_uri(reverse("complaints:photo", args=[photo.pk]))


# --- discovery and services ------------------------------------------------------------


def discovery(request: HttpRequest) -> dict:
    home = request.build_absolute_uri("/")
    return {
        "changeset": CHANGESET,
        "contact": _("Command Center %(city)s: %(url)s")
        % {"city": settings.CERDAS_CITY_NAME, "url": home},
        "key_service": _(
            "Kunci API (api_key) untuk mengirim laporan diberikan oleh administrator "
            "Cerdas %(city)s; hubungi Command Center: %(url)s"
        )
        % {"city": settings.CERDAS_CITY_NAME, "url": home},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri(reverse("open311:root")).rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def services_queryset() -> QuerySet:
    return (
        Category.objects.filter(is_active=True)
        .select_related("default_agency")
        .prefetch_related("attributes")
        .order_by("sort_order", "name", "pk")
    )


def service(category: Category) -> dict:
    agency = category.default_agency
    keywords = dict.fromkeys(
        k for k in (category.code.replace("-", " "), agency.short_name, agency.name) if k
    )
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": bool(category.attributes.all()),
        "type": "realtime",
        "keywords": ", ".join(keywords),
        "group": agency.short_name or agency.name,
    }


def attribute(item: CategoryAttribute) -> dict:
    return {
        "variable": item.variable,
        "code": item.code,
        "datatype": item.datatype,
        "required": item.required,
        "datatype_description": item.datatype_description or None,
        "order": item.order,
        "description": item.description,
        "values": [{"key": str(v["key"]), "name": str(v["name"])} for v in item.values or []],
    }


def service_definition(category: Category) -> dict:
    return {
        "service_code": category.code,
        "attributes": [attribute(a) for a in category.attributes.all()],
    }


def _duration(amount: int, unit: str) -> str:
    if unit == "hours":
        return _("%(n)s jam kerja") % {"n": amount}
    return _("%(n)s hari kerja") % {"n": amount}


def category_notice(category: Category) -> str:
    policy = category.policy
    return _(
        "Diverifikasi Command Center dalam %(verify)s, lalu diselesaikan %(agency)s "
        "dalam %(resolve)s sejak diteruskan."
    ) % {
        "verify": _duration(policy.verify_amount, policy.verify_unit),
        "agency": category.default_agency.short_name,
        "resolve": _duration(policy.resolution_amount, policy.resolution_unit),
    }


def submitted_notice(complaint: Complaint) -> str:
    return _(
        "Laporan diterima dengan kode %(code)s. Command Center memverifikasinya paling "
        "lambat %(due)s. %(notice)s"
    ) % {
        "code": complaint.code,
        "due": timezone.localtime(complaint.verify_due_at, settings.CERDAS_TIME_ZONE).strftime(
            "%d-%m-%Y %H:%M"
        ),
        "notice": category_notice(complaint.category),
    }


# --- service requests -------------------------------------------------------------------

REQUEST_RELATED = (
    "category__policy",
    "category__default_agency",
    "agency",
    "external_body",
    "area__parent",
)


def with_request_data(qs: QuerySet) -> QuerySet:
    """Everything `service_request` reads, in a fixed number of queries."""
    return qs.select_related(*REQUEST_RELATED).prefetch_related(
        Prefetch(
            "events",
            queryset=ComplaintEvent.objects.filter(is_public=True).order_by("created_at", "id"),
            to_attr="public_events",
        ),
        Prefetch(
            "photos",
            queryset=ComplaintPhoto.objects.filter(kind=PhotoKind.REPORT).order_by(
                "created_at", "id"
            ),
            to_attr="report_photos",
        ),
    )


def _status_notes(complaint: Complaint) -> str:
    """The state in words, and the note of the step that led to it (why it changed)."""
    label = str(State(complaint.state).label)
    events = complaint.public_events
    note = events[-1].note.strip() if events else ""
    return f"{label}: {note}" if note else label


def _agency_responsible(complaint: Complaint) -> str | None:
    if complaint.state == State.HANDED_OFF and complaint.external_body is not None:
        return complaint.external_body.name
    return complaint.agency.name if complaint.agency is not None else None


def _request_notice(complaint: Complaint) -> str:
    body = complaint.external_body
    if complaint.state == State.HANDED_OFF and body is not None:
        contact = f" ({body.public_contact})" if body.public_contact else ""
        return _("Di luar kewenangan kota; ditangani %(body)s%(contact)s.") % {
            "body": body.name,
            "contact": contact,
        }
    return category_notice(complaint.category)


def _expected(complaint: Complaint) -> datetime | None:
    """When the city expects it done: the resolution deadline once an agency holds the
    case, before that the running deadline (verification). Nothing once it is closed."""
    if complaint.state not in OPEN_STATES:
        return None
    return complaint.resolution_due_at or complaint.due_at


def _address(complaint: Complaint) -> str | None:
    """Most specific first: the reporter's description, kelurahan, kecamatan, city."""
    parts = [complaint.address]
    if complaint.area is not None:
        parts.append(complaint.area.name)
        if complaint.area.parent is not None:
            parts.append(complaint.area.parent.name)
        parts.append(settings.CERDAS_CITY_NAME)
    text = ", ".join(p for p in parts if p)
    return text or None


def service_request(request: HttpRequest, complaint: Complaint) -> dict:
    """One complaint as a GeoReport service request. Call on `with_request_data` rows."""
    secret = complaint.privacy == Privacy.CONFIDENTIAL
    photos = [] if secret else complaint.report_photos
    return {
        "service_request_id": complaint.code,
        "status": status_of(complaint.state),
        "status_notes": _status_notes(complaint),
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "description": None if secret else complaint.description,
        "agency_responsible": _agency_responsible(complaint),
        "service_notice": _request_notice(complaint),
        "requested_datetime": w3c(complaint.created_at),
        "updated_datetime": w3c(complaint.updated_at),
        "expected_datetime": w3c(_expected(complaint)),
        "address": None if secret else _address(complaint),
        # The kelurahan's Kemendagri code: the addressing system Indonesian data uses.
        "address_id": complaint.area.code if complaint.area is not None else None,
        "zipcode": None,
        "lat": None if secret else complaint.latitude,
        "long": None if secret else complaint.longitude,
        "media_url": _photo_url(request, photos[0] if photos else None),
    }


def pending_request(complaint: Complaint) -> dict:
    """A case that is not on the public map (still waiting for verification, or closed at
    the door): enough for the client that filed it to read it back, nothing of what the
    reporter wrote, where, or their photos."""
    return {
        "service_request_id": complaint.code,
        "status": status_of(complaint.state),
        "status_notes": str(State(complaint.state).label),
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "description": None,
        "agency_responsible": None,
        "service_notice": None,
        "requested_datetime": w3c(complaint.created_at),
        "updated_datetime": w3c(complaint.updated_at),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


# --- mySociety's service request updates -----------------------------------------------

# Each public step, as the extended status of mySociety's Open311 extension (the one
# FixMyStreet reads). Internal steps (comment, assign, transfer requests) never leave.
UPDATE_STATUS = {
    Action.SUBMIT: "open",
    Action.DISPOSE: "action_scheduled",
    Action.REQUEST_INFO: "investigating",
    Action.PROVIDE_INFO: "open",
    Action.REJECT: "no_further_action",
    Action.MARK_DUPLICATE: "duplicate",
    Action.HAND_OFF: "not_councils_responsibility",
    Action.ACCEPT: "in_progress",
    Action.APPROVE_TRANSFER: "internal_referral",
    # Work reported done is not yet done: the command center may still send it back.
    Action.FOLLOW_UP: "in_progress",
    Action.REJECT_FOLLOW_UP: "in_progress",
    Action.VALIDATE: "fixed",
    # Reopened: the agency works on it again. `reopen` is no state FixMyStreet knows (it
    # would keep the report fixed); `in_progress` reopens it there too.
    Action.REOPEN: "in_progress",
    Action.RATE: "closed",
    Action.AUTO_CLOSE: "closed",
}


# A step that leaves the case where it was (the reporter's information, "sudah beres")
# is sent as the status of that state, so FixMyStreet keeps the report where it is: a
# plain `open` would move an in-progress report back to "confirmed" there.
STATE_STATUS = {
    State.NEW: "open",
    State.NEEDS_INFO: "investigating",
    State.DISPOSED: "action_scheduled",
    State.IN_PROGRESS: "in_progress",
    State.AWAITING_VALIDATION: "in_progress",
    State.RESOLVED: "fixed",
    State.CLOSED: "closed",
    State.REJECTED: "no_further_action",
    State.DUPLICATE: "duplicate",
    State.HANDED_OFF: "not_councils_responsibility",
}


def update_status(event: ComplaintEvent) -> str:
    return UPDATE_STATUS.get(event.action) or STATE_STATUS.get(
        event.to_state, status_of(event.to_state)
    )


def _update_description(event: ComplaintEvent) -> str:
    label = str(Action(event.action).label)
    if event.target_agency is not None and event.action in (
        Action.DISPOSE,
        Action.HAND_OFF,
        Action.APPROVE_TRANSFER,
    ):
        label = f"{label}: {event.target_agency.name}"
    note = event.note.strip()
    return f"{label}. {note}" if note else label


def service_request_update(request: HttpRequest, event: ComplaintEvent) -> dict:
    photos = list(event.photos.all())
    return {
        "update_id": str(event.pk),
        "service_request_id": event.complaint.code,
        "status": update_status(event),
        "updated_datetime": w3c(event.created_at),
        "description": _update_description(event),
        "media_url": _photo_url(request, photos[0] if photos else None) or "",
        "external_status_code": event.to_state,
    }
