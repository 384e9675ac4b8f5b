"""What the REST API accepts and answers: explicit shapes, one class per message.

Inputs are checked here for shape (422 when they do not fit); the business rules
(inside the city, an active category, a real photo, who may act) stay in the services,
which answer 400 or 409 through the views.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from cerdas.complaints.models import Action, Privacy, State

StateName = StrEnum("StateName", {s.name: s.value for s in State})
PrivacyName = StrEnum("PrivacyName", {p.name: p.value for p in Privacy})

# Steps a caller may take through the API; filing is POST /complaints and closing by
# the clock belongs to the system.
API_ACTIONS = [a for a in Action if a not in (Action.SUBMIT, Action.AUTO_CLOSE)]
ActionName = StrEnum("ActionName", {a.name: a.value for a in API_ACTIONS})

# PostgreSQL text cannot hold NUL; Django's form fields refuse it too.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]

PHOTO_DOC = (
    "Photos as base64 (a `data:image/jpeg;base64,` prefix is allowed): JPEG, PNG or WebP, "
    f"at most {settings.CERDAS_MAX_PHOTOS} photos of {settings.CERDAS_MAX_UPLOAD_MB} MB each; "
    "they are re-encoded without EXIF."
)


class Error(Schema):
    detail: str | list[dict[str, Any]] = Field(
        description="A message for people (Indonesian), or for 422 the list of fields "
        "that do not fit the schema."
    )


# --- reference data -------------------------------------------------------------------


class DeadlineRule(Schema):
    amount: int
    unit: Literal["days", "hours"] = Field(description="working days or working hours")


class CategoryOut(Schema):
    code: str
    name: str
    description: str
    icon: str = Field(description="name of the category's icon (Tabler icons, outline)")
    icon_url: str = Field(description="the icon as an SVG file on this server")
    default_agency: str = Field(description="code of the agency that usually handles it")
    default_privacy: PrivacyName
    verify: DeadlineRule
    response: DeadlineRule
    resolution: DeadlineRule


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    kind: Literal["opd", "unit", "external"]
    parent: str | None = Field(description="code of the parent OPD of a unit")
    public_contact: str


class Geometry(Schema):
    type: str
    coordinates: list[Any]


class AreaProperties(Schema):
    code: str = Field(description="Kemendagri code of the kelurahan/desa")
    name: str
    district: str = Field(description="kecamatan")


class AreaFeature(Schema):
    type: Literal["Feature"]
    properties: AreaProperties
    geometry: Geometry


class AreaCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[AreaFeature]


# --- complaints: input ----------------------------------------------------------------


class ComplaintIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "category": "jalan-rusak",
                    "description": "Lubang besar di depan Pasar 45, sudah dua minggu.",
                    "latitude": 1.4917,
                    "longitude": 124.8410,
                    "address": "Jl. Sam Ratulangi depan Pasar 45",
                    "reporter_name": "Budi Santoso",
                    "reporter_phone": "081234567890",
                    "privacy": "publik",
                }
            ]
        }
    )

    category: Text = Field(max_length=40, description="category code (GET /categories)")
    description: Text = Field(max_length=4000, description="what is wrong, where, since when")
    title: Text = Field("", max_length=200, description="empty: the first line of description")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    address: Text = Field("", max_length=300, description="address or landmark")
    reporter_name: Text = Field("", max_length=120)
    reporter_phone: Text = Field(
        "", max_length=20, description="Indonesian number; never shown to the public"
    )
    reporter_email: Text = Field("", max_length=254, description="never shown to the public")
    privacy: PrivacyName | None = Field(
        None, description="publik, anonim or rahasia; empty: the category's default"
    )
    photos: list[Text] = Field(
        default_factory=list, max_length=settings.CERDAS_MAX_PHOTOS, description=PHOTO_DOC
    )


class ActionIn(Schema):
    """One body for every step; each step reads the fields it needs (GET .../actions)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "Tim sudah ke lokasi."}]})

    note: Text = Field(
        "",
        max_length=4000,
        description="the text of the step: note, question, answer, reason or comment",
    )
    agency: Text | None = Field(
        None,
        max_length=32,
        description="agency code: the OPD for dispose and request_transfer, the external "
        "body for hand_off",
    )
    officer: Text | None = Field(
        None, max_length=150, description="username of an officer of the agency (accept, assign)"
    )
    master_code: Text | None = Field(
        None, max_length=20, description="tracking code of the master case (mark_duplicate)"
    )
    rating: int | None = Field(None, ge=1, le=5, description="1 to 5 (rate)")
    photos: list[Text] = Field(
        default_factory=list, max_length=settings.CERDAS_MAX_PHOTOS, description=PHOTO_DOC
    )


