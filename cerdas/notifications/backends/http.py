"""The HTTP part every provider backend shares: a JSON POST with a timeout that turns
the answer into a result or one of the two errors."""

import json
import urllib.error
import urllib.request
from http.client import HTTPException

from django.conf import settings

from . import PermanentError, RetryableError

USER_AGENT = "Cerdas-Notify/1"
# Statuses worth trying again besides 5xx: the provider asks us to slow down or wait.
RETRY_STATUSES = frozenset({408, 409, 425, 429})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A provider API does not redirect; following one would send the token elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def request_json(
    method: str,
    url: str,
    *,
    payload: dict | None = None,
    headers: dict[str, str] | None = None,
    reason_of=None,
) -> dict:
    """Send `payload` as JSON, return the JSON answer of a 2xx.

    `reason_of(status, answer)` picks the provider's reason out of an error answer (its
    JSON when it had one). Raises RetryableError on 5xx/408/429/timeouts/no answer and
    PermanentError on any other refusal. The URL never appears in a reason: it may carry
    a token (Telegram's does).
    """
    body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    # http(s) URLs from our own settings only.
    request = urllib.request.Request(url, data=body, headers=all_headers, method=method)  # noqa: S310
    try:
        with _opener.open(request, timeout=settings.CERDAS_NOTIFY_TIMEOUT) as response:
            status, raw = response.status, response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        with exc:
            status, raw = exc.code, exc.read(100_000)
    except (OSError, HTTPException) as exc:
        raise RetryableError(transport_reason(exc)) from None
    try:
        answer = json.loads(raw) if raw else {}
    except ValueError:
        answer = {}
    if 200 <= status < 300:
        return answer if isinstance(answer, dict) else {}
    reason = f"HTTP {status}"
    detail = reason_of(status, answer) if reason_of and isinstance(answer, dict) else ""
    if detail:
        reason = f"{reason}: {detail}"
    if status >= 500 or status in RETRY_STATUSES:
        raise RetryableError(reason, status=status)
    raise PermanentError(reason, status=status)


def transport_reason(exc: BaseException) -> str:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return f"timeout ({settings.CERDAS_NOTIFY_TIMEOUT} s)"
    return f"{type(reason).__name__}: {reason}"[:300]
