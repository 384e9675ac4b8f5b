"""Recorded provider payloads, signed webhook calls, and the fake provider.

The fake provider (cerdas/notifications/tests/fakeprovider.py) is a real HTTP server on
127.0.0.1: it serves the photos the way WhatsApp and Telegram document their downloads,
and takes the replies the outbox sends.
"""

import copy
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from cerdas.notifications.tests.fakeprovider import FakeProvider
from conftest import jpeg_bytes

PAYLOADS = Path(__file__).parent / "payloads"
APP_SECRET = "uji-app-secret-meta"
VERIFY_TOKEN = "uji-verify-token"
TG_SECRET = "uji-telegram-secret_1"


def payload(name: str) -> dict:
    return json.loads((PAYLOADS / f"{name}.json").read_text())


@pytest.fixture(scope="session")
def _fake_server():
    with FakeProvider() as provider:
        yield provider


@pytest.fixture
def fake(_fake_server):
    """One server for the session (stopping one takes half a second), emptied per test."""
    provider = _fake_server
    with provider.lock:
        for kept in (provider.requests, provider.delivered, provider.duplicates):
            kept.clear()
        for table in (
            provider._by_key,
            provider._rules,
            provider._media,
            provider._tg_files,
            provider._customers,
            provider._templates,
        ):
            table.clear()
    return provider


def chat_replies(fake, address: str) -> list[str]:
    """What the chat itself answered (the outbox's other notices have other keys)."""
    return [d.text for d in fake.sent_to(address) if d.key.startswith("reply:")]


@pytest.fixture
def channels_on(settings, fake):
    settings.CERDAS_WHATSAPP_APP_SECRET = APP_SECRET
    settings.CERDAS_WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.CERDAS_TELEGRAM_WEBHOOK_SECRET = TG_SECRET
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    # Processing (and the replies' delivery) runs in the test's thread when the webhook's
    # transaction commits.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings


def media_requests(fake) -> list[str]:
    return [r.path for r in fake.requests if r.method == "GET"]


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WhatsApp:
    """A citizen's phone: each call sends one message in Meta's recorded format."""

    def __init__(self, client, capture, fake, wa_id="6281234567890", name="Budi Santoso"):
        self.client, self.capture, self.wa_id, self.name = client, capture, wa_id, name
        self.fake = fake
        self.sent = 0

    def post(self, data: dict, *, signature: str | None = None):
        body = json.dumps(data).encode()
        # Meta saw the person write: its 24-hour window for free text opens.
        self.fake.customer_wrote(self.wa_id)
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
def whatsapp(client, django_capture_on_commit_callbacks, channels_on, fake):
    return WhatsApp(client, django_capture_on_commit_callbacks, fake)


@pytest.fixture
def telegram(client, django_capture_on_commit_callbacks, channels_on):
    return Telegram(client, django_capture_on_commit_callbacks)


@pytest.fixture
def photo_bytes():
    return jpeg_bytes(size=(80, 60))
