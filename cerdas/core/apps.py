from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cerdas.core"
    verbose_name = "Inti"
