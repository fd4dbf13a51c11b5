from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live study sessions with breakout rooms, for a course or a study group. Its own
    app for its own tables and migrations; each room owns a lounge chat and a board."""

    name = "groups.live"
    label = "live"
    verbose_name = "Live sessions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses.sections import register_course_section

        from .sections import course_sessions_section

        register_course_section(course_sessions_section)
