"""`Idempotency-Key` for POST /complaints: a retried request never files a second case.

The first request with a key stores its answer; a retry with the same key and the same
body gets that answer again (with `Idempotent-Replayed: true`), a retry with another
body gets 422. Two retries racing each other meet at two unique constraints: the
complaint's `submission_key` (derived from the client's scope and key) and the
record's (scope, key); the loser replays the winner's answer.
"""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"


class KeyReusedError(HttpError):
    def __init__(self) -> None:
        super().__init__(
            422,
            _(
                "Idempotency-Key ini sudah dipakai untuk permintaan dengan isi yang berbeda. "
                "Gunakan kunci baru untuk laporan baru."
            ),
        )


def request_hash(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def submission_key(scope: str, key: str) -> str:
    """The complaint's own double-submit guard, unique across clients (fits 64 characters)."""
    return "api:" + hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest()[:60]


def find(scope: str, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(scope=scope, key=key).first()


def replay(record: IdempotencyRecord, digest: str) -> tuple[int, dict]:
    if record.request_hash != digest:
        raise KeyReusedError
    return record.response_status, record.response_body


def run_once(
    scope: str, key: str, digest: str, produce: Callable[[], tuple[int, dict]]
) -> tuple[int, dict, bool]:
    """Answer (status, body, replayed) for the request, producing it at most once."""
    record = find(scope, key)
    if record is not None:
        return *replay(record, digest), True
    with transaction.atomic():
        status, body = produce()
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    scope=scope,
                    key=key,
                    request_hash=digest,
                    response_status=status,
                    response_body=body,
                )
        except IntegrityError:
            # A concurrent retry committed first: its complaint is the one `produce`
            # found through the submission key, and its answer is the one to give.
            record = find(scope, key)
            if record is None:  # pragma: no cover - the constraint said it exists
                raise
            return *replay(record, digest), True
    return status, body, False


def once(scope: str, key: str, produce: Callable[[], dict]) -> tuple[dict, bool]:
    """(body, replayed): `produce` runs at most once per (scope, key), whatever was sent
    with the key. For clients that number their own messages and retry them unchanged
    (an Open311 `update_id`): the record is written before the work, in the same
    transaction, so a concurrent retry waits on it and then replays instead of working
    twice. A `produce` that raises leaves no record: the retry tries again."""
    record = find(scope, key)
    if record is not None:
        return record.response_body, True
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                scope=scope, key=key, request_hash="", response_status=0, response_body={}
            )
            body = produce()
            record.response_status, record.response_body = 200, body
            record.save(update_fields=["response_status", "response_body"])
    except IntegrityError:
        record = find(scope, key)
        if record is None:
            raise
        return record.response_body, True
    return body, False
