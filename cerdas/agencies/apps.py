from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "cerdas.agencies"
    verbose_name = "Perangkat Daerah"