class ComplaintFilters(Schema):
    state: StateName | None = None
    category: Text | None = Field(None, max_length=40, description="category code")
    agency: Text | None = Field(None, max_length=32, description="agency code, units included")
    area: Text | None = Field(
        None, max_length=16, description="Kemendagri code of a kelurahan or kecamatan"
    )
    created_after: datetime | None = Field(
        None, description="ISO 8601; without an offset: the city's time zone"
    )
    created_before: datetime | None = None
    updated_after: datetime | None = None
    cursor: Text | None = Field(
        None, max_length=200, description="the `next` value of the previous page"
    )
    limit: int = Field(50, ge=1, le=100)


# --- complaints: output ---------------------------------------------------------------


class Named(Schema):
    code: str
    name: str


class AgencyRef(Schema):
    code: str
    name: str
    short_name: str
    public_contact: str


class AreaRef(Schema):
    code: str
    name: str
    district: str | None


class Reporter(Schema):
    name: str = Field(
        description="publik: first name; anonim and rahasia: 'Warga'. The full name, phone "
        "and e-mail go to command center sessions only."
    )
    phone: str | None = None
    email: str | None = None


class Deadline(Schema):
    due_at: datetime | None
    status: Literal["none", "green", "yellow", "red"] = Field(
        description="red: overdue; yellow: 2 working days or less left"
    )


class Deadlines(Schema):
    current: Deadline = Field(description="the leg the current holder works on")
    verify: Deadline
    response: Deadline
    resolution: Deadline


class PhotoOut(Schema):
    id: int
    url: str = Field(description="for browsers; photos of rahasia cases are not served here")
    api_url: str = Field(description="with the caller's key or session, for any readable case")
    kind: Literal["laporan", "bukti", "info"]
    width: int
    height: int
    created_at: datetime


class OfficerRef(Schema):
    username: str
    name: str


class ComplaintSummary(Schema):
    code: str
    url: str = Field(description="the public tracking page")
    title: str
    description: str
    category: Named
    state: StateName
    state_label: str
    privacy: PrivacyName
    channel: str
    latitude: float | None
    longitude: float | None
    address: str
    area: AreaRef | None
    agency: AgencyRef | None = Field(description="the OPD holding the case")
    external_body: AgencyRef | None = Field(description="the body it was handed off to")
    duplicate_of: str | None
    reporter: Reporter
    created_at: datetime
    updated_at: datetime
    deadline: Deadline


class ComplaintDetail(ComplaintSummary):
    deadlines: Deadlines
    disposed_at: datetime | None
    accepted_at: datetime | None
    followed_up_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    reopen_until: datetime | None = Field(description="the reporter may reopen until then")
    rating: int | None
    rating_comment: str
    rework_count: int
    reopen_count: int
    photos: list[PhotoOut]
    assigned_officer: OfficerRef | None = Field(description="staff and agency callers only")
    transfer_to: AgencyRef | None = Field(description="a pending transfer; staff only")
    transfer_reason: str


class ComplaintPage(Schema):
    items: list[ComplaintSummary]
    next: str | None = Field(description="cursor of the next page; null on the last page")
    next_url: str | None


class EventOut(Schema):
    id: int
    action: str
    action_label: str
    actor: str = Field(description="the unit that acted: Command Center, an OPD, Pelapor, Sistem")
    from_state: StateName | None
    to_state: StateName
    note: str
    agency: str | None = Field(description="code of the agency that held the case")
    target_agency: AgencyRef | None
    is_public: bool
    created_at: datetime
    photos: list[PhotoOut]


class ActionField(Schema):
    name: str
    required: bool


class ActionOut(Schema):
    action: ActionName
    label: str
    fields: list[ActionField]


# --- performance (routers/stats.py; definitions in docs/performance.md) ---------------


class SummaryOut(Schema):
    day: date = Field(description="today in the city's time zone")
    received: int = Field(description="reports filed today")
    resolved: int = Field(description="follow-ups validated today")
    open: int = Field(description="cases open now")
    overdue: int = Field(description="open cases past their running deadline now")
    median_response_hours: float | None = Field(
        description="median first response given today, in working hours"
    )
    responses: int = Field(description="first responses given today")


class DeadlineShare(Schema):
    judged: int = Field(description="legs whose deadline fell in the period and has passed")
    met: int
    rate: float | None = Field(description="met / judged; null when nothing was judged")


class WorkingHours(Schema):
    count: int
    median: float | None
    p90: float | None


class ScorecardOut(Schema):
    agency: str = Field(description="agency code")
    name: str
    received: int = Field(description="cases that reached it in the period")
    closed: int = Field(description="its follow-ups validated in the period")
    response_on_time: DeadlineShare
    resolution_on_time: DeadlineShare
    response_hours: WorkingHours
    resolution_hours: WorkingHours
    follow_ups: int
    rework_rate: float | None
    validated: int
    reopen_rate: float | None
    rated: int
    mean_rating: float | None
    backlog: int = Field(description="cases it holds now")
    backlog_overdue: int
    backlog_ages: list[int] = Field(description="backlog by days held: 0-3, 4-7, 8-30, 31+")
    score: float | None = Field(description="0-100; null: data belum cukup")
    zone: Literal["hijau", "kuning", "merah"] | None
