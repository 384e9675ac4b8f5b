"""Recorded provider payloads, signed webhook calls, and a loopback media server.

The media server is a real HTTP server on 127.0.0.1 that answers the two download
protocols the way the providers document them: WhatsApp's GET /{media-id} (bearer
token) -> {"url": ...} -> GET url, and Telegram's getFile -> /file/bot<token>/<path>.
"""

import copy
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import jpeg_bytes

PAYLOADS = Path(__file__).parent / "payloads"
APP_SECRET = "uji-app-secret-meta"
VERIFY_TOKEN = "uji-verify-token"
TG_SECRET = "uji-telegram-secret_1"
WA_TOKEN = "uji-wa-bearer"
TG_TOKEN = "123456:uji-bot-token"


def payload(name: str) -> dict:
    return json.loads((PAYLOADS / f"{name}.json").read_text())


class Media:
    def __init__(self, server) -> None:
        self.server = server
        self.files: dict[str, bytes] = {}
        self.fail: dict[str, int] = {}  # media id -> HTTP status to answer
        self.requests: list[tuple[str, str]] = []  # (path, Authorization)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, body: bytes, kind="application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        media: Media = self.server.media
        url = urlsplit(self.path)
        auth = self.headers.get("Authorization", "")
        media.requests.append((url.path, auth))
        parts = url.path.strip("/").split("/")
        if parts[0] == "wa":  # the Graph API: /wa/v21.0/<id> and the download /wa/bytes/<id>
            if auth != f"Bearer {WA_TOKEN}":
                return self._send(401, b'{"error": {"message": "Invalid OAuth access token"}}')
            media_id = parts[-1]
            if media_id in media.fail:
                return self._send(media.fail[media_id], b'{"error": {"message": "gagal"}}')
            if media_id not in media.files:
                return self._send(404, b'{"error": {"message": "not found"}}')
            if parts[1] == "bytes":
                return self._send(200, media.files[media_id], "image/jpeg")
            data = media.files[media_id]
            info = {
                "messaging_product": "whatsapp",
                "url": f"{media.base}/wa/bytes/{media_id}",
                "mime_type": "image/jpeg",
                "sha256": hashlib.sha256(data).hexdigest(),
                "file_size": str(len(data)),
                "id": media_id,
            }
            return self._send(200, json.dumps(info).encode())
        if parts[0] == f"bot{TG_TOKEN}" and parts[1] == "getFile":
            file_id = parse_qs(url.query).get("file_id", [""])[0]
            if file_id in media.fail:
                body = {"ok": False, "error_code": media.fail[file_id], "description": "gagal"}
                return self._send(media.fail[file_id], json.dumps(body).encode())
            if file_id not in media.files:
                body = {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: invalid file_id",
                }
                return self._send(400, json.dumps(body).encode())
            result = {
                "file_id": file_id,
                "file_unique_id": "u",
                "file_path": f"photos/{file_id}.jpg",
            }
            return self._send(200, json.dumps({"ok": True, "result": result}).encode())
        if parts[:2] == ["file", f"bot{TG_TOKEN}"]:
            file_id = parts[-1].removesuffix(".jpg")
            if file_id in media.files:
                return self._send(200, media.files[file_id], "image/jpeg")
        return self._send(404, b"{}")

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def media():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.media = Media(server)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.media
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def channels_on(settings, media):
    settings.CERDAS_WHATSAPP_APP_SECRET = APP_SECRET
    settings.CERDAS_WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.CERDAS_WHATSAPP_TOKEN = WA_TOKEN
    settings.CERDAS_WHATSAPP_API_URL = f"{media.base}/wa/v21.0"
    settings.CERDAS_TELEGRAM_WEBHOOK_SECRET = TG_SECRET
    settings.CERDAS_TELEGRAM_BOT_TOKEN = TG_TOKEN
    settings.CERDAS_TELEGRAM_API_URL = media.base
    # Processing runs in the test's thread when the webhook's transaction commits.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WhatsApp:
    """A citizen's phone: each call sends one message in Meta's recorded format."""

    def __init__(self, client, capture, wa_id="6281234567890", name="Budi Santoso"):
        self.client, self.capture, self.wa_id, self.name = client, capture, wa_id, name
        self.sent = 0

    def post(self, data: dict, *, signature: str | None = None):
        body = json.dumps(data).encode()
        with self.capture(execute=True):
            return self.client.post(
                "/kanal/whatsapp/",
                body,
                content_type="application/json",
                headers={"X-Hub-Signature-256": signature or sign(body)},
            )

    def _message(self, name: str, **fields) -> dict:
        data = copy.deepcopy(payload(name))
        value = data["entry"][0]["changes"][0]["value"]
        value["contacts"][0].update({"wa_id": self.wa_id, "profile": {"name": self.name}})
        message = value["messages"][0]
        self.sent += 1
        message["from"] = self.wa_id
        message["id"] = fields.pop("wamid", f"wamid.{self.wa_id}.{self.sent}")
        for key, val in fields.items():
            message[message["type"]][key] = val
        return data

    def text(self, body: str, **kw):
        return self.post(self._message("whatsapp_text", body=body, **kw))

    def image(self, media_id: str, caption: str = ""):
        return self.post(self._message("whatsapp_image", id=media_id, caption=caption))

    def location(self, lat: float, lon: float):
        return self.post(self._message("whatsapp_location", latitude=lat, longitude=lon))


class Telegram:
    def __init__(self, client, capture, chat_id=523456789):
        self.client, self.capture, self.chat_id = client, capture, chat_id
        self.update_id = 730912345

    def post(self, data: dict, *, secret: str | None = TG_SECRET):
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        with self.capture(execute=True):
            return self.client.post(
                "/kanal/telegram/",
                json.dumps(data),
                content_type="application/json",
                headers=headers,
            )

    def _update(self, name: str, **fields) -> dict:
        data = copy.deepcopy(payload(name))
        self.update_id += 1
        data["update_id"] = fields.pop("update_id", self.update_id)
        data["message"]["chat"]["id"] = data["message"]["from"]["id"] = self.chat_id
        data["message"].update(fields)
        return data

    def text(self, text: str, **kw):
        return self.post(self._update("telegram_text", text=text, **kw))

    def photo(self, file_id: str):
        data = self._update("telegram_photo")
        data["message"]["photo"][-1]["file_id"] = file_id
        return self.post(data)

    def location(self, lat: float, lon: float):
        return self.post(
            self._update("telegram_location", location={"latitude": lat, "longitude": lon})
        )


@pytest.fixture
def whatsapp(client, django_capture_on_commit_callbacks, channels_on):
    return WhatsApp(client, django_capture_on_commit_callbacks)


@pytest.fixture
def telegram(client, django_capture_on_commit_callbacks, channels_on):
    return Telegram(client, django_capture_on_commit_callbacks)


@pytest.fixture
def photo_bytes():
    return jpeg_bytes(size=(80, 60))
