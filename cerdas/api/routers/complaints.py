"""Complaints: file, list, read, follow the timeline, and take workflow steps."""

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Annotated

from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.responses import Status

from cerdas.accounts.models import AGENCY_ROLES, User
from cerdas.agencies.models import Agency
from cerdas.complaints import services
from cerdas.complaints.categories import active_category
from cerdas.complaints.models import Action, Channel, Complaint, ComplaintPhoto
from cerdas.complaints.workflow import TRANSITIONS, WorkflowError, allowed_actions, check

from .. import auth, idempotency, output
from ..access import Principal
from ..schemas import (
    NO_NUL,
    ActionIn,
    ActionName,
    ActionOut,
    ComplaintDetail,
    ComplaintFilters,
    ComplaintIn,
    ComplaintPage,
    EventOut,
)
from ..services import submission_record
from ..steps import STEPS, StepInput
from .common import aware, case_code, decode_photos, errors

router = Router(tags=["Complaints"], auth=auth.OPEN)

CaseCode = Annotated[
    str,
    Path(
        max_length=40,
        pattern=NO_NUL,
        description="tracking code, e.g. MDO-4K7Q-2P (case and dashes do not matter)",
    ),
]
PhotoId = Annotated[int, Path(ge=1, le=2**63 - 1, description="`photos[].id` of the case")]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias=idempotency.HEADER,
        max_length=255,
        pattern=NO_NUL,
        description="A fresh random value (a UUID) per report; a retry with the same value "
        "and body files nothing new and gets the first answer again.",
    ),
]

SUMMARY_RELATED = (
    "category",
    "agency__parent",
    "area__parent",
    "external_body",
    "duplicate_of",
)


def _case(principal: Principal, code: str) -> Complaint:
    """The case if this caller may read it; otherwise it does not exist for them (404)."""
    qs = principal.readable().select_related(*output.DETAIL_RELATED)
    return get_object_or_404(qs, code=case_code(code))


def _detail(
    request: HttpRequest,
    complaint: Complaint,
    principal: Principal,
    *,
    reread: bool = True,
    photos: list | None = None,
) -> dict:
    """The detail answer, as JSON-ready data (stored as is for idempotent replays).

    `reread`: read the case again with everything the answer shows. A report just filed
    carries its category and area already, and nothing else is set yet: reading it again
    (ten tables joined, planned anew each time) would cost more than filing it.
    `photos`: see `output.detail`.
    """
    if reread:
        complaint = Complaint.objects.select_related(*output.DETAIL_RELATED).get(pk=complaint.pk)
    data = output.detail(request, complaint, principal, photos=photos)
    return ComplaintDetail.model_validate(data).model_dump(mode="json")


# --- filing -----------------------------------------------------------------------------


@router.post(
    "/complaints",
    auth=auth.SUBMIT,
    response={201: ComplaintDetail, **errors(400, 401, 403, 413, 422, 429)},
    summary="File a complaint",
    url_name="complaints",
)
def create_complaint(
    request: HttpRequest,
    response: HttpResponse,
    payload: ComplaintIn,
    idempotency_key: IdempotencyKeyHeader = None,
):
    """File a report on behalf of a citizen. Without a key or session the caller is
    limited per address (CERDAS_API_ANON_SUBMITS_PER_MINUTE). The channel is `api`; a
    `submit` key may follow the case afterwards and act as its reporter."""
    principal: Principal = request.auth
    category = active_category(payload.category)
    if category is None:
        raise HttpError(400, _("Kategori tidak dikenal atau tidak aktif (lihat /categories)."))
    photos = decode_photos(payload.photos)
    key = (idempotency_key or "").strip()
    scope = principal.client_scope(request)

    started = timezone.now()

    @transaction.atomic  # the report and the key that follows it, together or not at all
    def produce() -> tuple[int, dict]:
        try:
            complaint = services.complaint_submit(
                category=category,
                description=payload.description,
                title=payload.title,
                latitude=payload.latitude,
                longitude=payload.longitude,
                address=payload.address,
                photos=photos,
                reporter=principal.user,
                reporter_name=payload.reporter_name,
                reporter_phone=payload.reporter_phone,
                reporter_email=payload.reporter_email,
                privacy=payload.privacy.value if payload.privacy else "",
                channel=Channel.API,
                submission_key=idempotency.submission_key(scope, key) if key else None,
            )
        except WorkflowError as exc:
            raise HttpError(400, str(exc)) from None
        if principal.key is not None:
            submission_record(key=principal.key, complaint=complaint)
        # A replayed submission key returns the case filed before, as it is now.
        fresh = complaint.created_at >= started
        return 201, _detail(
            request,
            complaint,
            principal,
            reread=not fresh,
            photos=[] if fresh and not photos else None,
        )

    if key:
        digest = idempotency.request_hash(payload.model_dump(mode="json"))
        status, body, replayed = idempotency.run_once(scope, key, digest, produce)
        if replayed:
            response["Idempotent-Replayed"] = "true"
    else:
        status, body = produce()
    response["Location"] = request.build_absolute_uri(
        reverse("api:complaint", kwargs={"code": body["code"]})
    )
    return Status(status, body)


