"""API keys and rate limits: shared by the REST API, Open311 and any other client API."""

from django.http import HttpRequest

from cerdas.agencies.models import Agency
from cerdas.complaints.workflow import WorkflowError

from .models import SCOPE_AGENCY, SCOPE_READ_ALL, SCOPE_SUBMIT, ApiKey, ApiSubmission, RateWindow

ANONYMOUS_SUBMITS_PER_MINUTE = 10


def validate_scopes(scopes: list[str]) -> list[str]:
    cleaned = []
    for scope in scopes:
        scope = scope.strip()
        if scope in (SCOPE_SUBMIT, SCOPE_READ_ALL):
            cleaned.append(scope)
        elif scope.startswith(SCOPE_AGENCY):
            code = scope.removeprefix(SCOPE_AGENCY)
            if not Agency.objects.internal().filter(code=code).exists():
                raise WorkflowError(f"Cakupan {scope}: tidak ada OPD aktif dengan kode {code!r}.")
            cleaned.append(scope)
        else:
            raise WorkflowError(
                f"Cakupan tidak dikenal: {scope!r} (submit, read_all atau agency:<kode>)."
            )
    if not cleaned:
        raise WorkflowError("Berikan minimal satu cakupan.")
    return sorted(set(cleaned))


def key_from_request(request: HttpRequest, *, param: str | None = None) -> ApiKey | None:
    """The key in `Authorization: Bearer ...`, `X-Api-Key`, or a request parameter
    (Open311 clients send `api_key`)."""
    raw = ""
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        raw = auth[7:].strip()
    raw = raw or request.headers.get("X-Api-Key", "")
    if not raw and param:
        raw = request.POST.get(param) or request.GET.get(param) or ""
    return ApiKey.authenticate(raw.strip()) if raw else None


def client_ip(request: HttpRequest) -> str:
    from django.conf import settings

    if settings.CERDAS_PROXY_COUNT:
        forwarded = [
            p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",") if p.strip()
        ]
        if len(forwarded) >= settings.CERDAS_PROXY_COUNT:
            return forwarded[-settings.CERDAS_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit(request: HttpRequest, key: ApiKey | None, *, anonymous_limit: int) -> int:
    """0 when the request may go on; otherwise the Retry-After in seconds."""
    if key is not None:
        return RateWindow.hit(f"key:{key.pk}", limit=key.rate_per_minute)
    return RateWindow.hit(f"ip:{client_ip(request)}", limit=anonymous_limit)


def submission_record(*, key: ApiKey, complaint) -> None:
    """Remember that `key` filed `complaint`, so it may follow it as its reporter.

    One INSERT that does nothing when the case is known already (a replayed submission),
    in the caller's transaction and without a savepoint.
    """
    ApiSubmission.objects.bulk_create(
        [ApiSubmission(key=key, complaint=complaint)], ignore_conflicts=True
    )
