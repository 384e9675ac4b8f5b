from django.urls import path, re_path

from . import views
from .api import api

app_name = "api"
# The API's own routes carry the names of the "api" namespace (api:complaint...), so
# its patterns are listed here directly rather than included under a second namespace.
urlpatterns = [
    path("", views.index, name="index"),
    path("docs", views.docs, name="docs"),
    *api.urls[0],
    # Anything else under /api/v1/ answers in JSON, like the API does.
    re_path(r"^.*$", views.not_found, name="not_found"),
]
