from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "cerdas.triage"
    verbose_name = "Triase cerdas"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
