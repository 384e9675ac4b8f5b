"""Telegram Bot API: sendMessage, or sendPhoto with the text as caption.

Answers are {"ok": true, "result": Message} or {"ok": false, "error_code",
"description"} (https://core.telegram.org/bots/api#making-requests). Telegram does not
deduplicate; the key goes along as an `Idempotency-Key` header all the same (the fake
provider in the tests honours it).

`api_url()`, `method_url()` and `file_url()` are also what the inbound channels use
(getFile, then the file download).
"""

from django.conf import settings

from . import PermanentError, Result
from .http import request_json
from .text import telegram_html, truncate

# Telegram's limits: 4096 characters of text, 1024 of a caption.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def api_url() -> str:
    """The Bot API base, e.g. https://api.telegram.org (no trailing slash)."""
    return settings.CERDAS_TELEGRAM_API_URL.rstrip("/")


def auth_headers() -> dict[str, str]:
    """Telegram authenticates by the token in the URL: no header."""
    return {}


def method_url(method: str) -> str:
    return f"{api_url()}/bot{settings.CERDAS_TELEGRAM_BOT_TOKEN}/{method}"


def file_url(file_path: str) -> str:
    """Where getFile's `file_path` is downloaded from."""
    return f"{api_url()}/file/bot{settings.CERDAS_TELEGRAM_BOT_TOKEN}/{file_path}"


def payload_for(notification) -> tuple[str, dict]:
    """Sent as HTML (parse_mode), so the chat's *bold* shows bold, not as asterisks.
    The limits count the text after parsing: the plain text is cut first, then marked
    up, so no tag or entity is ever cut in half."""
    if notification.media_url:
        return "sendPhoto", {
            "chat_id": notification.address,
            "photo": notification.media_url,
            "caption": telegram_html(truncate(notification.body, CAPTION_LIMIT)),
            "parse_mode": "HTML",
        }
    return "sendMessage", {
        "chat_id": notification.address,
        "text": telegram_html(truncate(notification.body, TEXT_LIMIT)),
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }


def reason_of(status: int, answer: dict) -> str:
    return str(answer.get("description", ""))


def send(notification) -> Result:
    if not settings.CERDAS_TELEGRAM_BOT_TOKEN:
        raise PermanentError("Telegram belum dikonfigurasi (CERDAS_TELEGRAM_BOT_TOKEN)")
    method, payload = payload_for(notification)
    answer = request_json(
        "POST",
        method_url(method),
        payload=payload,
        headers={"Idempotency-Key": notification.key},
        reason_of=reason_of,
    )
    if not answer.get("ok"):
        raise PermanentError(f"Telegram: {answer.get('description', 'ok=false')}")
    result = answer.get("result") or {}
    return Result(provider_id=str(result.get("message_id", "")))
