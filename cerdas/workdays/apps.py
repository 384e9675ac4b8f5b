from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "cerdas.workdays"
    verbose_name = "Kalender Kerja"
