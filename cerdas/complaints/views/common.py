"""Helpers shared by the citizen, command center and agency screens."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest

from cerdas.api.models import RateWindow
from cerdas.api.services import client_ip

from ..models import Complaint

REPORTER_SESSION_KEY = "reporter_codes"


def remember_reporter(request: HttpRequest, code: str) -> None:
    codes = request.session.get(REPORTER_SESSION_KEY, [])
    if code not in codes:
        request.session[REPORTER_SESSION_KEY] = [*codes[-49:], code]


def is_reporter(request: HttpRequest, complaint: Complaint) -> bool:
    if complaint.code in request.session.get(REPORTER_SESSION_KEY, []):
        return True
    user = request.user
    return user.is_authenticated and complaint.reporter_id == user.pk


def count_lookup(request: HttpRequest) -> int:
    """Count a look-up by tracking code alone that a stranger could be guessing (an
    unknown code, or a case not on the public map). Returns 0, or the seconds to wait.

    Per client address, in a window shared by every web process (the REST API's rate
    windows, in the database). A verified public report costs nothing to open: it is on
    the public map already, and a citizen browsing the map is never stopped."""
    return RateWindow.hit(
        f"lacak:{client_ip(request)}",
        limit=settings.CERDAS_TRACK_LOOKUPS_PER_HOUR,
        window_seconds=3600,
    )


def has_reporter_link(request: HttpRequest, complaint: Complaint) -> bool:
    return complaint.code in request.session.get(REPORTER_SESSION_KEY, [])


def role_required(check: Callable) -> Callable:
    """Anonymous visitors go to the login page; signed-in people without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


command_center_required = role_required(lambda u: u.is_command_center)
agency_staff_required = role_required(lambda u: u.is_agency_staff)
staff_required = role_required(lambda u: u.sees_all_complaints or u.is_agency_staff)


def paginate(request: HttpRequest, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
