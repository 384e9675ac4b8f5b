from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "cerdas.webhooks"
    verbose_name = "Webhook"

    def ready(self):
        from . import receivers  # noqa: F401  (connects to complaint events)
