"""A generic HTTP SMS gateway: POST CERDAS_SMS_GATEWAY_URL with a JSON body

    {"to": "+6281234567890", "message": "...", "reference": "<idempotency key>"}

and `Authorization: Bearer CERDAS_SMS_GATEWAY_TOKEN`, `Idempotency-Key: <key>`. A 2xx
answer may carry {"id": "..."}; an error answer {"error": "..."} or {"message": "..."}.
Most Indonesian gateways (and a small adapter in front of any other) fit this shape.
"""

from django.conf import settings

from . import PermanentError, Result
from .http import request_json

# Longer texts are split by the gateway into several SMS; beyond this it is a letter.
LIMIT = 480


def payload_for(notification) -> dict:
    return {
        "to": notification.address,
        "message": notification.body[:LIMIT],
        "reference": notification.key,
    }


def reason_of(status: int, answer: dict) -> str:
    return str(answer.get("error") or answer.get("message") or "")


def send(notification) -> Result:
    if not settings.CERDAS_SMS_GATEWAY_URL:
        raise PermanentError("Gerbang SMS belum dikonfigurasi (CERDAS_SMS_GATEWAY_URL)")
    headers = {"Idempotency-Key": notification.key}
    if settings.CERDAS_SMS_GATEWAY_TOKEN:
        headers["Authorization"] = f"Bearer {settings.CERDAS_SMS_GATEWAY_TOKEN}"
    answer = request_json(
        "POST",
        settings.CERDAS_SMS_GATEWAY_URL,
        payload=payload_for(notification),
        headers=headers,
        reason_of=reason_of,
    )
    return Result(provider_id=str(answer.get("id", "")))
