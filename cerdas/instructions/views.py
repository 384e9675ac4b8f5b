"""Instruction screens: the list, the leader's form, the detail page and its actions.

Views parse and authorize; the services enforce the rules. An instruction that was
not sent to a person's agency does not exist for them (404).
"""

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cerdas.complaints.views.common import paginate, role_required

from . import services
from .forms import DoneForm, InstructionForm, NoteForm, ProgressForm, ReturnForm
from .models import (
    OPEN_STATUSES,
    Action,
    Instruction,
    InstructionEvent,
    InstructionFile,
    InstructionRecipient,
)
from .workflow import WorkflowError, actors_for, allowed_actions, may_issue

# Each action on one OPD's part: the form that parses it and how to call its service.
ACTIONS = {
    Action.ACKNOWLEDGE: (
        NoteForm,
        lambda r, u, d: services.instruction_acknowledge(recipient=r, user=u, note=d["note"]),
    ),
    Action.REPORT_PROGRESS: (
        ProgressForm,
        lambda r, u, d: services.instruction_report_progress(
            recipient=r, user=u, note=d["note"], files=d["files"]
        ),
    ),
    Action.MARK_DONE: (
        DoneForm,
        lambda r, u, d: services.instruction_mark_done(
            recipient=r, user=u, note=d["note"], files=d["files"]
        ),
    ),
    Action.ACCEPT: (
        NoteForm,
        lambda r, u, d: services.instruction_accept(recipient=r, user=u, note=d["note"]),
    ),
    Action.RETURN: (
        ReturnForm,
        lambda r, u, d: services.instruction_return(recipient=r, user=u, reason=d["note"]),
    ),
}

reader_required = role_required(lambda u: may_issue(u) or u.is_agency_staff)
issuer_required = role_required(may_issue)


def _make_form(action: Action, recipient: InstructionRecipient, data=None, files=None):
    return ACTIONS[action][0](data, files, prefix=f"r{recipient.pk}-{action.value}")


@reader_required
def instruction_list(request: HttpRequest) -> HttpResponse:
    """Leaders: every instruction. Agency staff: those sent to their agency, with only
    their own part. Open parts first is the default; ?tampil=semua shows closed ones."""
    user = request.user
    show_all = request.GET.get("tampil") == "semua"
    parts = InstructionRecipient.objects.visible_to(user).select_related("agency")
    qs = Instruction.objects.visible_to(user)
    if not show_all:
        open_ids = parts.filter(status__in=OPEN_STATUSES).values("instruction_id")
        qs = qs.filter(pk__in=open_ids)
    qs = qs.select_related("created_by").prefetch_related(
        Prefetch("recipients", queryset=parts, to_attr="visible_parts")
    )
    order = ("-created_at", "-id") if show_all else ("deadline", "id")
    page = paginate(request, qs.order_by(*order), 25)
    context = {
        "page": page,
        "show_all": show_all,
        "may_issue": may_issue(user),
        "now": timezone.now(),
    }
    if request.htmx:
        return render(request, "instructions/list.html#instruction-table", context)
    return render(request, "instructions/list.html", context)


@issuer_required
@require_http_methods(["GET", "POST"])
def instruction_create(request: HttpRequest) -> HttpResponse:
    form = InstructionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instruction = services.instruction_create(
                user=request.user,
                subject=data["subject"],
                body=data["body"],
                agencies=list(data["agencies"]),
                priority=data["priority"],
                deadline=data["deadline"],
                complaint_codes=data["complaint_codes"],
                files=data["files"],
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Arahan terkirim."))
            return redirect("instructions:detail", pk=instruction.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "instructions/create.html", {"form": form}, status=status)


def _visible_instruction(request: HttpRequest, pk: int) -> Instruction:
    qs = Instruction.objects.visible_to(request.user).select_related("created_by")
    return get_object_or_404(qs, pk=pk)


def _detail_context(request, instruction: Instruction, bound: dict | None = None) -> dict:
    user = request.user
    bound = bound or {}
    parts = list(
        InstructionRecipient.objects.visible_to(user)
        .filter(instruction=instruction)
        .select_related("agency__parent")
    )
    rows = []
    for part in parts:
        actions = allowed_actions(part, actors_for(part, user))
        forms = [(a, bound.get((part.pk, a)) or _make_form(a, part)) for a in actions]
        rows.append({"part": part, "forms": forms})
    part_ids = [p.pk for p in parts]
    # Staff read the steps of their own part and the sending, not other OPDs' work.
    events = (
        InstructionEvent.objects.filter(instruction=instruction)
        .filter(Q(recipient__isnull=True) | Q(recipient_id__in=part_ids))
        .select_related("recipient__agency")
    )
    files = InstructionFile.objects.filter(instruction=instruction)
    return {
        "instruction": instruction,
        "rows": rows,
        "events": events,
        "shared_files": [f for f in files if f.recipient_id is None],
        "evidence": [f for f in files if f.recipient_id in part_ids],
        "complaints": instruction.complaints.order_by("code"),
        "now": timezone.now(),
    }


@reader_required
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _visible_instruction(request, pk)
    return render(request, "instructions/detail.html", _detail_context(request, instruction))


@reader_required
@require_POST
def instruction_act(request: HttpRequest, pk: int, recipient_id: int, action: str) -> HttpResponse:
    instruction = _visible_instruction(request, pk)
    recipient = get_object_or_404(
        InstructionRecipient.objects.visible_to(request.user).select_related("agency"),
        pk=recipient_id,
        instruction=instruction,
    )
    if action not in Action.values or Action(action) not in ACTIONS:
        raise Http404
    action = Action(action)
    form = _make_form(action, recipient, request.POST, request.FILES)
    if form.is_valid():
        try:
            ACTIONS[action][1](recipient, request.user, form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Tersimpan: %(action)s.") % {"action": action.label})
            return redirect("instructions:detail", pk=instruction.pk)
    context = _detail_context(request, instruction, bound={(recipient.pk, action): form})
    context["failed"] = (recipient.pk, action)
    shown = {(row["part"].pk, a) for row in context["rows"] for a, _f in row["forms"]}
    if (recipient.pk, action) not in shown:
        # No button for this here (wrong status or role): say why at the top.
        for error in form.non_field_errors():
            messages.error(request, error)
    return render(request, "instructions/detail.html", context, status=400)


@reader_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Files reach only those who may see the instruction; an OPD's evidence only that
    OPD and the leaders."""
    item = get_object_or_404(InstructionFile.objects.select_related("instruction"), pk=pk)
    if not Instruction.objects.visible_to(request.user).filter(pk=item.instruction_id).exists():
        raise Http404
    if (
        item.recipient_id is not None
        and not InstructionRecipient.objects.visible_to(request.user)
        .filter(pk=item.recipient_id)
        .exists()
    ):
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not item.is_image,
        filename=item.name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
