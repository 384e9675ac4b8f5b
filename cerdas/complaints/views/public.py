"""Citizen screens: report, track, the public map and list. No personal data leaves here."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cerdas.areas.models import Area
from cerdas.areas.services import city_villages_geojson
from cerdas.lib.codes import normalize

from .. import services
from ..forms import InfoForm, RateForm, ReopenForm, ReportForm
from ..models import Action, Category, Complaint, ComplaintPhoto, Privacy, State
from ..workflow import Actor, WorkflowError, allowed_actions
from .common import (
    has_reporter_link,
    is_reporter,
    paginate,
    remember_reporter,
    reporter_token,
    reporter_token_valid,
)

REPORTER_FORMS = {
    Action.PROVIDE_INFO: InfoForm,
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
    path = reverse("complaints:track", args=[complaint.code])
    return request.build_absolute_uri(f"{path}?k={reporter_token(complaint.code)}")


@require_GET
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    complaint = get_object_or_404(Complaint, code=code)
    if not has_reporter_link(request, complaint):
        return redirect("complaints:track", code=complaint.code)
    return render(
        request,
        "complaints/submitted.html",
        {"complaint": complaint, "private_link": _private_link(request, complaint)},
    )


@require_GET
def track_lookup(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("kode", "").strip()
    if raw:
        code = normalize(raw)
        if Complaint.objects.filter(code=code).exists():
            return redirect("complaints:track", code=code)
        messages.error(
            request, _("Kode %(code)s tidak ditemukan. Periksa kembali.") % {"code": raw}
        )
    return render(request, "complaints/track_lookup.html", {"kode": raw})


def _track_context(request: HttpRequest, complaint: Complaint, forms: dict | None = None) -> dict:
    reporter = is_reporter(request, complaint)
    show_content = complaint.privacy != Privacy.CONFIDENTIAL or reporter
    actions = []
    if reporter:
        actors = {Actor.REPORTER}
        forms = forms or {}
        for action in allowed_actions(complaint, actors):
            if action in REPORTER_FORMS:
                actions.append((action, forms.get(action) or REPORTER_FORMS[action]()))
    events = complaint.events.filter(is_public=True).select_related("target_agency")
    photos = complaint.photos.all() if show_content else ComplaintPhoto.objects.none()
    staff_view = (
        request.user.is_authenticated
        and Complaint.objects.visible_to(request.user).filter(pk=complaint.pk).exists()
        and not reporter
    )
    return {
        "complaint": complaint,
        "is_reporter": reporter,
        "show_content": show_content,
        "events": events,
        "photos": photos,
        "actions": actions,
        "staff_view": staff_view,
        "reopen_until": services.reopen_deadline(complaint),
        "now": timezone.now(),
        "private_link": _private_link(request, complaint) if reporter else "",
    }


@require_GET
def track(request: HttpRequest, code: str) -> HttpResponse:
    normalized = normalize(code)
    if normalized != code:
        return redirect("complaints:track", code=normalized)
    complaint = get_object_or_404(
        Complaint.objects.select_related("category", "agency", "area__parent", "external_body"),
        code=code,
    )
    token = request.GET.get("k")
    if token is not None:
        if reporter_token_valid(code, token):
            remember_reporter(request, code)
        # Drop the secret from the address bar, history and any later Referer.
        return redirect("complaints:track", code=code)
    return render(request, "complaints/track.html", _track_context(request, complaint))


@require_POST
def reporter_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    complaint = get_object_or_404(
        Complaint.objects.select_related("category", "agency", "area__parent"), code=code
    )
    if action not in REPORTER_FORMS:
        raise Http404
    action = Action(action)
    form = REPORTER_FORMS[action](request.POST, request.FILES)
    link = has_reporter_link(request, complaint)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == Action.PROVIDE_INFO:
                services.complaint_provide_info(
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
                    complaint=complaint,
                    user=request.user,
                    reporter_link=link,
                    reason=data["reason"],
                )
        except WorkflowError as exc:
            if not is_reporter(request, complaint):
                return HttpResponse(str(exc), status=403)
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Terima kasih, tanggapan Anda sudah tercatat."))
            return redirect("complaints:track", code=code)
    elif not is_reporter(request, complaint):
        return HttpResponse(_("Hanya pelapor yang dapat melakukan ini."), status=403)
    context = _track_context(request, complaint, forms={action: form})
    if action not in {a for a, _ in context["actions"]}:
        # The form is not on the page any more (already rated, window passed, nothing
        # asked): its error would be lost with it, so say why up top.
        for error in form.non_field_errors():
            messages.error(request, error)
    return render(request, "complaints/track.html", context, status=400)


@require_GET
def public_map(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.filter(is_active=True)
    return render(request, "complaints/public_map.html", {"categories": categories})


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
        .values(
            "code",
            "title",
            "state",
            "latitude",
            "longitude",
            "created_at",
            "category__name",
            "category__icon",
            "area__name",
        )[:3000]
    )
    labels = dict(State.choices)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
            "properties": {
                "code": r["code"],
                "title": r["title"],
                "state": r["state"],
                "state_label": str(labels[r["state"]]),
                "category": r["category__name"],
                "icon": r["category__icon"],
                "kelurahan": r["area__name"] or "",
                "created": timezone.localtime(r["created_at"]).strftime("%d-%m-%Y"),
                "url": reverse("complaints:track", args=[r["code"]]),
            },
        }
        for r in rows
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        json_dumps_params={"separators": (",", ":")},
    )


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
    allowed = (
        complaint.privacy != Privacy.CONFIDENTIAL
        or is_reporter(request, complaint)
        or Complaint.objects.visible_to(request.user).filter(pk=complaint.pk).exists()
    )
    if not allowed:
        raise Http404
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    public = complaint.privacy != Privacy.CONFIDENTIAL
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response
