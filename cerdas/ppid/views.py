"""PPID screens: the public request and objection forms and the tracking page; the
PPID's desk, registers and annual report; the superior's objection answers.

The tracking page is public by registration number, so it shows the clock and the
decision, never the requester's identity, contact or the PPID's notes.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cerdas.accounts.models import Role
from cerdas.complaints.views.common import paginate, role_required
from cerdas.lib.codes import normalize
from cerdas.workdays.calendar import city_calendar

from . import registers, services
from .forms import AnswerForm, DecideForm, DeliverForm, ExtendForm, ObjectionForm, RequestForm
from .models import GIVING, OPEN_STATES, Action, InfoRequest, Objection, State
from .services import WorkflowError, may_answer_objections, may_handle_requests

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ppid_required = role_required(may_handle_requests)
superior_required = role_required(lambda u: may_answer_objections(u) or may_handle_requests(u))
report_required = role_required(
    lambda u: u.is_authenticated and u.role in (Role.PPID, Role.LEADER, Role.ADMIN)
)

# The PPID's actions: the form that parses each and how to call its service.
ACTIONS = {
    Action.EXTEND: (
        ExtendForm,
        lambda r, u, d: services.request_extend(request=r, user=u, reason=d["reason"]),
    ),
    Action.DECIDE: (
        DecideForm,
        lambda r, u, d: services.request_decide(
            request=r, user=u, decision=d["decision"], exemptions=d["exemptions"], note=d["note"]
        ),
    ),
    Action.DELIVER: (
        DeliverForm,
        lambda r, u, d: services.request_deliver(request=r, user=u, note=d["note"]),
    ),
}


def _allowed(request: InfoRequest) -> list[Action]:
    if request.state == State.PROCESSING:
        return [Action.EXTEND, Action.DECIDE]
    if request.state == State.EXTENDED:
        return [Action.DECIDE]
    if request.state == State.ANSWERED and request.decision in GIVING:
        return [Action.DELIVER]
    return []


def days_left(due, now) -> float:
    calendar = city_calendar()
    return round(calendar.remaining(now, due) / calendar.day_seconds, 1)


# --- public ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.request_submit(user=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Permohonan diterima. Simpan nomor registrasi Anda: %(n)s") % {"n": row.number},
            )
            return redirect("ppid:track", number=row.number)
    status = 400 if request.method == "POST" else 200
    return render(request, "ppid/request_form.html", {"form": form}, status=status)


@require_GET
def track_lookup(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("nomor", "").strip()
    if raw:
        number = normalize(raw)
        if InfoRequest.objects.filter(number=number).exists():
            return redirect("ppid:track", number=number)
        messages.error(request, _("Nomor %(n)s tidak ditemukan. Periksa kembali.") % {"n": raw})
    return render(request, "ppid/track_lookup.html", {"nomor": raw})


@require_GET
def track(request: HttpRequest, number: str) -> HttpResponse:
    normalized = normalize(number)
    if normalized != number:
        return redirect("ppid:track", number=normalized)
    row = get_object_or_404(InfoRequest, number=number)
    now = timezone.now()
    context = {
        "req": row,
        "now": now,
        "days_left": days_left(row.due_at, now) if row.is_open else None,
        # Steps and dates only: the notes are the PPID's words and may name people.
        "events": [
            {"label": Action(action).label, "at": at}
            for action, at in row.events.values_list("action", "created_at")
        ],
        "objections": [
            {
                "number": o.number,
                "reason": o.get_reason_display(),
                "filed_at": o.filed_at,
                "due_at": o.due_at,
                "outcome": o.get_outcome_display() if o.outcome else "",
                "answered_at": o.answered_at,
                "days_left": days_left(o.due_at, now) if o.is_open else None,
            }
            for o in row.objections.order_by("filed_at")
        ],
    }
    return render(request, "ppid/track.html", context)


@require_http_methods(["GET", "POST"])
def objection_form(request: HttpRequest) -> HttpResponse:
    form = ObjectionForm(request.POST or None, initial={"number": request.GET.get("nomor", "")})
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.objection_file(**form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Keberatan dicatat dengan nomor %(n)s.") % {"n": objection.number},
            )
            return redirect("ppid:track", number=objection.request.number)
    status = 400 if request.method == "POST" else 200
    return render(request, "ppid/objection_form.html", {"form": form}, status=status)


# --- the PPID ---------------------------------------------------------------------------


@ppid_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("tampil") == "semua"
    qs = InfoRequest.objects.all()
    if show_all:
        qs = qs.order_by("-received_at", "-id")
    else:
        qs = qs.filter(state__in=OPEN_STATES).order_by("due_at", "id")
    context = {
        "page": paginate(request, qs, 25),
        "show_all": show_all,
        "now": timezone.now(),
        "open_objections": Objection.objects.filter(outcome="").count(),
    }
    return render(request, "ppid/desk.html", context)


def _detail_context(row: InfoRequest, bound: dict | None = None) -> dict:
    bound = bound or {}
    forms = [(a, bound.get(a) or ACTIONS[a][0](prefix=a.value)) for a in _allowed(row)]
    return {
        "req": row,
        "forms": forms,
        "events": row.events.select_related("objection"),
        "objections": row.objections.select_related("answered_by"),
        "now": timezone.now(),
    }


@ppid_required
@require_GET
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    row = get_object_or_404(InfoRequest, number=number)
    return render(request, "ppid/detail.html", _detail_context(row))


@ppid_required
@require_POST
def request_act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    row = get_object_or_404(InfoRequest, number=number)
    if action not in Action.values or Action(action) not in ACTIONS:
        raise Http404
    action = Action(action)
    form = ACTIONS[action][0](request.POST, prefix=action.value)
    if form.is_valid():
        try:
            ACTIONS[action][1](row, request.user, form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tersimpan: %(action)s.") % {"action": action.label})
            return redirect("ppid:detail", number=row.number)
    if action not in _allowed(row):
        for error in form.non_field_errors():
            messages.error(request, error)
    return render(request, "ppid/detail.html", _detail_context(row, {action: form}), status=400)


def _year(request: HttpRequest) -> int:
    today = timezone.localtime(timezone.now(), settings.CERDAS_TIME_ZONE).date()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= today.year + 1:
        raise Http404
    return year


def _xlsx_response(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


REGISTERS = {
    "permohonan": (
        gettext_lazy("Register permohonan informasi publik"),
        registers.REQUEST_COLUMNS,
        registers.requests_of,
    ),
    "keberatan": (
        gettext_lazy("Register keberatan"),
        registers.OBJECTION_COLUMNS,
        registers.objections_of,
    ),
}


@ppid_required
@require_GET
def register(request: HttpRequest, kind: str, fmt: str = "html") -> HttpResponse:
    if kind not in REGISTERS:
        raise Http404
    title, columns, source = REGISTERS[kind]
    year = _year(request)
    header = registers.register_header(columns)
    rows = registers.register_rows(columns, source(year))
    if fmt == "xlsx":
        body = registers.xlsx([(kind.title(), header, rows)])
        return _xlsx_response(body, f"register-{kind}-{year}.xlsx")
    context = {"title": title, "kind": kind, "year": year, "header": header, "rows": rows}
    return render(request, "ppid/register.html", context)


@report_required
@require_GET
def annual_report(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    year = _year(request)
    report = registers.annual_report(year)
    if fmt == "xlsx":
        body = registers.xlsx([("Laporan", ["Uraian", "Jumlah"], registers.annual_rows(report))])
        return _xlsx_response(body, f"laporan-layanan-informasi-{year}.xlsx")
    return render(request, "ppid/annual.html", {"report": report, "year": year})


# --- the PPID's superior ----------------------------------------------------------------


@superior_required
@require_GET
def objection_list(request: HttpRequest) -> HttpResponse:
    qs = Objection.objects.select_related("request").order_by("outcome", "due_at", "id")
    context = {
        "page": paginate(request, qs, 25),
        "now": timezone.now(),
        "may_answer": may_answer_objections(request.user),
    }
    return render(request, "ppid/objections.html", context)


@superior_required
@require_http_methods(["GET", "POST"])
def objection_detail(request: HttpRequest, number: str) -> HttpResponse:
    objection = get_object_or_404(
        Objection.objects.select_related("request", "answered_by"), number=number
    )
    may_answer = may_answer_objections(request.user) and objection.is_open
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if not may_answer_objections(request.user):
            return HttpResponse(_("Hanya atasan PPID yang dapat menanggapi keberatan."), status=403)
        if form.is_valid():
            try:
                services.objection_answer(
                    objection=objection, user=request.user, **form.cleaned_data
                )
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Tanggapan atas keberatan tersimpan."))
                return redirect("ppid:objection_detail", number=objection.number)
    context = {
        "objection": objection,
        "req": objection.request,
        "form": form if may_answer else None,
        "now": timezone.now(),
        "errors": form.non_field_errors() if request.method == "POST" else [],
    }
    return render(
        request,
        "ppid/objection_detail.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
