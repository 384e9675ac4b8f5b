from django.apps import AppConfig


class CityConfig(AppConfig):
    name = "cerdas.city"
    verbose_name = "Kota/kabupaten"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the city checks
