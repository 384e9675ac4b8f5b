"""Command center screens, and the case detail page that every staff role shares."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cerdas.lib.geo import haversine_m
from cerdas.triage import gazetteer
from cerdas.triage.services import suggestions_for as triage_suggestions

from .. import exports, services
from ..forms import (
    AcceptForm,
    DisposeForm,
    DuplicateForm,
    FollowUpForm,
    HandOffForm,
    NoteForm,
    OfficerForm,
    OperatorEntryForm,
    QueueFilterForm,
    RequiredNoteForm,
    TransferForm,
)
from ..models import OPEN_STATES, Action, Complaint, Privacy, State
from ..workflow import Actor, WorkflowError, actors_for, allowed_actions
from .common import command_center_required, paginate, staff_required

# Each staff action: the form that parses it and how to call its service.
STAFF_ACTIONS = {
    Action.DISPOSE: (
        DisposeForm,
        lambda c, u, d: services.complaint_dispose(
            complaint=c, user=u, agency=d["agency"], note=d["note"]
        ),
    ),
    Action.REQUEST_INFO: (
        RequiredNoteForm,
        lambda c, u, d: services.complaint_request_info(complaint=c, user=u, question=d["note"]),
    ),
    Action.REJECT: (
        RequiredNoteForm,
        lambda c, u, d: services.complaint_reject(complaint=c, user=u, reason=d["note"]),
    ),
    Action.MARK_DUPLICATE: (
        DuplicateForm,
        lambda c, u, d: services.complaint_mark_duplicate(
            complaint=c, user=u, master=d["master"], note=d["note"]
        ),
    ),
    Action.HAND_OFF: (
        HandOffForm,
        lambda c, u, d: services.complaint_hand_off(
            complaint=c, user=u, body=d["body"], note=d["note"]
        ),
    ),
    Action.ACCEPT: (
        AcceptForm,
        lambda c, u, d: services.complaint_accept(
            complaint=c, user=u, officer=d["officer"], note=d["note"]
        ),
    ),
    Action.ASSIGN: (
        OfficerForm,
        lambda c, u, d: services.complaint_assign(complaint=c, user=u, officer=d["officer"]),
    ),
    Action.REQUEST_TRANSFER: (
        TransferForm,
        lambda c, u, d: services.complaint_request_transfer(
            complaint=c, user=u, target=d["target"], reason=d["reason"]
        ),
    ),
    Action.APPROVE_TRANSFER: (
        NoteForm,
        lambda c, u, d: services.complaint_approve_transfer(complaint=c, user=u, note=d["note"]),
    ),
    Action.DECLINE_TRANSFER: (
        RequiredNoteForm,
        lambda c, u, d: services.complaint_decline_transfer(complaint=c, user=u, note=d["note"]),
    ),
    Action.FOLLOW_UP: (
        FollowUpForm,
        lambda c, u, d: services.complaint_follow_up(
            complaint=c, user=u, note=d["note"], photos=d["photos"]
        ),
    ),
    Action.VALIDATE: (
        NoteForm,
        lambda c, u, d: services.complaint_validate(complaint=c, user=u, note=d["note"]),
    ),
    Action.REJECT_FOLLOW_UP: (
        RequiredNoteForm,
        lambda c, u, d: services.complaint_reject_follow_up(complaint=c, user=u, reason=d["note"]),
    ),
    Action.COMMENT: (
        RequiredNoteForm,
        lambda c, u, d: services.complaint_comment(complaint=c, user=u, note=d["note"]),
    ),
}
# Forms that need the case to build their choices (the agency's officers).
NEEDS_COMPLAINT = {Action.ACCEPT, Action.ASSIGN, Action.DISPOSE, Action.REQUEST_TRANSFER}

# What each action's form and button say: the imperative, not the event it records
# (the timeline keeps the past-tense names of Action).
ACTION_VERBS = {
    Action.DISPOSE: _lazy("Verifikasi dan teruskan ke OPD"),
    Action.REQUEST_INFO: _lazy("Minta informasi kepada pelapor"),
    Action.REJECT: _lazy("Tolak pengaduan"),
    Action.MARK_DUPLICATE: _lazy("Tandai sebagai duplikat"),
    Action.HAND_OFF: _lazy("Serahkan kepada instansi berwenang"),
    Action.ACCEPT: _lazy("Terima pengaduan"),
    Action.ASSIGN: _lazy("Tunjuk petugas"),
    Action.REQUEST_TRANSFER: _lazy("Minta pengalihan ke OPD lain"),
    Action.APPROVE_TRANSFER: _lazy("Setujui pengalihan"),
    Action.DECLINE_TRANSFER: _lazy("Tolak pengalihan"),
    Action.FOLLOW_UP: _lazy("Laporkan tindak lanjut"),
    Action.VALIDATE: _lazy("Validasi tindak lanjut dan tutup"),
    Action.REJECT_FOLLOW_UP: _lazy("Tolak tindak lanjut (perlu perbaikan)"),
    Action.COMMENT: _lazy("Tulis catatan internal"),
}
# The next step first (its panel is the one open): the work that moves the case on,
# then the side roads (transfer, duplicate, refuse), the internal note last.
NEXT_FIRST = [
    Action.FOLLOW_UP,
    Action.VALIDATE,
    Action.ACCEPT,
    Action.DISPOSE,
    Action.APPROVE_TRANSFER,
    Action.ASSIGN,
    Action.REJECT_FOLLOW_UP,
    Action.REQUEST_INFO,
    Action.DECLINE_TRANSFER,
    Action.MARK_DUPLICATE,
    Action.HAND_OFF,
    Action.REQUEST_TRANSFER,
    Action.REJECT,
    Action.COMMENT,
]


def _make_form(action: Action, complaint: Complaint, data=None, files=None):
    form_class = STAFF_ACTIONS[action][0]
    kwargs = {"complaint": complaint} if action in NEEDS_COMPLAINT else {}
    return form_class(data, files, prefix=action.value, **kwargs)


def filter_queue(qs, form: QueueFilterForm, user):
    if not form.is_valid():
        return qs.open()
    data = form.cleaned_data
    qs = qs.filter(state=data["state"]) if data["state"] else qs.open()
    if data["q"]:
        qs = qs.filter(Q(code__icontains=data["q"]) | Q(title__icontains=data["q"]))
    if data["category"]:
        qs = qs.filter(category=data["category"])
    if data.get("agency"):
        qs = qs.filter(agency=data["agency"])
    if data["area"]:
        qs = qs.filter(Q(area__code=data["area"]) | Q(area__parent__code=data["area"]))
    if data["overdue"]:
        qs = qs.filter(due_at__lt=timezone.now())
    if data.get("mine"):
        qs = qs.filter(assigned_officer=user)
    return qs


def export_page(request: HttpRequest, base_qs, fmt: str, name: str) -> HttpResponse:
    """The list with the screen's filters, as CSV or XLSX (no personal data)."""
    form = QueueFilterForm(request.GET or None)
    qs = filter_queue(base_qs, form, request.user)
    stamp = timezone.localtime(timezone.now(), settings.CERDAS_TIME_ZONE).strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        body, kind = exports.complaints_csv(qs), "text/csv; charset=utf-8"
    else:
        body = exports.complaints_xlsx(qs)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


