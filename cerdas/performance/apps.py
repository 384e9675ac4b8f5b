from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "cerdas.performance"
    verbose_name = "Kinerja"
