from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "cerdas.channels"
    label = "intake_channels"
    verbose_name = "Kanal masuk"
