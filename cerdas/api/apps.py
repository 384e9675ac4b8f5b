from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cerdas.api"
    verbose_name = "API"
