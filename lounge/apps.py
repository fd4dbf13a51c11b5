from django.apps import AppConfig


class LoungeConfig(AppConfig):
    name = "lounge"
    verbose_name = "Lounge"
