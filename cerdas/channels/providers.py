"""The providers' formats: checking a webhook call, reading its messages, fetching a photo.

WhatsApp Cloud API: https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks
Telegram Bot API: https://core.telegram.org/bots/api#update
Each parser turns the provider's JSON into `Incoming` rows and ignores what is not a
citizen's message (delivery statuses, edits, a bot's own messages).
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings

from .models import ChatChannel, Kind

TIMEOUT = 10  # seconds, to connect and for each read of a media download


class MediaError(Exception):
    """A photo could not be fetched from the provider (kept, retryable)."""


@dataclass(frozen=True)
class Incoming:
    channel: str
    provider_id: str
    address: str
    kind: str
    name: str = ""
    text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    media_id: str = ""
    payload: dict = field(default_factory=dict)


def secret_matches(expected: str, given: str) -> bool:
    """Constant-time comparison; an unset secret matches nothing (the channel is off)."""
    return bool(expected) and hmac.compare_digest(
        expected.encode(), (given or "").encode("utf-8", "replace")
    )


# --- WhatsApp Cloud API ----------------------------------------------------------------


def whatsapp_signature_valid(body: bytes, header: str) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, key = app secret>`."""
    secret = settings.CERDAS_WHATSAPP_APP_SECRET
    if not secret or not (header or "").startswith("sha256="):
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    # Bytes: compare_digest refuses a str with non-ASCII characters (a 500 otherwise).
    return hmac.compare_digest(expected.encode(), header.encode("utf-8", "replace"))


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _whatsapp_message(message: dict, names: dict[str, str]) -> Incoming | None:
    sender, wamid, kind = message.get("from"), message.get("id"), message.get("type")
    if not isinstance(sender, str) or not isinstance(wamid, str) or not sender or not wamid:
        return None
    common = {
        "channel": ChatChannel.WHATSAPP,
        "provider_id": wamid,
        "address": sender,
        "name": names.get(sender, ""),
        "payload": message,
    }
    if kind == "text":
        return Incoming(
            kind=Kind.TEXT, text=str((message.get("text") or {}).get("body", "")), **common
        )
    if kind == "image":
        image = message.get("image") or {}
        return Incoming(
            kind=Kind.IMAGE,
            text=str(image.get("caption", "")),
            media_id=str(image.get("id", "")),
            **common,
        )
    if kind == "location":
        place = message.get("location") or {}
        label = ", ".join(str(place[k]) for k in ("name", "address") if place.get(k))
        return Incoming(
            kind=Kind.LOCATION,
            text=label,
            latitude=_float(place.get("latitude")),
            longitude=_float(place.get("longitude")),
            **common,
        )
    if kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get(reply.get("type", "")) or {}
        # Our own list/button ids are the answers as they would be typed ("2", "lewati").
        return Incoming(
            kind=Kind.TEXT, text=str(chosen.get("id") or chosen.get("title", "")), **common
        )
    if kind == "button":  # a quick-reply button of a template message
        return Incoming(
            kind=Kind.TEXT, text=str((message.get("button") or {}).get("text", "")), **common
        )
    return Incoming(kind=Kind.OTHER, **common)


def whatsapp_messages(data: dict) -> list[Incoming]:
    """entry[].changes[].value.messages[]; statuses[] (sent/delivered/read) are ignored."""
    found = []
    for entry in data.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            names = {
                c.get("wa_id"): str((c.get("profile") or {}).get("name", ""))
                for c in value.get("contacts") or []
                if isinstance(c, dict)
            }
            for message in value.get("messages") or []:
                if isinstance(message, dict):
                    incoming = _whatsapp_message(message, names)
                    if incoming is not None:
                        found.append(incoming)
    return found


def _get(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (configured https URL)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            limit = settings.CERDAS_MAX_UPLOAD_MB * 1024 * 1024
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise MediaError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise MediaError(f"tidak terhubung: {getattr(exc, 'reason', exc)}") from None
    if len(data) > limit:
        raise MediaError("media lebih besar dari batas unggahan")
    return data


def _json(data: bytes) -> dict:
    try:
        value = json.loads(data)
    except ValueError:
        raise MediaError("jawaban penyedia bukan JSON") from None
    if not isinstance(value, dict):
        raise MediaError("jawaban penyedia bukan objek JSON")
    return value


def whatsapp_media(media_id: str) -> bytes:
    """GET /{media-id} (bearer token) gives a short-lived URL; GET it with the same token."""
    base = getattr(settings, "CERDAS_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
    auth = {"Authorization": f"Bearer {getattr(settings, 'CERDAS_WHATSAPP_TOKEN', '')}"}
    info = _json(_get(f"{base.rstrip('/')}/{urllib.parse.quote(media_id)}", auth))
    url = info.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise MediaError("penyedia tidak memberi alamat media")
    return _get(url, auth)


# --- Telegram Bot API --------------------------------------------------------------------


def telegram_update(data: dict) -> Incoming | None:
    """One Update per call. Only `message` in a chat from a person is a citizen's message."""
    update_id, message = data.get("update_id"), data.get("message")
    if not isinstance(update_id, int) or not isinstance(message, dict):
        return None
    chat, sender = message.get("chat") or {}, message.get("from") or {}
    if not isinstance(chat.get("id"), int) or sender.get("is_bot"):
        return None
    name = " ".join(str(sender[k]) for k in ("first_name", "last_name") if sender.get(k))
    common = {
        "channel": ChatChannel.TELEGRAM,
        "provider_id": str(update_id),
        "address": str(chat["id"]),
        "name": name,
        "payload": data,
    }
    if message.get("photo"):
        # Sizes smallest first: the largest is the last one.
        sizes = [p for p in message["photo"] if isinstance(p, dict) and p.get("file_id")]
        if sizes:
            return Incoming(
                kind=Kind.IMAGE,
                text=str(message.get("caption", "")),
                media_id=str(sizes[-1]["file_id"]),
                **common,
            )
    if isinstance(message.get("location"), dict):
        place = message["location"]
        venue = message.get("venue") or {}
        label = ", ".join(str(venue[k]) for k in ("title", "address") if venue.get(k))
        return Incoming(
            kind=Kind.LOCATION,
            text=label,
            latitude=_float(place.get("latitude")),
            longitude=_float(place.get("longitude")),
            **common,
        )
    if isinstance(message.get("text"), str):
        return Incoming(kind=Kind.TEXT, text=message["text"], **common)
    return Incoming(kind=Kind.OTHER, **common)


def telegram_media(file_id: str) -> bytes:
    """getFile gives a file_path; the bytes are at /file/bot<token>/<file_path>."""
    base = getattr(settings, "CERDAS_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
    token = getattr(settings, "CERDAS_TELEGRAM_BOT_TOKEN", "")
    query = urllib.parse.urlencode({"file_id": file_id})
    answer = _json(_get(f"{base}/bot{token}/getFile?{query}", {}))
    path = (answer.get("result") or {}).get("file_path") if answer.get("ok") else None
    if not isinstance(path, str) or not path:
        raise MediaError(f"getFile gagal: {str(answer.get('description', ''))[:100]}")
    return _get(f"{base}/file/bot{token}/{urllib.parse.quote(path)}", {})


def media_download(channel: str, media_id: str) -> bytes:
    if channel == ChatChannel.WHATSAPP:
        return whatsapp_media(media_id)
    if channel == ChatChannel.TELEGRAM:
        return telegram_media(media_id)
    raise MediaError(f"kanal {channel} tidak punya media untuk diunduh")
