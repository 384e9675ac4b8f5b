from django.apps import AppConfig


class PpidConfig(AppConfig):
    name = "cerdas.ppid"
    verbose_name = "PPID"
