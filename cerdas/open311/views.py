"""Open311 GeoReport v2 (/open311/v2/) and mySociety's update extension.

An adapter, not a second domain: reports are filed and moved through
`cerdas.complaints.services`, callers are recognised by the same API keys and acting
model as the REST API (`cerdas.api`), and privacy is the public pages' privacy. See
docs/open311.md for what is accepted, ignored and how statuses map.
"""

import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cerdas.api.access import Principal
from cerdas.api.idempotency import once
from cerdas.api.models import SCOPE_SUBMIT, ApiKey
from cerdas.api.services import key_from_request, rate_limit, submission_record
from cerdas.api.steps import STEPS, StepInput
from cerdas.complaints import services
from cerdas.complaints.categories import active_category
from cerdas.complaints.models import (
    OPEN_STATES,
    Action,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Privacy,
    State,
)
from cerdas.complaints.services import Upload
from cerdas.complaints.workflow import TRANSITIONS, Actor, WorkflowError, check, extra_condition
from cerdas.lib.codes import normalize

from . import inputs, serializers
from .formats import FORMATS, Open311Error, render, render_error

# GET requests: the spec's default window and cap; `page`/`page_size` reach further.
REQUESTS_WINDOW = timedelta(days=90)
MAX_REQUESTS = 1000
# GET servicerequestupdates without dates: the last day (FixMyStreet polls often).
UPDATES_WINDOW = timedelta(hours=24)
MAX_UPDATES = 1000


def endpoint(*methods: str) -> Callable:
    """Format check, method check, body parsing and the spec's error documents."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt  # callers authenticate with api_key, never with a cookie
        @wraps(view)
        def wrapper(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
            try:
                if fmt not in FORMATS:
                    raise Open311Error(
                        404,
                        _("Format %(fmt)s tidak didukung: pakai .xml atau .json.") % {"fmt": fmt},
                    )
                if request.method not in methods:
                    raise Open311Error(
                        405,
                        _("Metode %(method)s tidak didukung di alamat ini.")
                        % {"method": request.method},
                        headers={"Allow": ", ".join(methods)},
                    )
                _parse_body(request)
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return render_error(fmt, error)

        return wrapper

    return decorate


def _parse_body(request: HttpRequest) -> None:
    """Read the form or multipart body now, so a bad one is a 400 in the spec's format."""
    if request.method != "POST":
        return
    try:
        request.POST  # noqa: B018 (parses the body)
        request.FILES  # noqa: B018
    except RequestDataTooBig:
        raise Open311Error(400, _("Isi permintaan terlalu besar.")) from None
    except (SuspiciousOperation, BadRequest, MultiPartParserError):
        raise Open311Error(400, _("Isi permintaan tidak dapat dibaca.")) from None


def _key_sent(request: HttpRequest) -> bool:
    return bool(
        request.headers.get("Authorization", "").lower().startswith("bearer ")
        or request.headers.get("X-Api-Key")
        or request.POST.get("api_key")
        or request.GET.get("api_key")
    )


def _caller(request: HttpRequest, *, required: bool) -> ApiKey | None:
    """The api_key of the request, counted against its rate limit.

    A key that is sent but unknown or revoked is refused, never treated as no key, so a
    client learns at once that its key stopped working.
    """
    key = key_from_request(request, param="api_key")
    if key is None:
        if required or _key_sent(request):
            raise Open311Error(403, _("api_key tidak ada, tidak dikenal atau sudah dicabut."))
        return None
    wait = rate_limit(request, key, anonymous_limit=settings.CERDAS_API_ANON_SUBMITS_PER_MINUTE)
    if wait:
        raise Open311Error(
            429,
            _("Terlalu banyak permintaan; coba lagi dalam %(s)s detik.") % {"s": wait},
            headers={"Retry-After": str(wait)},
        )
    return key


# --- discovery and services --------------------------------------------------------------


def root(request: HttpRequest) -> HttpResponse:
    return redirect("open311:discovery", fmt="xml")


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(fmt, "discovery", serializers.discovery(request))


