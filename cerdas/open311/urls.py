"""Open311 GeoReport v2, mounted at /open311/v2/. Every resource ends in .xml or .json."""

from django.urls import path, re_path

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns = [
    path("", views.root, name="root"),
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services/(?P<service_code>[^/.]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.service_requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/.]+)" + FMT, views.service_request, name="request"),
    re_path(r"^tokens/(?P<token>[^/.]+)" + FMT, views.token, name="token"),
    re_path(
        r"^servicerequestupdates" + FMT,
        views.service_request_updates,
        name="servicerequestupdates",
    ),
    re_path(r"^(?P<path>.+)$", views.not_found),
]
