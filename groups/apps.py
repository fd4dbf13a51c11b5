from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Study groups"

    def ready(self):
        from courses.sections import register_course_section

        from . import receivers  # noqa: F401
        from .sections import course_groups_section

        register_course_section(course_groups_section)
