from django.apps import AppConfig


class BoardsConfig(AppConfig):
    """Shared whiteboards live inside groups: a board belongs to a study group's standing
    room (later also to a live session's breakout rooms), and whoever may enter the room
    may see it. Its own app for its own tables and migrations."""

    name = "groups.boards"
    label = "boards"
    verbose_name = "Whiteboards"
    default_auto_field = "django.db.models.BigAutoField"
