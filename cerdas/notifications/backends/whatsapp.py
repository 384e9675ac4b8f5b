"""WhatsApp Cloud API (Meta): POST /{phone-number-id}/messages.

Payload as documented by Meta ("Send messages", messaging_product "whatsapp"): a text
message, or an image by link with the text as its caption. The idempotency key travels
as `biz_opaque_callback_data` (Meta echoes it in the status webhooks, so a duplicate can
be recognised afterwards) and as an `Idempotency-Key` header; Meta itself does not
deduplicate (docs/notifications.md, "Exactly once?").

Outside the 24-hour customer service window Meta accepts only approved template
messages and refuses free text with error 131047: that refusal is kept as the reason.

`api_url()` and `auth_headers()` are also what the inbound channels use to fetch media.
"""

from django.conf import settings

from . import PermanentError, Result
from .http import request_json


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


def payload_for(notification) -> dict:
    message = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id(notification.address),
        "biz_opaque_callback_data": notification.key,
    }
    if notification.media_url:
        message["type"] = "image"
        message["image"] = {"link": notification.media_url, "caption": notification.body}
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
    text = f"(#{error.get('code', '?')}) {error.get('message', '')}".strip()
    return f"{text} {details}".strip()


def send(notification) -> Result:
    if not settings.CERDAS_WHATSAPP_TOKEN or not settings.CERDAS_WHATSAPP_PHONE_NUMBER_ID:
        raise PermanentError("WhatsApp belum dikonfigurasi (CERDAS_WHATSAPP_TOKEN)")
    answer = request_json(
        "POST",
        messages_url(),
        payload=payload_for(notification),
        headers={**auth_headers(), "Idempotency-Key": notification.key},
        reason_of=reason_of,
    )
    messages = answer.get("messages") or [{}]
    return Result(provider_id=str(messages[0].get("id", "")))
