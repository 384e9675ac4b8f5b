from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Browsers and bots ask for it whatever the pages say: answer instead of a 404.
    path("favicon.ico", views.favicon, name="favicon"),
    # The installable app: at the root, so the worker's scope is the whole site.
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