# --- reading ----------------------------------------------------------------------------


def _encode_cursor(complaint: Complaint) -> str:
    raw = json.dumps([complaint.created_at.isoformat(), complaint.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, pk = json.loads(raw)
        when = datetime.fromisoformat(created)
        if when.tzinfo is None:
            raise ValueError
        when = when.astimezone(UTC)
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
            raise ValueError
    except (binascii.Error, ValueError, TypeError, OverflowError):
        raise HttpError(400, _("Cursor tidak sah; mulai lagi dari halaman pertama.")) from None
    return when, pk


@router.get(
    "/complaints",
    response={200: ComplaintPage, **errors(400, 401, 422, 429)},
    summary="List complaints",
    url_name="complaints",
)
def list_complaints(request: HttpRequest, filters: Query[ComplaintFilters]):
    """Cases this caller may read, newest first (by creation time, then id), one page at
    a time: pass the answer's `next` as `cursor` with the same filters for the next
    page. Anonymous callers see what the public list shows: verified cases, never
    rahasia."""
    principal: Principal = request.auth
    qs = principal.readable().select_related(*SUMMARY_RELATED)
    if filters.state:
        qs = qs.filter(state=filters.state.value)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.agency:
        qs = qs.filter(Q(agency__code=filters.agency) | Q(agency__parent__code=filters.agency))
    if filters.area:
        qs = qs.filter(Q(area__code=filters.area) | Q(area__parent__code=filters.area))
    if (after := aware(filters.created_after, field="created_after")) is not None:
        qs = qs.filter(created_at__gt=after)
    if (before := aware(filters.created_before, field="created_before")) is not None:
        qs = qs.filter(created_at__lt=before)
    if (updated := aware(filters.updated_after, field="updated_after")) is not None:
        qs = qs.filter(updated_at__gt=updated)
    if filters.cursor:
        created, pk = _decode_cursor(filters.cursor)
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk))
    rows = list(qs.order_by("-created_at", "-pk")[: filters.limit + 1])
    page, more = rows[: filters.limit], len(rows) > filters.limit
    next_cursor = _encode_cursor(page[-1]) if more else None
    next_url = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {
        "items": [output.summary(request, c, principal) for c in page],
        "next": next_cursor,
        "next_url": next_url,
    }


@router.get(
    "/complaints/{code}",
    response={200: ComplaintDetail, **errors(401, 404, 422, 429)},
    summary="One complaint",
    url_name="complaint",
)
def get_complaint(request: HttpRequest, code: CaseCode):
    """A case with its deadlines and photos. Staff and agency callers also get the
    assigned officer and a pending transfer."""
    principal: Principal = request.auth
    return output.detail(request, _case(principal, code), principal)


@router.get(
    "/complaints/{code}/events",
    response={200: list[EventOut], **errors(401, 404, 422, 429)},
    summary="Timeline of a complaint",
    url_name="complaint_events",
)
def list_events(request: HttpRequest, code: CaseCode):
    """Every step of the case, oldest first. Public callers get the public timeline;
    staff, agency and read_all callers also get internal notes, assignments and transfer
    requests."""
    principal: Principal = request.auth
    return output.events(request, _case(principal, code), principal)


