from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "cerdas.channels"
    label = "intake_channels"
    verbose_name = "Kanal masuk"

    def ready(self):
        from . import receivers

        receivers.register()  # a chat-filed report's news goes back to its chat
