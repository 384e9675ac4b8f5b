"""Small pieces the routers share: documented error answers, photos, codes, times."""

import base64
import binascii
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from cerdas.complaints.services import Upload
from cerdas.lib.codes import normalize

from ..schemas import Error

ERROR_MEANINGS = {
    400: "The request fits the schema but a rule refused it (message in `detail`).",
    401: "The API key is unknown or revoked, or this step needs a key or a session.",
    403: "The caller sees the case but plays no part that may take this step, or the "
    "session's CSRF token is missing.",
    404: "No such case, or not one this caller may read.",
    409: "The case's state does not allow this step now (it moved on, or was rated).",
    413: "The body is larger than CERDAS_API_MAX_BODY_MB.",
    422: "The request does not fit the schema (`detail` lists the fields), or an "
    "Idempotency-Key was reused with another body.",
    429: "Rate limit reached; retry after the seconds in the Retry-After header.",
}


def errors(*codes: int) -> dict[int, type[Error]]:
    """The error answers an operation documents; all share the Error shape."""
    return dict.fromkeys(codes, Error)


def decode_photos(items: list[str]) -> list[Upload]:
    """Base64 photos (optionally as data URLs) into uploads the services check."""
    limit = settings.CERDAS_MAX_UPLOAD_MB * 1024 * 1024
    uploads = []
    for number, item in enumerate(items, start=1):
        text = item.strip()
        if text.startswith("data:") and "," in text:
            text = text.split(",", 1)[1]
        if len(text) * 3 // 4 > limit + 3:
            raise HttpError(
                400,
                _("Foto %(n)s terlalu besar (maksimal %(mb)s MB).")
                % {"n": number, "mb": settings.CERDAS_MAX_UPLOAD_MB},
            )
        try:
            data = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            raise HttpError(
                400, _("Foto %(n)s bukan data base64 yang sah.") % {"n": number}
            ) from None
        uploads.append(Upload(name=f"foto-{number}", data=data))
    return uploads


def case_code(code: str) -> str:
    """Codes as citizens type them (lower case, without dashes) find the case too."""
    return normalize(code)


def aware(value: datetime | None, *, field: str) -> datetime | None:
    """A filter time in UTC; a time without an offset is read in the city's zone."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=settings.CERDAS_TIME_ZONE)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise HttpError(400, _("%(field)s di luar jangkauan tanggal.") % {"field": field}) from None
