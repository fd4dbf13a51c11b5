from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Study groups"

    def ready(self):
        from courses.sections import register_course_section
        from lounge.group_mentions import register_group_mention

        from . import receivers  # noqa: F401
        from .mentions import organisers_of_group_chat
        from .sections import course_groups_section

        register_course_section(course_groups_section)
        register_group_mention(
            "organisers", organisers_of_group_chat, "the study group's organisers"
        )
