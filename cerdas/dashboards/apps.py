from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "cerdas.dashboards"
    verbose_name = "Dasbor"