@endpoint("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _caller(request, required=False)
    data = [serializers.service(c) for c in serializers.services_queryset()]
    return render(fmt, "services", data)


def _category(code: str) -> Category:
    category = active_category(code)
    if category is None:
        raise Open311Error(
            404, _("service_code %(code)s tidak dikenal (lihat services).") % {"code": code}
        )
    return category


@endpoint("GET")
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    _caller(request, required=False)
    category = _category(service_code)
    return render(fmt, "service_definition", serializers.service_definition(category))


# --- filing a request --------------------------------------------------------------------


def _location(data) -> tuple[float | None, float | None, str]:
    lat, lon = inputs.param(data, "lat"), inputs.param(data, "long")
    address = inputs.param(data, "address_string")
    if (lat or lon) and not (lat and lon):
        raise Open311Error(400, _("lat dan long harus dikirim bersama."))
    latitude = inputs.as_float(lat, name="lat") if lat else None
    longitude = inputs.as_float(lon, name="long") if lon else None
    if latitude is None and not address and inputs.param(data, "address_id"):
        raise Open311Error(
            400,
            _("Cerdas tidak memakai address_id; kirim lat dan long, atau address_string."),
        )
    return latitude, longitude, address


_PHOTO_FIELD = re.compile(r"^photo(\d+)$")


def _uploaded_files(request: HttpRequest) -> list:
    """Every photo a client uploads, in order: `media` (the spec's), then FixMyStreet's
    `photo1`, `photo2`, ... (it sends those instead of `media_url` when it uploads), then
    its `file_<name>` attachments."""
    numbered = sorted(
        (int(m[1]), name) for name in request.FILES if (m := _PHOTO_FIELD.match(name))
    )
    names = [name for _n, name in numbered]
    names += sorted(n for n in request.FILES if n.startswith("file_"))
    files = list(request.FILES.getlist("media"))
    for name in names:
        files += request.FILES.getlist(name)
    return files


def _uploads(request: HttpRequest) -> list[Upload]:
    """The uploaded photos. The service checks, re-encodes and strips them as it does the
    web form's; a file that is not a photo is refused, never dropped in silence."""
    files = _uploaded_files(request)
    limit_mb = settings.CERDAS_MAX_UPLOAD_MB
    if any(f.size > limit_mb * 1024 * 1024 for f in files):
        # Refused before it is read into memory.
        raise Open311Error(400, _("Foto terlalu besar (maksimal %(mb)s MB).") % {"mb": limit_mb})
    return [Upload(name=f.name or "media", data=f.read()) for f in files]


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    key = _caller(request, required=True)
    if not key.has_scope(SCOPE_SUBMIT):
        raise Open311Error(403, _("api_key ini tidak berhak mengirim laporan (cakupan submit)."))
    code = inputs.param(data, "service_code")
    if not code:
        raise Open311Error(400, _("service_code wajib diisi."))
    category = _category(code)
    answers = inputs.clean_answers(list(category.attributes.all()), data)
    urls = inputs.media_urls(data)
    if urls:
        # Photos kept elsewhere are never downloaded by the server; the links stay
        # beside the answers for the command center.
        answers["_media_url"] = urls
    latitude, longitude, address = _location(data)
    names = (inputs.param(data, "first_name"), inputs.param(data, "last_name"))
    name = " ".join(p for p in names if p)
    privacy = inputs.param(data, "privacy")
    if privacy and privacy not in Privacy.values:
        raise Open311Error(400, _("privacy harus publik, anonim atau rahasia."))
    # device_id and account_id are accepted and not kept: they identify the reporter's
    # phone and account in another system, which the city does not need.
    try:
        with transaction.atomic():
            complaint = services.complaint_submit(
                category=category,
                description=inputs.clean(data.get("description")),
                title=inputs.param(data, "title"),
                latitude=latitude,
                longitude=longitude,
                address=address,
                photos=_uploads(request),
                reporter_name=name,
                reporter_phone=inputs.param(data, "phone"),
                reporter_email=inputs.param(data, "email"),
                privacy=privacy,
                channel=Channel.OPEN311,
                attributes=answers,
            )
            # The key follows its own report: its reporter's steps, through either API.
            submission_record(key=key, complaint=complaint)
    except WorkflowError as exc:
        raise Open311Error(400, str(exc)) from None
    result = {
        "service_request_id": complaint.code,
        "service_notice": serializers.submitted_notice(complaint),
        "account_id": None,
    }
    return render(fmt, "service_requests", [result])


# --- reading requests --------------------------------------------------------------------


def _window(data, *, span: timedelta, open_end_is_now: bool):
    """start_date and end_date. Without both, the last `span`; without a start, `span`
    before the end; without an end, `span` after the start, or up to now when
    `open_end_is_now`."""
    start = inputs.param(data, "start_date")
    end = inputs.param(data, "end_date")
    start_at = inputs.as_datetime(start, name="start_date") if start else None
    end_at = inputs.as_datetime(end, name="end_date") if end else None
    if end_at is None:
        end_at = timezone.now() if start_at is None or open_end_is_now else start_at + span
    if start_at is None:
        start_at = end_at - span
    if end_at < start_at:
        raise Open311Error(400, _("end_date lebih awal dari start_date."))
    return start_at, end_at


def _page(data, *, cap: int) -> slice:
    page = inputs.as_positive_int(inputs.param(data, "page"), name="page", default=1, maximum=10**6)
    size = inputs.as_positive_int(
        inputs.param(data, "page_size"), name="page_size", default=cap, maximum=cap
    )
    return slice((page - 1) * size, page * size)


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.GET
    _caller(request, required=False)
    public = serializers.with_request_data(Complaint.objects.public())
    ids = inputs.param_list(data, "service_request_id")
    if ids:
        # The spec: a list of ids overrides every other argument.
        if len(ids) > MAX_REQUESTS:
            raise Open311Error(
                400,
                _("Paling banyak %(n)s service_request_id sekaligus.") % {"n": MAX_REQUESTS},
            )
        return render(fmt, "service_requests", _answer(request, [normalize(i) for i in ids]))
    else:
        start_at, end_at = _window(data, span=REQUESTS_WINDOW, open_end_is_now=False)
        if end_at - start_at > REQUESTS_WINDOW:
            raise Open311Error(
                400,
                _("Rentang start_date sampai end_date paling lama %(days)s hari.")
                % {"days": REQUESTS_WINDOW.days},
            )
        qs = public.filter(created_at__gte=start_at, created_at__lte=end_at)
        service_codes = inputs.param_list(data, "service_code")
        if service_codes:
            qs = qs.filter(category__code__in=service_codes)
        statuses = set(inputs.param_list(data, "status"))
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status hanya open atau closed."))
        if statuses == {"open"}:
            qs = qs.filter(state__in=OPEN_STATES)
        elif statuses == {"closed"}:
            qs = qs.exclude(state__in=OPEN_STATES)
        rows = list(qs.order_by("-created_at", "-id")[_page(data, cap=MAX_REQUESTS)])
    return render(fmt, "service_requests", [serializers.service_request(request, c) for c in rows])


@endpoint("GET", "POST")
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


def _answer(request: HttpRequest, codes: list[str]) -> list[dict]:
    """Cases by code, in the order asked, as a client that knows the code may read them:
    a public case in full; one not (or not yet) on the public map as the minimal record
    of `serializers.pending_request`, so a client reads back what it has just filed while
    the code alone shows nothing of its content; a rahasia case not at all."""
    public = {
        c.code: c
        for c in serializers.with_request_data(Complaint.objects.public()).filter(code__in=codes)
    }
    rest = [c for c in codes if c not in public]
    pending = {}
    if rest:
        pending = {
            c.code: c
            for c in Complaint.objects.exclude(privacy=Privacy.CONFIDENTIAL)
            .filter(code__in=rest)
            .select_related("category")
        }
    out = []
    for code in dict.fromkeys(codes):
        if code in public:
            out.append(serializers.service_request(request, public[code]))
        elif code in pending:
            out.append(serializers.pending_request(pending[code]))
    return out


@endpoint("GET")
def service_request(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    _caller(request, required=False)
    found = _answer(request, [normalize(request_id)])
    if not found:
        raise Open311Error(
            404, _("service_request_id %(id)s tidak ditemukan.") % {"id": request_id}
        )
    return render(fmt, "service_requests", found)


@endpoint("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """Cerdas answers every request in real time and issues no tokens. A client that
    asks with a service_request_id as the token gets it back, like a batch server, for
    the cases `requests/{id}` answers."""
    _caller(request, required=False)
    complaint = (
        Complaint.objects.exclude(privacy=Privacy.CONFIDENTIAL)
        .filter(code=normalize(token))
        .only("code")
        .first()
    )
    if complaint is None:
        raise Open311Error(404, _("Token %(token)s tidak ditemukan.") % {"token": token})
    return render(fmt, "service_requests", [{"service_request_id": complaint.code, "token": token}])


# --- mySociety: service request updates --------------------------------------------------


def _list_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.GET
    key = _caller(request, required=False)
    principal = Principal(key=key)
    # What this caller reads through the REST API (the public cases, and those its key
    # filed or its agency holds), but never a rahasia case.
    visible = principal.readable().exclude(privacy=Privacy.CONFIDENTIAL).values("pk")
    start_at, end_at = _window(data, span=UPDATES_WINDOW, open_end_is_now=True)
    events = ComplaintEvent.objects.filter(
        is_public=True,
        complaint__in=visible,
        created_at__gte=start_at,
        created_at__lte=end_at,
    )
    if key is not None and key.has_scope(SCOPE_SUBMIT):
        # What the reporter did on a case this key filed came from the client itself
        # (FixMyStreet posts its users' comments): do not send it back to it.
        events = events.exclude(
            action__in=[
                Action.PROVIDE_INFO,
                Action.ADD_INFO,
                Action.CONFIRM_FIXED,
                Action.REOPEN,
                Action.RATE,
            ],
            complaint__api_submission__key=key,
        )
    rows = (
        events.select_related("complaint", "target_agency")
        .prefetch_related("photos")
        .order_by("created_at", "id")[_page(data, cap=MAX_UPDATES)]
    )
    return render(
        fmt,
        "service_request_updates",
        [serializers.service_request_update(request, e) for e in rows],
    )


# FixMyStreet's statuses for a comment of its user say where the report stands on
# FixMyStreet (OPEN, or the council's extended state), except these two, which say what
# the user did: marked it fixed, or reopened it.
_REPORTER_SAYS_FIXED = {"CLOSED", "FIXED"}


def _reporter_action_for(status: str, complaint: Complaint) -> Action:
    """A comment from the reporter's side (the key that filed the case). It never moves
    the case by itself and is never refused: FixMyStreet would send it again for ever.
    It answers the command center's question when one is open, reopens a resolved case
    when the user reopened it (within the window), is the reporter's "sudah beres" when
    the user marked it fixed, and is information on the case otherwise."""
    state = complaint.state
    if state == State.NEEDS_INFO:
        return Action.PROVIDE_INFO
    if status in ("OPEN", "REOPEN") and state == State.RESOLVED:
        if extra_condition(Action.REOPEN, complaint) is None:
            return Action.REOPEN
    if status in _REPORTER_SAYS_FIXED and state in TRANSITIONS[Action.CONFIRM_FIXED].sources:
        return Action.CONFIRM_FIXED
    return Action.ADD_INFO


def _action_for(status: str, complaint: Complaint, actors: set[Actor]) -> Action | None:
    """The step an incoming extended status asks for, given where the case stands and
    the part the caller plays (reporter or agency)."""
    if Actor.REPORTER in actors and Actor.AGENCY not in actors:
        return _reporter_action_for(status, complaint)
    if status == "OPEN":
        if complaint.state == State.NEEDS_INFO:
            return Action.PROVIDE_INFO
        if complaint.state == State.RESOLVED:
            return Action.REOPEN
        return Action.COMMENT
    if status in ("IN_PROGRESS", "ACTION_SCHEDULED", "INVESTIGATING"):
        return Action.ACCEPT if complaint.state == State.DISPOSED else Action.COMMENT
    return {
        "REOPEN": Action.REOPEN,
        "FIXED": Action.FOLLOW_UP,
        "NO_FURTHER_ACTION": Action.REJECT,
        "DUPLICATE": Action.MARK_DUPLICATE,
        "NOT_COUNCILS_RESPONSIBILITY": Action.HAND_OFF,
        "INTERNAL_REFERRAL": Action.REQUEST_TRANSFER,
    }.get(status)


EXTENDED_STATUSES = {
    "OPEN",
    "CLOSED",
    "FIXED",
    "IN_PROGRESS",
    "ACTION_SCHEDULED",
    "INVESTIGATING",
    "DUPLICATE",
    "NOT_COUNCILS_RESPONSIBILITY",
    "NO_FURTHER_ACTION",
    "INTERNAL_REFERRAL",
    "REOPEN",
    "FOR_TRIAGE",
}


# Steps that need more than a note and photos: duplicate of which case, handed to which
# body, moved to which agency. Open311 has no field for the other half of these.
NEEDS_MORE_THAN_A_NOTE = frozenset(
    {Action.MARK_DUPLICATE, Action.HAND_OFF, Action.REQUEST_TRANSFER}
)


def _take_step(action: Action, complaint: Complaint, acting, note: str, photos: list[Upload]):
    """The same step the REST API takes (`cerdas.api.steps.STEPS`), with what Open311 sends."""
    if action == Action.ADD_INFO and not note and photos:
        note = _("Foto dari pelapor.")  # a photo alone is information too
    if action in NEEDS_MORE_THAN_A_NOTE:
        raise WorkflowError(
            _(
                "Langkah ini butuh data yang tidak ada di Open311; "
                "lakukan lewat REST API atau layar."
            )
        )
    return STEPS[action].call(complaint, acting, StepInput(note=note, photos=photos))


def _create_update(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    key = _caller(request, required=True)
    principal = Principal(key=key)
    request_id = inputs.param(data, "service_request_id")
    status = inputs.param(data, "status").upper()
    if not request_id:
        raise Open311Error(400, _("service_request_id wajib diisi."))
    if status not in EXTENDED_STATUSES:
        raise Open311Error(
            400,
            _("status tidak dikenal: %(status)s (pakai %(known)s).")
            % {"status": status or "-", "known": ", ".join(sorted(EXTENDED_STATUSES))},
        )
    complaint = (
        principal.readable()
        .select_related("agency__parent", "category__policy")
        .filter(code=normalize(request_id))
        .first()
    )
    if complaint is None:
        raise Open311Error(
            404, _("service_request_id %(id)s tidak ditemukan.") % {"id": request_id}
        )
    # email, names, phone, media_url, updated_datetime and account_id are accepted and
    # not used: the case keeps its reporter, the event its own time.
    note = inputs.clean(data.get("description"))
    photos = _uploads(request)

    def take() -> dict:
        action = _action_for(status, complaint, principal.actors(complaint))
        if action is None:
            raise WorkflowError(
                _("Status %(status)s tidak dipetakan ke langkah Cerdas.") % {"status": status}
            )
        acting = principal.acting_for(complaint, TRANSITIONS[action].actors)
        if acting is None:
            check(action, complaint, principal.actors(complaint))  # raises with the reason
            raise WorkflowError(_("Anda tidak berwenang melakukan tindakan ini."))
        with transaction.atomic():
            _take_step(action, complaint, acting, note, photos)
            event = ComplaintEvent.objects.filter(complaint=complaint).order_by("-pk").first()
        return {"update_id": str(event.pk), "account_id": None}

    # FixMyStreet numbers its comments (`update_id`) and sends one again when it did not
    # read our answer: the same number from the same key is the same update, taken once.
    update_id = inputs.param(data, "update_id")
    try:
        if update_id:
            answer, _replayed = once(f"open311-update:{key.pk}", update_id[:255], take)
        else:
            answer = take()
    except WorkflowError as exc:
        raise Open311Error(400, str(exc)) from None
    return render(fmt, "service_request_updates", [answer])


@endpoint("GET", "POST")
def service_request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_update(request, fmt)
    return _list_updates(request, fmt)


@csrf_exempt
def not_found(request: HttpRequest, path: str) -> HttpResponse:
    fmt = "json" if path.endswith(".json") else "xml"
    return render_error(fmt, Open311Error(404, _("Alamat Open311 tidak dikenal: %s") % path))
