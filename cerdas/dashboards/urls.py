from django.urls import path, register_converter

from . import views


class ReportFormat:
    regex = "pdf|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormat, "report")


app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("opd/<slug:code>/", views.agency, name="agency"),
    path("ringkasan/", views.digest, name="digest"),
    path(
        "laporan/<int:year>-<int:month>.<report:fmt>", views.monthly_report, name="monthly_report"
    ),
    path("dinding/<str:token>/", views.wall, name="wall"),
    path("dinding/<str:token>/data.json", views.wall_data_view, name="wall_data"),
]
