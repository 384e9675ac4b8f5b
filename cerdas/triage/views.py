"""Triage screens: duplicates nearby at intake, "saya juga", the operator's pairs,
and places from words."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cerdas.accounts.forms import CodeForm
from cerdas.api.services import client_ip
from cerdas.complaints.models import Category, Complaint
from cerdas.complaints.services import WorkflowError, complaint_mark_duplicate
from cerdas.complaints.views.common import command_center_required

from . import duplicates, gazetteer


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@require_GET
def nearby(request: HttpRequest) -> HttpResponse:
    """The report form asks: open cases of this category near this point (a fragment).
    Only verified, non-rahasia cases, by title: never a reporter, never a rahasia text."""
    category_id = request.GET.get("category") or ""
    if category_id and not (category_id.isascii() and category_id.isdigit()):
        return HttpResponseBadRequest(_("Kategori tidak dikenal."))
    category = (
        Category.objects.filter(pk=int(category_id[:18]), is_active=True).first()
        if category_id
        else None
    )
    lat, lon = _float(request.GET.get("lat")), _float(request.GET.get("lon"))
    found = []
    if category and lat is not None and lon is not None and -90 <= lat <= 90:
        found = duplicates.for_citizen(category=category, lat=lat, lon=lon)
    counts = dict(
        Complaint.objects.filter(pk__in=[c.complaint.pk for c in found])
        .annotate(n=Count("supporters"))
        .values_list("pk", "n")
    )
    rows = [(c, counts.get(c.complaint.pk, 0)) for c in found]
    return render(request, "triage/_nearby.html", {"rows": rows})


@require_POST
def support(request: HttpRequest, code: str) -> HttpResponse:
    complaint = get_object_or_404(Complaint, code=code)
    try:
        supporter = duplicates.complaint_support(
            complaint=complaint,
            user=request.user,
            name=request.POST.get("name", ""),
            phone=request.POST.get("phone", ""),
            email=request.POST.get("email", ""),
        )
        if supporter.confirmed_at is None:
            duplicates.supporter_confirmation_send(supporter=supporter, client=client_ip(request))
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("complaints:report")
    if supporter.confirmed_at is None:
        return redirect("triage:support_confirm", token=duplicates.confirm_token(supporter))
    messages.success(
        request,
        _("Terima kasih. Anda akan dikabari setiap perkembangan pengaduan %(code)s.")
        % {"code": complaint.code},
    )
    return redirect("complaints:track", code=complaint.code)


@require_http_methods(["GET", "POST"])
def support_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The code sent to the phone or e-mail of a "saya juga", typed back or brought by
    the link in the message (GET only shows the form: mail scanners follow links)."""
    supporter = duplicates.supporter_from_token(token)
    if supporter is None:
        raise Http404
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("kode", "")[:12]})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                duplicates.supporter_confirm(supporter=supporter, code=form.cleaned_data["code"])
            except WorkflowError as exc:
                form.add_error("code", str(exc))
            else:
                messages.success(
                    request,
                    _("Terima kasih. Anda akan dikabari setiap perkembangan pengaduan %(code)s.")
                    % {"code": supporter.complaint.code},
                )
                return redirect("complaints:track", code=supporter.complaint.code)
    return render(
        request,
        "triage/support_confirm.html",
        {"form": form, "complaint": supporter.complaint, "done": supporter.confirmed_at},
        status=status,
    )


@command_center_required
@require_GET
def pairs(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/pairs.html", {"pairs": duplicates.queue_pairs()})


@command_center_required
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    complaint = get_object_or_404(Complaint, code=request.POST.get("complaint", ""))
    master = get_object_or_404(Complaint, code=request.POST.get("master", ""))
    try:
        complaint_mark_duplicate(complaint=complaint, user=request.user, master=master)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(dup)s digabung ke %(master)s; pelapornya ikut dikabari.")
            % {"dup": complaint.code, "master": master.code},
        )
    return redirect("triage:pairs")


@require_GET
def places(request: HttpRequest) -> JsonResponse:
    """Places named in a text (the report form's address, the operator's view)."""
    text = (request.GET.get("q") or "")[:300]
    return JsonResponse(
        {
            "places": [
                {
                    "label": m.label,
                    "kind": m.entry.kind,
                    "area": m.area.code if m.area else None,
                    "lat": m.lat,
                    "lon": m.lon,
                    "score": round(m.score),
                }
                for m in gazetteer.find(text)
            ]
        }
    )
