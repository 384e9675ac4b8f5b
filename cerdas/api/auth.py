"""Authentication, rate limits and body size for the REST API, as django-ninja auth.

Each operation lists these callables in order; the first that answers decides who
calls: an API key (as a bearer token or in `X-Api-Key`), a signed-in browser session,
or nobody. A key that is sent but unknown or revoked is refused (401) instead of
being treated as anonymous, so a client learns at once that its key stopped working.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.security import APIKeyCookie, APIKeyHeader, HttpBearer
from ninja.utils import check_csrf

from .access import Principal
from .services import key_from_request, rate_limit

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BodyTooLargeError(HttpError):
    def __init__(self, limit_mb: int) -> None:
        super().__init__(
            413, _("Isi permintaan terlalu besar (maksimal %(mb)s MB).") % {"mb": limit_mb}
        )


def _buffer_body(request: HttpRequest) -> None:
    """Read a large JSON body ourselves, up to the API's own limit.

    Django refuses `request.body` above DATA_UPLOAD_MAX_MEMORY_SIZE, which is sized for
    the web forms' text fields (their photos stream to disk). API photos travel inside
    the JSON as base64, so the API reads its body here, after the caller was admitted
    and counted, and leaves it where `request.body` finds it, as Django itself does.
    """
    if request.method not in UNSAFE_METHODS:
        return
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit_mb = settings.CERDAS_API_MAX_BODY_MB
    if length > limit_mb * 1024 * 1024:
        raise BodyTooLargeError(limit_mb)
    if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and not hasattr(request, "_body"):
        request._body = request.read(length)


def _admit(request: HttpRequest, principal: Principal, *, limit: int | None = None) -> Principal:
    """Count the request against its rate limit, then make its body readable."""
    if principal.key is not None or limit is not None:
        wait = rate_limit(request, principal.key, anonymous_limit=limit or 0)
        if wait:
            raise Throttled(wait)
    _buffer_body(request)
    return principal


def _key_principal(request: HttpRequest) -> Principal:
    key = key_from_request(request)
    if key is None:
        raise AuthenticationError(message=_("Kunci API tidak dikenal atau sudah dicabut."))
    return _admit(request, Principal(key=key))


class ApiKeyBearer(HttpBearer):
    """`Authorization: Bearer cer_...`"""

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        return _key_principal(request)


class ApiKeyInHeader(APIKeyHeader):
    """`X-Api-Key: cer_...`"""

    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        return _key_principal(request) if key else None


class BrowserSession(APIKeyCookie):
    """The web screens' session cookie; unsafe methods need the CSRF token as well."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Principal | None:
        if not request.user.is_authenticated:
            return None
        if request.method in UNSAFE_METHODS and check_csrf(request):
            raise HttpError(
                403, _("Pemeriksaan CSRF gagal: kirim token CSRF di header X-CSRFToken.")
            )
        return _admit(request, Principal(user=request.user))

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        return None  # __call__ decides; the cookie value itself is Django's business


class Anonymous:
    """Nobody signed in and no key: public reads, and reports limited per address."""

    def __init__(self, *, limited: bool = False) -> None:
        self.limited = limited

    def __call__(self, request: HttpRequest) -> Principal:
        limit = settings.CERDAS_API_ANON_SUBMITS_PER_MINUTE if self.limited else None
        return _admit(request, Principal(), limit=limit)


KEY_AUTH = [ApiKeyBearer(), ApiKeyInHeader(), BrowserSession()]
# Reads: public data without credentials.
OPEN = [*KEY_AUTH, Anonymous()]
# Filing a report: anyone, but anonymous callers are limited per address.
SUBMIT = [*KEY_AUTH, Anonymous(limited=True)]
