from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cerdas.notifications"
    verbose_name = _("Notifikasi")

    def ready(self):
        from . import receivers  # noqa: F401  (connects to complaint events)
