from django.apps import AppConfig


class LoungeConfig(AppConfig):
    name = "lounge"
    verbose_name = "Lounge"

    def ready(self):
        from . import receivers  # noqa: F401
