from django.apps import AppConfig


class MeetupsConfig(AppConfig):
    """Meetups live inside the lounge: each is attached to a channel, and whoever may
    read the channel may see it. Its own app for its own tables and migrations."""

    name = "lounge.meetups"
    label = "meetups"
    verbose_name = "Meetups"
    default_auto_field = "django.db.models.BigAutoField"
