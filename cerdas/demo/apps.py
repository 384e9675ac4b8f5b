from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cerdas.demo"
    verbose_name = "Demo"
