from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = _("Mentorship")

    def ready(self):
        from lounge.cards import register_channel_card

        from .cards import mentoring_chat_card

        register_channel_card(mentoring_chat_card)
