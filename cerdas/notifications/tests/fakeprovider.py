"""A fake WhatsApp Cloud API / Telegram Bot API / SMS gateway: a real threaded HTTP
server on loopback, for tests (ours and the inbound channels') and the benchmark.

    with FakeProvider() as fake:
        settings.CERDAS_WHATSAPP_API_URL = fake.whatsapp_url   # .../v21.0
        settings.CERDAS_TELEGRAM_API_URL = fake.telegram_url
        settings.CERDAS_SMS_GATEWAY_URL = fake.sms_url
        ...
        fake.requests        # every request: Recorded(kind, path, headers, json)
        fake.delivered       # messages taken, one per idempotency key
        fake.duplicates      # requests repeating a key already taken (answered 200)

Endpoints (the documented shapes, trimmed to what Cerdas uses):
- WhatsApp: POST /v21.0/{phone-number-id}/messages -> {"messaging_product",
  "contacts": [{"input", "wa_id"}], "messages": [{"id": "wamid..."}]}; errors as
  {"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}};
  media: GET /v21.0/{media-id} -> {"url", "mime_type", "sha256", "file_size", "id",
  "messaging_product"}, then GET that url (Bearer token required) -> the bytes.
- Telegram: POST /bot{token}/sendMessage and /sendPhoto -> {"ok": true, "result":
  Message}; errors {"ok": false, "error_code", "description"}; GET/POST
  /bot{token}/getFile?file_id=... -> {"ok": true, "result": {"file_id",
  "file_unique_id", "file_size", "file_path"}}, then GET /file/bot{token}/{file_path}.
- SMS: POST /sms -> {"id": "..."}; errors {"error": "..."}.

Behaviour is set per kind ("whatsapp", "telegram", "sms") or for all (None):
`fake.answer(503)`, `fake.answer(400, times=2)`, `fake.hang(seconds)`, `fake.delay =
0.02`. Tokens: `fake.whatsapp_token`, `fake.telegram_token`, `fake.sms_token` must be
presented (401 otherwise). Media: `fake.add_media(media_id, content, mime)` and
`fake.add_telegram_file(file_id, content, path)`.

WhatsApp's 24-hour rule, as Meta applies it: free text (and images) go only to a
number that wrote to the business in the last 24 hours (`fake.customer_wrote(wa_id)`,
which the inbound tests call when they post a message to our webhook); otherwise 400
with error 131047 "Re-engagement message". A `type: template` message is taken at any
time when the template is approved (`fake.approve_template(name, "id", params=2)`):
an unknown name or language is 404 with 132001, a wrong number of body parameters 400
with 132000, a parameter with a newline, a tab or 5 spaces 400 with 100; a caption
over 1,024 characters 400 with 100.

Telegram's parse_mode: with "HTML" the text must parse (only Telegram's tags, closed,
`<` and `&` escaped) or 400 "Bad Request: can't parse entities"; the text after
parsing is limited to 4,096 UTF-16 units, a caption to 1,024.

Deduplication: a request carrying an `Idempotency-Key` header (or WhatsApp's
`biz_opaque_callback_data`, SMS `reference`) already taken is answered 200 with the
first answer's id and counted in `duplicates`, not `delivered`: that is the provider
side of "exactly once".
"""

