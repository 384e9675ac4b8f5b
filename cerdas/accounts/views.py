"""A citizen signs in with a phone or an e-mail and a one-time code: no password."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cerdas.api.services import client_ip
from cerdas.complaints.workflow import WorkflowError

from .forms import CodeForm, ContactForm
from .models import CodePurpose
from .otp import Contact, TooManyRequests, contact_parse, otp_send, otp_verify
from .services import citizen_account_for

PENDING = "citizen_sign_in"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("complaints:mine")


def _limited(response: HttpResponse, exc: WorkflowError) -> HttpResponse:
    if isinstance(exc, TooManyRequests):
        response.status_code = 429
        response["Retry-After"] = str(exc.wait)
    return response


@require_http_methods(["GET", "POST"])
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Step 1: the phone or e-mail. The code goes there; the address waits in the session."""
    if request.user.is_authenticated:
        return redirect(_next(request))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = contact_parse(form.cleaned_data["contact"])
            otp_send(purpose=CodePurpose.SIGN_IN, contact=contact, client=client_ip(request))
        except WorkflowError as exc:
            form.add_error("contact", str(exc))
            context = {"form": form, "next": _next(request)}
            page = render(request, "accounts/citizen_login.html", context, status=400)
            return _limited(page, exc)
        request.session[PENDING] = {
            "kind": contact.kind,
            "channel": contact.channel,
            "address": contact.address,
            "next": _next(request),
        }
        return redirect("accounts:citizen_code")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/citizen_login.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def citizen_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code typed back. Right: signed in (the account is made on first use)."""
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("accounts:citizen_login")
    contact = Contact(pending["kind"], pending["channel"], pending["address"])
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and "resend" in request.POST:
        try:
            otp_send(purpose=CodePurpose.SIGN_IN, contact=contact, client=client_ip(request))
        except WorkflowError as exc:
            messages.error(request, str(exc))
            status = 429 if isinstance(exc, TooManyRequests) else 400
        else:
            messages.success(request, _("Kode baru sudah dikirim."))
            return redirect("accounts:citizen_code")
        form = CodeForm()
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                otp_verify(
                    purpose=CodePurpose.SIGN_IN,
                    address=contact.address,
                    code=form.cleaned_data["code"],
                )
                user = citizen_account_for(contact=contact)
            except WorkflowError as exc:
                form.add_error("code", str(exc))
            else:
                del request.session[PENDING]
                # The reporter links opened in this browser stay in the session.
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Anda masuk sebagai warga."))
                return redirect(pending["next"])
    return render(
        request,
        "accounts/citizen_code.html",
        {"form": form, "contact": contact},
        status=status,
    )
