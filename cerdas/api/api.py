"""The REST API at /api/v1/: one NinjaAPI, routers per resource, our own docs page.

Ninja's Swagger UI loads scripts from a CDN and runs inline code, which the site's
CSP and no-CDN rule forbid; /api/v1/docs is rendered on the server from the same
OpenAPI document instead (views.docs).
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled

from cerdas.complaints.workflow import WorkflowError

from . import auth
from .routers import complaints, reference, stats
from .routers.common import ERROR_MEANINGS

DESCRIPTION = """\
Complaints, their timeline and workflow steps, and the reference data a client needs
to file one. Every call goes through the same services as the web screens.

Authentication: an API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`
(scopes `submit`, `agency:<code>`, `read_all`), or the web screens' session cookie
(with the CSRF token in `X-CSRFToken` for POST). Without either, public data can be
read and complaints filed (limited per address). See the documentation page at
/api/v1/docs and docs/api.md.
"""

# Who may call each operation, shown in the schema (`x-cerdas-access`) and the docs page.
ACCESS = {
    "list_categories": "anyone",
    "list_agencies": "anyone",
    "list_areas": "anyone",
    "create_complaint": "anyone (anonymous callers are limited per address); "
    "keys with `submit` follow what they filed",
    "list_complaints": "anyone; each caller sees the cases it may read",
    "get_complaint": "anyone; each caller sees the cases it may read",
    "list_events": "anyone; internal events for staff, `agency:<code>` and `read_all`",
    "get_photo": "anyone who may read the case",
    "list_actions": "anyone; empty unless the caller plays a part on the case",
    "take_action": "a session or a key: `agency:<code>` for agency steps, `submit` for "
    "the reporter's steps on cases it filed, a command center session for operator steps",
    "stats_summary": "a leader or command center session, or a `read_all` key",
    "stats_agencies": "a leader or command center session, or a `read_all` key (every "
    "agency); an agency head's session (their own agency)",
}
# Operations that answer nobody without a key or a session (401).
CREDENTIALS_REQUIRED = {"stats_summary", "stats_agencies"}


class CerdasAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                name = operation["operationId"]
                operation["x-cerdas-access"] = ACCESS.get(name, "")
                # Anonymous calls are allowed on the other operations; the empty
                # requirement says so.
                security = operation.setdefault("security", [])
                if name not in CREDENTIALS_REQUIRED and {} not in security:
                    security.append({})
                for status, answer in operation["responses"].items():
                    meaning = ERROR_MEANINGS.get(int(status))
                    if meaning:
                        answer["description"] = meaning
                    if int(status) == 429:
                        answer["headers"] = {
                            "Retry-After": {
                                "description": "seconds to wait",
                                "schema": {"type": "integer"},
                            }
                        }
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__


api = CerdasAPI(
    title=f"Cerdas API ({settings.CERDAS_CITY_NAME})",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=auth.OPEN,
)
api.add_router("", reference.router)
api.add_router("", complaints.router)
api.add_router("", stats.router)


def _json_error(request: HttpRequest, message, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _json_error(
        request,
        _("Terlalu banyak permintaan. Coba lagi dalam %(s)s detik.") % {"s": exc.wait},
        429,
    )
    response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else _("Kunci API diperlukan.")
    response = _json_error(request, message, 401)
    response["WWW-Authenticate"] = 'Bearer realm="cerdas"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = exc.message
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = _("Isi permintaan bukan JSON yang sah.")
    return _json_error(request, message, exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json_error(request, _("Tidak ditemukan."), 404)


@api.exception_handler(WorkflowError)
def _refused(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
    # Views turn WorkflowError into 400 or 409 themselves; this catches any they missed.
    return _json_error(request, str(exc), 400)
