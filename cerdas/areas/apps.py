from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "cerdas.areas"
    verbose_name = "Wilayah"
