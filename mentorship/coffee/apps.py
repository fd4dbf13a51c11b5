from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoffeeConfig(AppConfig):
    """Coffee chats live inside mentorship (peer support on the same floor): random
    peer pairing on a cadence. Its own app for its own tables and migrations."""

    name = "mentorship.coffee"
    label = "coffee"
    verbose_name = _("Coffee chats")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lounge.cards import register_channel_card

        from .cards import coffee_chat_card

        register_channel_card(coffee_chat_card)
