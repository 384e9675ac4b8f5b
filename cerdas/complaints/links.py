"""The addresses of a complaint's pages, for pages and for messages sent outside a
request (notices, chat replies).

The public tracking page (`/lacak/<kode>/`) answers anyone who has the code, so it
shows the state and dates only. The reporter's private link adds a key derived from the
code (an HMAC under SECRET_KEY, never stored): whoever opens it acts as the reporter.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

_signer = signing.Signer(salt="cerdas.complaints.reporter-link")


def reporter_token(code: str) -> str:
    """The secret of a complaint's private reporter link (derived, never stored)."""
    return _signer.signature(code)


def reporter_token_valid(code: str, token: str) -> bool:
    try:
        _signer.unsign(f"{code}{_signer.sep}{token}")
    except signing.BadSignature:
        return False
    return True


def track_path(code: str) -> str:
    return reverse("complaints:track", args=[code])


def private_path(code: str) -> str:
    return f"{track_path(code)}?k={reporter_token(code)}"


def public_url(code: str) -> str:
    return settings.CERDAS_BASE_URL + track_path(code)


def private_url(code: str) -> str:
    """The reporter's own link: the hub to add information, rate and reopen."""
    return settings.CERDAS_BASE_URL + private_path(code)
