"""The opt-out link sent to reporters without an account."""

from django.core.signing import BadSignature, Signer
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .notices import OPTOUT_SALT
from .services import optout_record


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
