from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SensorsConfig(AppConfig):
    name = "cerdas.sensors"
    verbose_name = _("Sensor dan kamera")
    default_auto_field = "django.db.models.BigAutoField"
