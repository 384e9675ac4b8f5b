"""The opt-out link sent to reporters without an account, and an account's own
notification preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.signing import BadSignature, Signer
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cerdas.complaints.workflow import WorkflowError

from .forms import PreferenceForm
from .models import Preference
from .notices import OPTOUT_SALT
from .services import optout_record, preference_update


@require_http_methods(["GET", "POST"])
def optout(request, token: str) -> HttpResponse:
    """GET shows a confirm button (mail scanners follow links: a GET changes nothing);
    POST records the opt-out."""
    try:
        channel, address = Signer(salt=OPTOUT_SALT).unsign_object(token)
    except (BadSignature, ValueError, TypeError):
        return render(request, "notifications/optout.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        optout_record(channel=channel, address=address)
        done = True
    return render(request, "notifications/optout.html", {"done": done})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request) -> HttpResponse:
    """Every account edits its own preferences, and only its own."""
    current = Preference.objects.filter(user=request.user).first()
    initial = {
        "channels": current.channels if current else [],
        "whatsapp": current.whatsapp if current else "",
        "telegram_chat_id": current.telegram_chat_id if current else "",
        "opted_out": current.opted_out if current else False,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                preference_update(user=request.user, **form.cleaned_data)
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Preferensi pemberitahuan disimpan."))
                return redirect("notifications:preferences")
        status = 400
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
