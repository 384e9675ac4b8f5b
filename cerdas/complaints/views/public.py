"""Citizen screens: report, track, the public map and list. No personal data leaves here."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cerdas.accounts.models import Role
from cerdas.areas.models import Area
from cerdas.areas.services import city_villages_geojson
from cerdas.lib.codes import normalize

from .. import icons, mapdata, services
from ..forms import ConfirmFixedForm, InfoForm, RateForm, ReopenForm, ReportForm
from ..links import private_path, reporter_token_valid
from ..models import Action, Category, Complaint, ComplaintPhoto, PhotoKind, State
from ..outlook import brief_state, outlook
from ..workflow import Actor, WorkflowError, allowed_actions
from .common import (
    REPORTER_SESSION_KEY,
    count_lookup,
    has_reporter_link,
    is_reporter,
    paginate,
    remember_reporter,
)

REPORTER_FORMS = {
    Action.PROVIDE_INFO: InfoForm,
    Action.ADD_INFO: InfoForm,
    Action.CONFIRM_FIXED: ConfirmFixedForm,
    Action.RATE: RateForm,
    Action.REOPEN: ReopenForm,
}


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = form.submit(
                reporter=request.user if request.user.is_authenticated else None
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            remember_reporter(request, complaint.code)
            return redirect("complaints:submitted", code=complaint.code)
    status = 400 if request.method == "POST" else 200
    categories = Category.objects.filter(is_active=True).select_related("default_agency")
    return render(
        request, "complaints/report.html", {"form": form, "categories": categories}, status=status
    )


def _private_link(request: HttpRequest, complaint: Complaint) -> str:
    return request.build_absolute_uri(private_path(complaint.code))


@require_GET
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    if code not in request.session.get(REPORTER_SESSION_KEY, []):
        # Not this browser's report: the public page, which counts code lookups. No
        # query here, so this address cannot tell a filed code from an unknown one.
        return redirect("complaints:track", code=code)
    complaint = get_object_or_404(Complaint, code=code)
    return render(
        request,
        "complaints/submitted.html",
        {"complaint": complaint, "private_link": _private_link(request, complaint)},
    )


def _too_many_lookups(request: HttpRequest, wait: int) -> HttpResponse:
    minutes = max(1, -(-wait // 60))
    response = render(request, "complaints/track_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
def track_lookup(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("kode", "").strip()[:40]
    if raw:
        code = normalize(raw)
        complaint = Complaint.objects.filter(code=code).only("pk", "state", "privacy").first()
        if complaint is None or not complaint.is_listed:
            wait = count_lookup(request)
            if wait:
                return _too_many_lookups(request, wait)
        if complaint is not None:
            return redirect("complaints:track", code=code)
        messages.error(
            request, _("Kode %(code)s tidak ditemukan. Periksa kembali.") % {"code": raw}
        )
    return render(request, "complaints/track_lookup.html", {"kode": raw})


def _request_info_question(complaint: Complaint, events) -> str:
    asked = [e for e in events if e.action == Action.REQUEST_INFO]
    return asked[-1].note if asked else ""


def _track_context(request: HttpRequest, complaint: Complaint, forms: dict | None = None) -> dict:
    reporter = is_reporter(request, complaint)
    staff_view = (
        not reporter
        and request.user.is_authenticated
        and Complaint.objects.visible_to(request.user).filter(pk=complaint.pk).exists()
    )
    # The code alone shows what the public map shows: the content of verified public
    # reports. Anything else (unverified, rejected, rahasia) only its state and dates.
    show_content = reporter or staff_view or complaint.is_listed
    actions = {}
    if reporter:
        forms = forms or {}
        for action in allowed_actions(complaint, {Actor.REPORTER}):
            if action == Action.ADD_INFO and not complaint.is_open:
                continue  # the hub adds to open cases; a closed one is reopened or rated
            if action in REPORTER_FORMS:
                actions[action.value] = forms.get(action) or REPORTER_FORMS[action]()
    events = (
        list(complaint.events.filter(is_public=True).select_related("target_agency"))
        if show_content
        else []
    )
    photos = list(complaint.photos.all()) if show_content else []
    now = timezone.now()
    user = request.user
    return {
        "complaint": complaint,
        "is_reporter": reporter,
        "show_content": show_content,
        "outlook": outlook(complaint, reporter=reporter, now=now) if show_content else None,
        "brief_state": brief_state(complaint),
        "events": events,
        "photos": photos,
        "photo_groups": [
            (kind.label, [p for p in photos if p.kind == kind])
            for kind in PhotoKind
            if any(p.kind == kind for p in photos)
        ],
        "question": _request_info_question(complaint, events) if reporter else "",
        "actions": actions,
        "staff_view": staff_view,
        "reopen_until": services.reopen_deadline(complaint),
        "now": now,
        "private_link": _private_link(request, complaint) if reporter else "",
        # A signed-in citizen holding the private link of a report filed without an
        # account may keep it in the account ("Laporan saya").
        "can_claim": reporter
        and complaint.reporter_id is None
        and has_reporter_link(request, complaint)
        and user.is_authenticated
        and user.role == Role.CITIZEN,
        "can_sign_in": reporter and complaint.reporter_id is None and not user.is_authenticated,
    }


@require_GET
def track(request: HttpRequest, code: str) -> HttpResponse:
    normalized = normalize(code[:40])
    if normalized != code:
        return redirect("complaints:track", code=normalized)
    token = request.GET.get("k")
    if token is not None:
        if reporter_token_valid(code, token) and Complaint.objects.filter(code=code).exists():
            remember_reporter(request, code)
        # Drop the secret from the address bar, history and any later Referer.
        return redirect("complaints:track", code=code)
    complaint = (
        Complaint.objects.select_related(
            "category", "agency", "area__parent", "external_body", "duplicate_of"
        )
        .filter(code=code)
        .first()
    )
    if complaint is None or not (
        complaint.is_listed
        or is_reporter(request, complaint)
        or Complaint.objects.visible_to(request.user).filter(pk=complaint.pk).exists()
    ):
        wait = count_lookup(request)
        if wait:
            return _too_many_lookups(request, wait)
    if complaint is None:
        raise Http404
    return render(request, "complaints/track.html", _track_context(request, complaint))


def _reporter_step(request, complaint: Complaint, action: Action, data: dict, link: bool):
    if action in (Action.PROVIDE_INFO, Action.ADD_INFO):
        step = (
            services.complaint_provide_info
            if action == Action.PROVIDE_INFO
            else services.complaint_add_info
        )
        step(
            complaint=complaint,
            user=request.user,
            reporter_link=link,
            text=data["text"],
            photos=data["photos"],
        )
    elif action == Action.CONFIRM_FIXED:
        services.complaint_confirm_fixed(
            complaint=complaint,
            user=request.user,
            reporter_link=link,
            text=data["text"],
            photos=data["photos"],
        )
    elif action == Action.RATE:
        services.complaint_rate(
            complaint=complaint,
            user=request.user,
            reporter_link=link,
            rating=data["rating"],
            comment=data["comment"],
        )
    else:
        services.complaint_reopen(
            complaint=complaint, user=request.user, reporter_link=link, reason=data["reason"]
        )


@require_POST
def reporter_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in REPORTER_FORMS:
        raise Http404
    complaint = (
        Complaint.objects.select_related("category", "agency", "area__parent")
        .filter(code=code)
        .first()
    )
    # One answer for an unknown code and for somebody else's case.
    if complaint is None or not is_reporter(request, complaint):
        return HttpResponse(_("Hanya pelapor yang dapat melakukan ini."), status=403)
    action = Action(action)
    form = REPORTER_FORMS[action](request.POST, request.FILES)
    if form.is_valid():
        link = has_reporter_link(request, complaint)
        try:
            _reporter_step(request, complaint, action, form.cleaned_data, link)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Terima kasih, tanggapan Anda sudah tercatat."))
            return redirect("complaints:track", code=code)
    context = _track_context(request, complaint, forms={action: form})
    if action.value not in context["actions"]:
        # The form is not on the page any more (already rated, window passed, nothing
        # asked): its error would be lost with it, so say why up top.
        for error in form.non_field_errors():
            messages.error(request, error)
    return render(request, "complaints/track.html", context, status=400)


@require_POST
def claim(request: HttpRequest, code: str) -> HttpResponse:
    """A signed-in citizen keeps a report filed without an account ("Laporan saya")."""
    if code not in request.session.get(REPORTER_SESSION_KEY, []):
        return HttpResponse(_("Buka tautan pribadi laporan ini terlebih dahulu."), status=403)
    complaint = get_object_or_404(Complaint, code=code)
    try:
        services.complaint_claim(complaint=complaint, user=request.user, reporter_link=True)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Laporan %(code)s kini ada di Laporan saya.") % {"code": code})
    return redirect("complaints:track", code=code)


@require_GET
def public_map(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.filter(is_active=True)
    return render(
        request,
        "complaints/public_map.html",
        {"categories": categories, "icons": icons.catalogue(), "periods": mapdata.PERIODS},
    )


def _public_filtered(request: HttpRequest):
    qs = Complaint.objects.public().select_related("category", "area__parent", "agency")
    category = request.GET.get("kategori")
    if category:
        qs = qs.filter(category__code=category)
    area = request.GET.get("kelurahan")
    if area:
        qs = qs.filter(Q(area__code=area) | Q(area__parent__code=area))
    state = request.GET.get("status")
    if state in {"terbuka", "open"}:
        qs = qs.filter(state__in=[State.DISPOSED, State.IN_PROGRESS, State.AWAITING_VALIDATION])
    elif state in {"selesai", "done"}:
        qs = qs.filter(state__in=[State.RESOLVED, State.CLOSED])
    return qs


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, _public_filtered(request).order_by("-created_at"), 20)
    return render(
        request,
        "complaints/public_list.html",
        {
            "page": page,
            "categories": Category.objects.filter(is_active=True),
            "villages": Area.objects.villages().in_city(settings.CERDAS_CITY_CODE).order_by("name"),
            "filters": request.GET,
        },
    )


@require_GET
@gzip_page
@cache_control(public=True, max_age=60)
def public_geojson(request: HttpRequest) -> JsonResponse:
    """Public complaints of the last 90 days as GeoJSON: no names, phones or e-mails."""
    since = timezone.now() - timedelta(days=90)
    rows = (
        _public_filtered(request)
        .filter(created_at__gte=since, latitude__isnull=False)
        .order_by("-created_at")
        .values(*mapdata.FEATURE_FIELDS)[:3000]
    )
    labels = dict(State.choices)
    return JsonResponse(
        {"type": "FeatureCollection", "features": [mapdata.feature(r, labels) for r in rows]},
        json_dumps_params={"separators": (",", ":")},
    )


@require_GET
@gzip_page
@cache_control(public=True, max_age=60)
def public_map_data(request: HttpRequest) -> JsonResponse:
    """What the public map shows in its box at its zoom: grid clusters or reports."""
    try:
        query = mapdata.parse_query(request.GET)
    except mapdata.MapQueryError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(mapdata.map_data(query), json_dumps_params={"separators": (",", ":")})


@require_GET
@gzip_page
@cache_control(public=True, max_age=3600)
def villages_geojson(request: HttpRequest) -> JsonResponse:
    return JsonResponse(city_villages_geojson(), json_dumps_params={"separators": (",", ":")})


@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """Photos of rahasia reports only reach the reporter and the staff who may see the case."""
    item = get_object_or_404(ComplaintPhoto.objects.select_related("complaint"), pk=pk)
    complaint = item.complaint
    # Only what the code alone may show (a verified public report), or to its reporter
    # and the staff who may see the case: photo ids are sequential.
    allowed = (
        complaint.is_listed
        or is_reporter(request, complaint)
        or Complaint.objects.visible_to(request.user).filter(pk=complaint.pk).exists()
    )
    if not allowed:
        raise Http404
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    # A listed report's photo may leave the lists (rejected later): a short public life.
    public = complaint.is_listed
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
