from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "cerdas.complaints"
    verbose_name = "Pengaduan"
