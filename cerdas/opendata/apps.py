from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "cerdas.opendata"
    verbose_name = _("Data terbuka")
    default_auto_field = "django.db.models.BigAutoField"
