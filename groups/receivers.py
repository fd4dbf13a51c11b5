"""Groups keep step with the courses they belong to, and with blocks between people."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Block
from courses.models import Course, Enrolment

from .actions import (
    end_invitations_and_requests_between,
    remove_from_course_groups,
    sync_chat_member,
)
from .models import StudyGroup


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


@receiver(post_save, sender=Enrolment, dispatch_uid="groups_course_staff_moderate_chats")
def course_staff_moderate_group_chats(sender, instance, **kwargs):
    """Instructors and TAs moderate the chats of their course's groups; a TA who becomes
    a student again keeps only the chats of groups they belong to. Saves that leave the
    role's staff-ness as it was change nothing here."""
    if not instance.staff_role_changed():
        return
    for group in StudyGroup.objects.filter(course_id=instance.course_id):
        sync_chat_member(group, instance.user)


@receiver(post_save, sender=Block, dispatch_uid="groups_end_invitations_across_a_block")
def end_invitations_across_a_block(sender, instance, created, **kwargs):
    """accounts records blocks and may not know groups: groups hears of each new one
    here, as it hears of enrolments, and ends what a block now forbids between the two."""
    if created:
        end_invitations_and_requests_between(instance.blocker, instance.blocked)
