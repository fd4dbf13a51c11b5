from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from .sections import register_course_section
        from .views.assignments import course_section

        register_course_section(course_section)

        from django.db.models.signals import post_delete

        from .files import delete_stored_file
        from .models import Attachment

        post_delete.connect(
            delete_stored_file, sender=Attachment, dispatch_uid="courses_attachment_bytes"
        )
