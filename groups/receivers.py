"""Groups keep step with the courses they belong to."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete
from django.dispatch import receiver

from courses.models import Course, Enrolment

from .actions import remove_from_course_groups


@receiver(post_delete, sender=Enrolment, dispatch_uid="groups_leave_course_groups")
def leave_course_groups(sender, instance, **kwargs):
    """A course's groups are for its people: leaving the course means leaving its groups.

    Skipped when the course or the person is being deleted: their groups and
    memberships go with them.
    """
    course_exists = Course.objects.filter(pk=instance.course_id).exists()
    person = get_user_model().objects.filter(pk=instance.user_id).first()
    if course_exists and person is not None:
        remove_from_course_groups(instance.course, person)
