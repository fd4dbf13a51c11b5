from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Study groups"

    def ready(self):
        from accounts import page_sections

        from . import receivers  # noqa: F401
        from .sections import course_groups_section, home_groups_section

        page_sections.register(page_sections.COURSE, course_groups_section)
        page_sections.register(page_sections.HOME, home_groups_section)
