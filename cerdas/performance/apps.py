from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "cerdas.performance"
    verbose_name = "Kinerja"

    def ready(self):
        from . import receivers  # noqa: F401  (keeps the rollups with complaint steps)
