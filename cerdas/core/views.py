import hashlib

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
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


# Where each staff role lands after signing in (and when it opens the home page).
DESKS = {
    Role.OPERATOR: "complaints:operator_queue",
    Role.ADMIN: "admin:index",
    Role.OFFICER: "complaints:agency_inbox",
    Role.AGENCY_HEAD: "complaints:agency_inbox",
    Role.LEADER: "dashboards:overview",
    Role.PPID: "ppid:desk",
    Role.WALIDATA: "opendata:manage",
}


def home(request: HttpRequest) -> HttpResponse:
    """Staff land on their own work; everyone else on the citizen front page."""
    user = request.user
    desk = DESKS.get(user.role) if user.is_authenticated else None
    if user.is_authenticated and user.role == Role.ADMIN and not user.is_staff:
        desk = "complaints:operator_queue"  # an admin without the admin site: the queue
    if desk:
        return redirect(desk)
    return render(request, "core/home.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bots ask for /favicon.ico whatever the pages link: answer, not 404.
    (The static URL is looked up per request: it has a content hash after collectstatic.)"""
    return redirect(static("cerdas/icons/favicon-32.png"), permanent=True)


# The files the report form needs, cached by the service worker at install.
OFFLINE_ASSETS = (
    "cerdas/app.css",
    "cerdas/report.js",
    "cerdas/pwa.js",
    "cerdas/map.js",
    "cerdas/triage.js",
    "vendor/leaflet-1.9.4/leaflet.css",
    "vendor/leaflet-1.9.4/leaflet.js",
    "cerdas/icons/icon-192.png",
)


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site's root so it may serve every page offline. Its
    version is the hashed asset names: a deploy with new files installs a new worker."""
    assets = [static(name) for name in OFFLINE_ASSETS]
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    response = render(
        request,
        "core/sw.js",
        {"assets": assets, "version": version, "static_prefix": settings.STATIC_URL},
        content_type="text/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: Cerdas installs on a phone's home screen, opening the form."""
    icons = [
        {"src": static("cerdas/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("cerdas/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("cerdas/icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    data = {
        "name": f"Cerdas {settings.CERDAS_CITY_NAME}",
        "short_name": "Cerdas",
        "description": _("Laporkan masalah kota dan pantau tindak lanjutnya."),
        "start_url": reverse("complaints:report"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cad",
        "lang": "id",
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
