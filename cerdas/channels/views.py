"""The providers' webhooks. They check who is calling, store, and answer at once.

403 for a forged call (bad signature or secret), 400 for a body that is not JSON, 200
for everything else, a repeat included: a provider that gets an error sends the same
call again and again, which is what a replay must not cause.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import providers, services


def _json_body(request: HttpRequest) -> dict | None:
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _stored(count: int) -> JsonResponse:
    return JsonResponse({"ok": True, "stored": count})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        # The subscription handshake: echo hub.challenge when the verify token matches.
        if request.GET.get("hub.mode") == "subscribe" and providers.secret_matches(
            settings.CERDAS_WHATSAPP_VERIFY_TOKEN, request.GET.get("hub.verify_token", "")
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verify token salah")
    if not providers.whatsapp_signature_valid(
        request.body, request.headers.get("X-Hub-Signature-256", "")
    ):
        return HttpResponseForbidden("tanda tangan tidak sah")
    data = _json_body(request)
    if data is None:
        return HttpResponse("bukan JSON", status=400)
    stored = services.inbound_store(incoming=providers.whatsapp_messages(data))
    return _stored(len(stored))


@csrf_exempt
@require_POST
def telegram(request: HttpRequest) -> HttpResponse:
    if not providers.secret_matches(
        settings.CERDAS_TELEGRAM_WEBHOOK_SECRET,
        request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""),
    ):
        return HttpResponseForbidden("secret token salah")
    data = _json_body(request)
    if data is None:
        return HttpResponse("bukan JSON", status=400)
    incoming = providers.telegram_update(data)
    stored = services.inbound_store(incoming=[incoming] if incoming else [])
    return _stored(len(stored))
