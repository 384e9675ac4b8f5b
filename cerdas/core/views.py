from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from cerdas.accounts.models import Role


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers. Says nothing about the database on purpose."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """The database answers; a load balancer stops sending traffic on 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their own work; everyone else on the citizen front page."""
    user = request.user
    if user.is_authenticated:
        if user.role in (Role.OPERATOR, Role.ADMIN):
            return redirect("complaints:operator_queue")
        if user.role in (Role.OFFICER, Role.AGENCY_HEAD):
            return redirect("complaints:agency_inbox")
    return render(request, "core/home.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bots ask for /favicon.ico whatever the pages link: answer, not 404.
    (The static URL is looked up per request: it has a content hash after collectstatic.)"""
    return redirect(static("cerdas/icons/favicon-32.png"), permanent=True)