import hashlib
import html.parser
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WHATSAPP_VERSION = "v21.0"
WINDOW_SECONDS = 24 * 3600
TELEGRAM_TAGS = frozenset(
    "b strong i em u ins s strike del span tg-spoiler a tg-emoji code pre blockquote".split()
)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(html.parser.HTMLParser):
    """Telegram's HTML parse mode: its tags only, each closed; the text as shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.error = ""

    def handle_starttag(self, tag, attrs):
        if tag not in TELEGRAM_TAGS:
            self.error = self.error or f'Unsupported start tag "{tag}"'
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'

    def handle_data(self, data):
        self.text.append(data)


def telegram_parse(text: str) -> tuple[str, str]:
    """(the text as the user sees it, the parse error or "")."""
    if "&" in text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace(
        "&quot;", ""
    ):
        return text, "Unsupported HTML entity"
    for found in re.finditer(r"<", text):
        if not re.match(r"</?[a-z-]+(\s[^<>]*)?>", text[found.start() :]):
            return text, f"Unsupported start tag at byte offset {found.start()}"
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.open and not parser.error:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.open[-1]}"'
    return "".join(parser.text), parser.error


@dataclass
class Recorded:
    kind: str
    method: str
    path: str
    headers: dict
    json: dict | None


@dataclass
class Delivered:
    kind: str
    key: str
    to: str
    text: str
    provider_id: str
    payload: dict = field(repr=False, default_factory=dict)


@dataclass
class _Rule:
    status: int | None = None  # None: answer normally
    hang: float = 0.0
    times: int | None = None  # None: until changed


class FakeProvider:
    def __init__(self, host: str = "127.0.0.1"):
        self.whatsapp_token = "wa-test-token"
        self.whatsapp_phone_id = "1234567890"
        self.telegram_token = "123456:TEST-token"
        self.sms_token = "sms-test-token"
        self.delay = 0.0
        self.requests: list[Recorded] = []
        self.delivered: list[Delivered] = []
        self.duplicates: list[str] = []
        self._by_key: dict[str, str] = {}
        self._rules: dict[str | None, _Rule] = {}
        self._media: dict[str, tuple[bytes, str]] = {}
        self._tg_files: dict[str, tuple[bytes, str]] = {}
        self._ids = itertools.count(1)
        # WhatsApp: when each wa_id last wrote to us (epoch seconds); approved templates
        # by (name, language) with their number of body parameters.
        self._customers: dict[str, float] = {}
        self._templates: dict[tuple[str, str], int] = {}
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> "FakeProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeProvider":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def whatsapp_url(self) -> str:
        return f"{self.base_url}/{WHATSAPP_VERSION}"

    @property
    def telegram_url(self) -> str:
        return self.base_url

    @property
    def sms_url(self) -> str:
        return f"{self.base_url}/sms"

    def settings(self) -> dict:
        """Django settings pointing every channel at this server (for override_settings
        or, as strings, for a subprocess's environment)."""
        return {
            "CERDAS_WHATSAPP_API_URL": self.whatsapp_url,
            "CERDAS_WHATSAPP_TOKEN": self.whatsapp_token,
            "CERDAS_WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_phone_id,
            "CERDAS_TELEGRAM_API_URL": self.telegram_url,
            "CERDAS_TELEGRAM_BOT_TOKEN": self.telegram_token,
            "CERDAS_SMS_GATEWAY_URL": self.sms_url,
            "CERDAS_SMS_GATEWAY_TOKEN": self.sms_token,
        }

    # -- behaviour ----------------------------------------------------------------------

    def answer(self, status: int | None, *, kind: str | None = None, times: int | None = None):
        """Answer `status` (None: normally) to the next `times` sends (None: all)."""
        self._rules[kind] = _Rule(status=status, times=times)

    def hang(self, seconds: float, *, kind: str | None = None, times: int | None = None):
        """Wait `seconds` before answering (longer than the client's timeout: a hang)."""
        self._rules[kind] = _Rule(hang=seconds, times=times)

    def add_media(self, media_id: str, content: bytes, mime: str = "image/jpeg") -> None:
        self._media[media_id] = (content, mime)

    def add_telegram_file(self, file_id: str, content: bytes, path: str = "") -> str:
        path = path or f"photos/{file_id}.jpg"
        self._tg_files[file_id] = (content, path)
        return path

    def customer_wrote(self, wa_id: str, at: float | None = None) -> None:
        """The person behind `wa_id` sent the business a message (opens the window)."""
        self._customers[wa_id.lstrip("+")] = time.time() if at is None else at

    def approve_template(self, name: str, language: str = "id", params: int = 0) -> None:
        self._templates[(name, language)] = params

    def window_open(self, wa_id: str) -> bool:
        last = self._customers.get(wa_id)
        return last is not None and time.time() - last < WINDOW_SECONDS

    def sent_to(self, to: str) -> list[Delivered]:
        return [d for d in self.delivered if d.to == to]

    def _rule(self, kind: str) -> _Rule | None:
        with self.lock:
            for name in (kind, None):
                rule = self._rules.get(name)
                if rule is None:
                    continue
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times < 0:
                        del self._rules[name]
                        continue
                return rule
        return None

    def _take(self, kind: str, key: str, to: str, text: str, payload: dict) -> tuple[str, bool]:
        """Record a message; returns its id and whether it was new."""
        with self.lock:
            if key and key in self._by_key:
                self.duplicates.append(key)
                return self._by_key[key], False
            provider_id = f"{kind}-{next(self._ids)}"
            if key:
                self._by_key[key] = provider_id
            self.delivered.append(Delivered(kind, key, to, text, provider_id, payload))
            return provider_id, True


def _handler_for(fake: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass  # quiet tests

        # -- plumbing -------------------------------------------------------------------

        def _json_body(self) -> dict | None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not raw:
                return None
            try:
                return json.loads(raw)
            except ValueError:
                return None

        def _send(self, status: int, body: bytes, content_type="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, value: dict):
            self._send(status, json.dumps(value).encode())

        def do_GET(self):  # noqa: N802 (http.server's name)
            self._dispatch("GET")

        def do_POST(self):  # noqa: N802
            self._dispatch("POST")

        def _dispatch(self, method: str):
            url = urlsplit(self.path)
            payload = self._json_body() if method == "POST" else None
            parts = [p for p in url.path.split("/") if p]
            kind = (
                "whatsapp"
                if parts[:1] == [WHATSAPP_VERSION]
                else "sms"
                if parts[:1] == ["sms"]
                else "telegram"
            )
            with fake.lock:
                fake.requests.append(
                    Recorded(kind, method, url.path, dict(self.headers.items()), payload)
                )
            try:
                if kind == "whatsapp":
                    self._whatsapp(method, parts[1:], payload)
                elif kind == "sms":
                    self._sms(payload)
                else:
                    self._telegram(method, parts, parse_qs(url.query), payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): nothing to answer

        def _behave(self, kind: str) -> int | None:
            """Apply the hang/delay rules; return a forced status, if any."""
            rule = fake._rule(kind)
            if rule is not None and rule.hang:
                time.sleep(rule.hang)
            return rule.status if rule is not None else None

        # -- WhatsApp Cloud API ---------------------------------------------------------

        def _wa_error(self, status: int, code: int, message: str, details: str = ""):
            self._json(
                status,
                {
                    "error": {
                        "message": message,
                        "type": "OAuthException",
                        "code": code,
                        "error_data": {"messaging_product": "whatsapp", "details": details},
                        "fbtrace_id": "AbCdEfFake",
                    }
                },
            )

        def _whatsapp(self, method: str, parts: list[str], payload: dict | None):
            if self.headers.get("Authorization") != f"Bearer {fake.whatsapp_token}":
                return self._wa_error(401, 190, "Invalid OAuth access token - Cannot parse")
            if method == "GET" and parts[:1] == ["media-download"] and len(parts) == 2:
                content, mime = fake._media.get(parts[1], (None, ""))
                if content is None:
                    return self._wa_error(404, 100, "Media not found")
                return self._send(200, content, mime)
            if method == "GET" and len(parts) == 1:
                media = fake._media.get(parts[0])
                if media is None:
                    return self._wa_error(400, 100, "Unsupported get request.")
                content, mime = media
                return self._json(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "url": f"{fake.whatsapp_url}/media-download/{parts[0]}",
                        "mime_type": mime,
                        "sha256": hashlib.sha256(content).hexdigest(),
                        "file_size": len(content),
                        "id": parts[0],
                    },
                )
            if method != "POST" or parts != [fake.whatsapp_phone_id, "messages"]:
                return self._wa_error(400, 100, "Unsupported post request.")
            forced = self._behave("whatsapp")
            if forced is not None:
                if forced >= 500:
                    return self._wa_error(forced, 131000, "Something went wrong")
                return self._wa_error(
                    forced,
                    131030,
                    "Recipient phone number not in allowed list",
                    "Add recipient phone number to recipient list and try again.",
                )
            if (
                not payload
                or payload.get("messaging_product") != "whatsapp"
                or not payload.get("to")
                or payload.get("type") not in ("text", "image", "template")
            ):
                return self._wa_error(400, 100, "Invalid parameter")
            if payload["type"] == "template":
                text, refusal = self._wa_template(payload.get("template"))
                if refusal:
                    return self._wa_error(*refusal)
            elif not fake.window_open(payload["to"]):
                return self._wa_error(
                    400,
                    131047,
                    "(#131047) Re-engagement message",
                    "Message failed to send because more than 24 hours have passed since "
                    "the customer last replied to this number.",
                )
            elif payload["type"] == "text":
                text = (payload.get("text") or {}).get("body", "")
            else:
                text = (payload.get("image") or {}).get("caption", "")
                if len(text) > 1024:
                    return self._wa_error(
                        400, 100, "Invalid parameter", "Caption exceeds 1024 characters."
                    )
            key = self.headers.get("Idempotency-Key") or payload.get("biz_opaque_callback_data", "")
            time.sleep(fake.delay)
            provider_id, _ = fake._take("whatsapp", key, payload["to"], text, payload)
            self._json(
                200,
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                    "messages": [{"id": f"wamid.{provider_id}"}],
                },
            )

        def _wa_template(self, template) -> tuple[str, tuple | None]:
            """The template's text as sent ("name: p1 | p2"), or Meta's refusal."""
            if not isinstance(template, dict) or not isinstance(template.get("name"), str):
                return "", (400, 100, "Invalid parameter", "template.name is required")
            language = (template.get("language") or {}).get("code", "")
            expected = fake._templates.get((template["name"], language))
            if expected is None:
                return "", (
                    404,
                    132001,
                    "(#132001) Template name does not exist in the translation",
                    f"template name ({template['name']}) does not exist in {language}",
                )
            params = []
            for component in template.get("components") or []:
                if (component or {}).get("type") == "body":
                    params += [p.get("text", "") for p in component.get("parameters") or []]
            if len(params) != expected:
                return "", (
                    400,
                    132000,
                    "(#132000) Number of parameters does not match the expected number of params",
                    f"body: number of localizable_params ({len(params)}) does not match the "
                    f"expected number of params ({expected})",
                )
            for text in params:
                if not text or "\n" in text or "\t" in text or "     " in text:
                    return "", (
                        400,
                        100,
                        "(#100) Invalid parameter",
                        "Param text cannot have new-line/tab characters or more than 4 "
                        "consecutive spaces",
                    )
            return f"{template['name']}: {' | '.join(params)}", None

        # -- Telegram Bot API -----------------------------------------------------------

        def _tg_error(self, status: int, description: str):
            self._json(status, {"ok": False, "error_code": status, "description": description})

        def _telegram(self, method: str, parts: list[str], query: dict, payload: dict | None):
            token = f"bot{fake.telegram_token}"
            if parts[:1] == ["file"] and parts[1:2] == [token] and method == "GET":
                path = "/".join(parts[2:])
                for content, file_path in fake._tg_files.values():
                    if file_path == path:
                        return self._send(200, content, "application/octet-stream")
                return self._tg_error(404, "Not Found")
            if parts[:1] != [token] or len(parts) != 2:
                return self._tg_error(401, "Unauthorized")
            api_method = parts[1]
            args = dict(payload or {})
            args.update({k: v[0] for k, v in query.items()})
            if api_method == "getFile":
                entry = fake._tg_files.get(str(args.get("file_id", "")))
                if entry is None:
                    return self._tg_error(400, "Bad Request: invalid file_id")
                content, path = entry
                return self._json(
                    200,
                    {
                        "ok": True,
                        "result": {
                            "file_id": args["file_id"],
                            "file_unique_id": hashlib.sha1(path.encode()).hexdigest()[:16],  # noqa: S324
                            "file_size": len(content),
                            "file_path": path,
                        },
                    },
                )
            if api_method not in ("sendMessage", "sendPhoto"):
                return self._tg_error(404, "Not Found: method not found")
            forced = self._behave("telegram")
            if forced is not None:
                if forced >= 500:
                    return self._tg_error(forced, "Internal Server Error")
                return self._tg_error(forced, "Forbidden: bot was blocked by the user")
            text = args.get("text") if api_method == "sendMessage" else args.get("caption", "")
            if not args.get("chat_id") or (api_method == "sendMessage" and not text):
                return self._tg_error(400, "Bad Request: message text is empty")
            mode = args.get("parse_mode")
            if mode not in (None, "HTML"):
                return self._tg_error(400, f"Bad Request: unsupported parse_mode {mode}")
            if mode == "HTML":
                text, error = telegram_parse(text or "")
                if error:
                    return self._tg_error(400, f"Bad Request: can't parse entities: {error}")
            if api_method == "sendMessage" and _utf16(text) > 4096:
                return self._tg_error(400, "Bad Request: message is too long")
            if api_method == "sendPhoto" and _utf16(text or "") > 1024:
                return self._tg_error(400, "Bad Request: message caption is too long")
            time.sleep(fake.delay)
            key = self.headers.get("Idempotency-Key", "")
            provider_id, _ = fake._take("telegram", key, str(args["chat_id"]), text or "", args)
            message = {
                "message_id": int(provider_id.rsplit("-", 1)[1]),
                "date": int(time.time()),
                "chat": {"id": args["chat_id"], "type": "private"},
                "from": {"id": 123456, "is_bot": True, "first_name": "Cerdas"},
            }
            message["text" if api_method == "sendMessage" else "caption"] = text
            self._json(200, {"ok": True, "result": message})

        # -- SMS gateway ----------------------------------------------------------------

        def _sms(self, payload: dict | None):
            if self.headers.get("Authorization") != f"Bearer {fake.sms_token}":
                return self._json(401, {"error": "invalid token"})
            forced = self._behave("sms")
            if forced is not None:
                reason = "gateway unavailable" if forced >= 500 else "invalid destination number"
                return self._json(forced, {"error": reason})
            if not payload or not payload.get("to") or not payload.get("message"):
                return self._json(400, {"error": "to and message are required"})
            time.sleep(fake.delay)
            key = self.headers.get("Idempotency-Key") or payload.get("reference", "")
            provider_id, _ = fake._take("sms", key, payload["to"], payload["message"], payload)
            self._json(200, {"id": provider_id, "status": "queued"})

    return Handler