def queue_page(request: HttpRequest, base_qs, template: str, extra: dict) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    qs = filter_queue(base_qs, form, request.user).select_related(
        "category", "agency", "area", "assigned_officer", "routing"
    )
    page = paginate(request, qs.by_urgency(), 30)
    context = {"form": form, "page": page, "now": timezone.now(), **extra}
    if request.htmx:
        return render(request, f"{template}#queue-table", context)
    return render(request, template, context)


@command_center_required
def queue(request: HttpRequest) -> HttpResponse:
    """Triage queue: every open case, most urgent deadline first."""
    base = Complaint.objects.all()
    counts = {
        "new": base.filter(state="baru").count(),
        "validation": base.filter(state="menunggu_validasi").count(),
        "transfers": base.filter(transfer_to__isnull=False, state__in=OPEN_STATES).count(),
        "overdue": base.overdue(timezone.now()).count(),
    }
    extra = {
        "counts": counts,
        "export_name": "complaints:operator_queue_export",
        "show_suggestions": True,
    }
    return queue_page(request, base, "complaints/operator_queue.html", extra)


@command_center_required
@require_GET
def queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_page(request, Complaint.objects.all(), fmt, "pengaduan")


@command_center_required
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    """A case entered by the operator for a caller or a walk-in."""
    form = OperatorEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = form.submit(channel=data["channel"], entered_by=request.user)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Pengaduan %(code)s tercatat. Sampaikan kode ini kepada pelapor.")
                % {"code": complaint.code},
            )
            return redirect("complaints:detail", code=complaint.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "complaints/operator_enter.html", {"form": form}, status=status)


