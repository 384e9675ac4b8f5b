from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cerdas.accounts"
    verbose_name = "Akun"
