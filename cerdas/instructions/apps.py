from django.apps import AppConfig


class InstructionsConfig(AppConfig):
    name = "cerdas.instructions"
    verbose_name = "Arahan pimpinan"