def _visible_case(request: HttpRequest, code: str) -> Complaint:
    """The case if this user may see it; otherwise it does not exist for them (404)."""
    qs = Complaint.objects.visible_to(request.user).select_related(
        "category__policy",
        "agency__parent",
        "area__parent",
        "external_body",
        "assigned_officer",
        "duplicate_of",
        "transfer_to",
        "reporter",
    )
    return get_object_or_404(qs, code=code)


DUPLICATE_RADIUS_M = 300


def duplicate_candidates(complaint: Complaint, limit: int = 8) -> list[Complaint]:
    """Likely masters for a duplicate: the same category, nearby, from the last 60 days."""
    if complaint.latitude is None:
        return []
    box = 0.004  # about 450 m of latitude: a cheap index-friendly prefilter
    since = complaint.created_at - timedelta(days=60)
    nearby = (
        Complaint.objects.filter(
            category_id=complaint.category_id,
            latitude__range=(complaint.latitude - box, complaint.latitude + box),
            longitude__range=(complaint.longitude - box, complaint.longitude + box),
            created_at__gte=since,
        )
        .exclude(pk=complaint.pk)
        .exclude(state__in=[State.DUPLICATE, State.REJECTED])
        .order_by("-created_at")[:50]
    )
    scored = [
        (haversine_m(complaint.latitude, complaint.longitude, c.latitude, c.longitude), c)
        for c in nearby
    ]
    return [c for d, c in sorted(scored, key=lambda x: x[0]) if d <= DUPLICATE_RADIUS_M][:limit]


def reporter_says_fixed(complaint: Complaint) -> bool:
    """The reporter said the problem is fixed, and nobody closed the case since."""
    if complaint.state not in OPEN_STATES:
        return False
    last = (
        complaint.events.filter(action__in=[Action.CONFIRM_FIXED, Action.VALIDATE, Action.REOPEN])
        .order_by("-created_at", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return last == Action.CONFIRM_FIXED


def _detail_context(request: HttpRequest, complaint: Complaint, bound: dict | None = None) -> dict:
    actors = actors_for(complaint, request.user)
    actions = [a for a in allowed_actions(complaint, actors) if a in STAFF_ACTIONS]
    actions.sort(key=NEXT_FIRST.index)
    bound = bound or {}
    forms = [(a, ACTION_VERBS[a], bound.get(a) or _make_form(a, complaint)) for a in actions]
    operator = Actor.OPERATOR in actors
    candidates = duplicate_candidates(complaint) if Action.MARK_DUPLICATE in actions else []
    return {
        # The routing model's top three (cerdas/triage): the command center's only.
        "routing_suggestions": triage_suggestions(complaint) if operator else [],
        # No point marked: the places its words name (cerdas/triage/gazetteer.py).
        "place_suggestions": (
            gazetteer.find(f"{complaint.address}\n{complaint.description}")
            if operator and complaint.latitude is None
            else []
        ),
        "duplicate_candidates": candidates,
        "reporter_says_fixed": operator and reporter_says_fixed(complaint),
        "complaint": complaint,
        "forms": forms,
        "events": complaint.events.select_related("actor", "target_agency"),
        "photos": complaint.photos.all(),
        "legs": complaint.legs.select_related("agency"),
        # Contact details stay with the command center; the OPD and the leaders never see
        # them nor an anonim name (docs/workflow.md "Privacy").
        "show_contact": operator,
        "show_name": operator or complaint.privacy == Privacy.PUBLIC,
        "now": timezone.now(),
    }


@staff_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    complaint = _visible_case(request, code)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


@staff_required
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    complaint = _visible_case(request, code)
    if action not in Action.values or Action(action) not in STAFF_ACTIONS:
        raise Http404
    action = Action(action)
    form = _make_form(action, complaint, request.POST, request.FILES)
    if form.is_valid():
        try:
            STAFF_ACTIONS[action][1](complaint, request.user, form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tersimpan: %(action)s.") % {"action": action.label})
            return redirect("complaints:detail", code=complaint.code)
    complaint.refresh_from_db()
    context = _detail_context(request, complaint, bound={action: form})
    context["failed_action"] = action
    if action not in {a for a, _verb, _form in context["forms"]}:
        # The action is not on this page any more (the case moved on): say why up top.
        for error in form.non_field_errors():
            messages.error(request, error)
    return render(request, "complaints/detail.html", context, status=400)
