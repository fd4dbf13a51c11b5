from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self):
        from .sections import register_course_section
        from .views.assignments import course_section

        register_course_section(course_section)
