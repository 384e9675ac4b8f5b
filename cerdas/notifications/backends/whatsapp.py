"""WhatsApp Cloud API (Meta): POST /{phone-number-id}/messages.

Payload as documented by Meta ("Send messages", messaging_product "whatsapp"): a text
message, or an image by link with the text as its caption. The idempotency key travels
as `biz_opaque_callback_data` (Meta echoes it in the status webhooks, so a duplicate can
be recognised afterwards) and as an `Idempotency-Key` header; Meta itself does not
deduplicate (docs/notifications.md, "Exactly once?").

Outside the 24-hour customer service window (24 hours after the person's last message
to us) Meta accepts only approved template messages and refuses free text with error
131047 "Re-engagement message". A notice is therefore sent as free text inside the
window (or when it is a direct reply, `template` empty), and outside it as the template
message the city registered for its kind (WhatsAppTemplate); without one, or when Meta
refuses the template or the text, `ChannelRefusedError` sends it to the person's next
channel (docs/channels.md, "WhatsApp templates").

`api_url()` and `auth_headers()` are also what the inbound channels use to fetch media.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import ChannelRefusedError, PermanentError, Result
from .http import request_json
from .text import truncate

# Meta's limits: an image caption and a template's body parameter.
CAPTION_LIMIT = 1024
PARAM_LIMIT = 1024
WINDOW = timedelta(hours=24)
# Refusals that no retry changes and another channel may overcome: 131047 outside the
# window, 132xxx the template (missing, paused, wrong parameters), 131026 not on WhatsApp.
REFUSALS = re.compile(r"\(#(131047|131026|132\d{3})\)")


def api_url() -> str:
    """The Graph API base, e.g. https://graph.facebook.com/v21.0 (no trailing slash)."""
    return settings.CERDAS_WHATSAPP_API_URL.rstrip("/")


def auth_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.CERDAS_WHATSAPP_TOKEN}"}


def messages_url() -> str:
    return f"{api_url()}/{settings.CERDAS_WHATSAPP_PHONE_NUMBER_ID}/messages"


def wa_id(address: str) -> str:
    """A wa_id is the E.164 number without '+': +6281234567890 -> 6281234567890."""
    return address.strip().lstrip("+")


def window_open(address: str, now=None) -> bool:
    """Whether the person wrote to us on WhatsApp in the last 24 hours."""
    from cerdas.channels.models import Conversation  # the inbound side records it

    now = now or timezone.now()
    return Conversation.objects.filter(
        channel="whatsapp", address=wa_id(address), last_inbound_at__gt=now - WINDOW
    ).exists()


def registered_template(notice: str):
    from ..models import WhatsAppTemplate

    if not notice:
        return None
    return WhatsAppTemplate.objects.filter(notice=notice, is_active=True).first()


def _param(value: str) -> str:
    # Meta refuses a parameter with a newline, a tab or more than 4 spaces in a row.
    return truncate(" ".join(str(value).split()), PARAM_LIMIT) or "-"


def template_payload(registered, params: dict) -> dict:
    template = {"name": registered.name, "language": {"code": registered.language}}
    if registered.parameters:
        template["components"] = [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": _param(params.get(name, ""))}
                    for name in registered.parameters
                ],
            }
        ]
    return {"type": "template", "template": template}


def payload_for(notification, *, now=None) -> dict:
    """Free text (or an image with caption) inside the window or for a direct reply; the
    registered template outside it. Raises ChannelRefusedError when neither is possible."""
    message = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id(notification.address),
        "biz_opaque_callback_data": notification.key,
    }
    if notification.template and not window_open(notification.address, now):
        registered = registered_template(notification.template)
        if registered is None:
            raise ChannelRefusedError(
                f"WhatsApp: di luar jendela 24 jam dan tidak ada templat WhatsApp "
                f"yang disetujui untuk {notification.template}"
            )
        return {**message, **template_payload(registered, notification.params or {})}
    if notification.media_url:
        message["type"] = "image"
        message["image"] = {
            "link": notification.media_url,
            "caption": truncate(notification.body, CAPTION_LIMIT),
        }
    else:
        message["type"] = "text"
        message["text"] = {"preview_url": False, "body": notification.body}
    return message


def reason_of(status: int, answer: dict) -> str:
    """Graph API errors: {"error": {"message", "code", "error_data": {"details"}}}."""
    error = answer.get("error")
    if not isinstance(error, dict):
        return ""
    details = (error.get("error_data") or {}).get("details", "")
    code, message = f"(#{error.get('code', '?')})", str(error.get("message", ""))
    # Meta's message often starts with its code already: "(#131047) Re-engagement message".
    text = message if message.startswith(code) else f"{code} {message}".strip()
    return f"{text} {details}".strip()


def send(notification) -> Result:
    if not settings.CERDAS_WHATSAPP_TOKEN or not settings.CERDAS_WHATSAPP_PHONE_NUMBER_ID:
        raise PermanentError("WhatsApp belum dikonfigurasi (CERDAS_WHATSAPP_TOKEN)")
    payload = payload_for(notification)
    try:
        answer = request_json(
            "POST",
            messages_url(),
            payload=payload,
            headers={**auth_headers(), "Idempotency-Key": notification.key},
            reason_of=reason_of,
        )
    except PermanentError as exc:
        if REFUSALS.search(str(exc)):
            raise ChannelRefusedError(
                f"WhatsApp {payload['type']}: {exc}", status=exc.status
            ) from None
        raise
    messages = answer.get("messages") or [{}]
    return Result(provider_id=str(messages[0].get("id", "")))