@router.get(
    "/complaints/{code}/photos/{photo_id}",
    response={200: None, **errors(401, 404, 422, 429)},
    summary="One photo of a complaint",
    url_name="complaint_photo",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The photo, re-encoded as JPEG without EXIF.",
                "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_photo(request: HttpRequest, code: CaseCode, photo_id: PhotoId):
    """The photo behind a case's `photos[].api_url`. Photos of public cases are also
    at `photos[].url` for browsers; a rahasia case's photos only come from here, to the
    callers who may read the case."""
    principal: Principal = request.auth
    complaint = _case(principal, code)
    photo = get_object_or_404(ComplaintPhoto, pk=photo_id, complaint=complaint)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- acting -----------------------------------------------------------------------------


@router.get(
    "/complaints/{code}/actions",
    response={200: list[ActionOut], **errors(401, 404, 422, 429)},
    summary="Steps the caller may take now",
    url_name="complaint_actions",
)
def list_actions(request: HttpRequest, code: CaseCode):
    """The workflow steps this caller may take on the case in its current state, with
    the fields each one reads. Empty for anonymous and read-only callers."""
    principal: Principal = request.auth
    complaint = _case(principal, code)
    actors = principal.actors(complaint)
    return [
        {"action": a.value, "label": str(a.label), "fields": STEPS[a].fields}
        for a in allowed_actions(complaint, actors)
        if a in STEPS
    ]


def _step_input(action: Action, complaint: Complaint, payload: ActionIn) -> StepInput:
    officer = master = agency = None
    if payload.agency:
        agency = Agency.objects.filter(code=payload.agency).first()
    if payload.officer:
        officer = User.objects.filter(
            username=payload.officer, agency_id=complaint.agency_id, role__in=AGENCY_ROLES
        ).first()
        if officer is None:
            raise HttpError(400, _("Petugas itu tidak ada di OPD yang menangani pengaduan ini."))
    if action == Action.MARK_DUPLICATE:
        if not payload.master_code:
            raise HttpError(400, _("Tulis kode pengaduan induk (master_code)."))
        master = Complaint.objects.filter(code=case_code(payload.master_code)).first()
        if master is None:
            raise HttpError(400, _("Pengaduan dengan kode itu tidak ada."))
    return StepInput(
        note=payload.note,
        agency=agency,
        officer=officer,
        master=master,
        rating=payload.rating,
        photos=decode_photos(payload.photos),
    )


def _steps_doc() -> str:
    lines = []
    for action, step in STEPS.items():
        fields = [f"{f}*" for f in step.required] + list(step.optional)
        lines.append(f"- `{action.value}`: {', '.join(fields) or '(no fields)'}")
    return "\n".join(lines)


@router.post(
    "/complaints/{code}/actions/{action}",
    response={200: ComplaintDetail, **errors(400, 401, 403, 404, 409, 413, 422, 429)},
    summary="Take a workflow step",
    url_name="complaint_act",
    description=(
        "Take one step of the workflow (docs/workflow.md) through the same service the web "
        "screens use. 401 without a key or session; 404 when the caller may not read the "
        "case; 403 when it may read it but plays no part that takes this step; 409 when "
        "the case's state does not allow the step now; 400 when the step's input is "
        "refused.\n\nFields each step reads (* required):\n\n" + _steps_doc()
    ),
)
def take_action(request: HttpRequest, code: CaseCode, action: ActionName, payload: ActionIn):
    """Take one step of the workflow (docs/workflow.md) through the same service the
    web screens use. 401 without a key or session; 404 when the caller may not read the
    case; 403 when it may read it but plays no part that takes this step; 409 when the
    case's state does not allow the step now; 400 when the step's input is refused."""
    principal: Principal = request.auth
    if principal.is_anonymous:
        raise AuthenticationError(message=_("Langkah ini memerlukan kunci API atau sesi masuk."))
    complaint = _case(principal, code)
    step_action = Action(action.value)
    rule = TRANSITIONS[step_action]
    acting = principal.acting_for(complaint, rule.actors)
    if acting is None:
        raise HttpError(403, _("Anda tidak berwenang melakukan tindakan ini pada pengaduan ini."))
    actors = principal.actors(complaint)
    try:
        check(step_action, complaint, actors)
    except WorkflowError as exc:
        raise HttpError(409, str(exc)) from None
    data = _step_input(step_action, complaint, payload)
    try:
        STEPS[step_action].call(complaint, acting, data)
    except WorkflowError as exc:
        # The service refused. If the case moved on meanwhile, say so (409); otherwise
        # the input was the problem (400).
        complaint.refresh_from_db()
        try:
            check(step_action, complaint, principal.actors(complaint))
        except WorkflowError as moved:
            raise HttpError(409, str(moved)) from None
        raise HttpError(400, str(exc)) from None
    return _detail(request, complaint, principal)
