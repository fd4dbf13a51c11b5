"""Every write to courses and enrolments goes through these verbs."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import moderation as site
from accounts.actions import notify
from lounge import actions as lounge
from lounge.models import Channel

from .. import permissions
from ..errors import CourseError, InvalidJoinCode, NotAllowed
from ..models import Course, Enrolment, new_join_code
from .assignments import sync_staff_in_team_chats
from .groupings import leave_teams


@transaction.atomic
def create_course(actor, *, title, code, term, description=""):
    if not permissions.can_create_course(actor):
        raise NotAllowed(_("Only instructors can create courses."))
    course = Course.objects.create(
        title=title, code=code.upper(), term=term, description=description, created_by=actor
    )
    Enrolment.objects.create(course=course, user=actor, role=Enrolment.Role.INSTRUCTOR)
    course_channel(course)
    return course


def course_channel(course):
    """The course's chat: everyone enrolled, its instructors and TAs as moderators."""
    return lounge.ensure_owned_channel(
        course,
        Channel.Kind.COURSE,
        name=f"{course.code} {course.title}"[:80],
        topic=_("Everyone in %(code)s, %(term)s") % {"code": course.code, "term": course.term},
        people=lambda: [
            (enrolment.user, enrolment.is_staff_role)
            for enrolment in course.enrolments.select_related("user")
        ],
    )


def sync_chat_member(course, enrolment, *, enrolled=True):
    """Put the enrolment's person in step in the course's chat (member, moderator or out)."""
    lounge.sync_owned_member(
        course_channel(course),
        enrolment.user,
        member=enrolled,
        moderator=enrolled and enrolment.is_staff_role,
    )


@transaction.atomic
def update_course(actor, course, *, title, term, description, tas_see_health=None):
    """`tas_see_health` None leaves the setting as it is."""
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed(_("Only the course's instructors can edit it."))
    course.title, course.term, course.description = title, term, description
    if tas_see_health is not None:
        course.tas_see_health = tas_see_health
    course.save(update_fields=["title", "term", "description", "tas_see_health"])
    return course


def enrol_with_code(actor, join_code):
    """Enrol as a student; enrolling twice is harmless and keeps the existing role."""
    normalised = "".join(join_code.split()).upper()
    course = Course.objects.filter(join_code=normalised).first()
    if course is None:
        raise InvalidJoinCode(
            _("That join code does not match any course. Check it and try again.")
        )
    try:
        with transaction.atomic():
            enrolment, _created = Enrolment.objects.get_or_create(course=course, user=actor)
    except IntegrityError:  # a double-click racing itself
        enrolment = Enrolment.objects.get(course=course, user=actor)
    sync_chat_member(course, enrolment)
    return enrolment


@transaction.atomic
def regenerate_join_code(actor, course):
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed(_("Only the course's instructors can change its join code."))
    course.join_code = new_join_code()
    course.save(update_fields=["join_code"])
    return course.join_code


@transaction.atomic
def remove_from_course(actor, course, person, reason=""):
    """The course's instructors remove people; site staff who are not its instructors
    act as moderators: they give a reason, which is recorded in the audit log."""
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed(_("Only the course's instructors can remove people."))
    enrolment = Enrolment.objects.select_for_update().filter(course=course, user=person).first()
    if enrolment is None:
        raise CourseError(_("That person is not in this course."))
    if enrolment.role == Enrolment.Role.INSTRUCTOR:
        raise NotAllowed(_("Instructors cannot be removed from their course here."))
    moderating = permissions.acts_as_moderator(actor, course)
    if moderating:
        reason = site.clean_reason(reason)
    enrolment.delete()
    leave_teams(course, person)
    if moderating:
        site.record_action(
            actor, "remove_from_course", reason=reason, target_user=person, target=course
        )
    sync_chat_member(course, enrolment, enrolled=False)
    if enrolment.is_staff_role:
        sync_staff_in_team_chats(course, person)
    notify(person, "removed", actor=actor, target=course, place=f"{course.code}: {course.title}")


@transaction.atomic
def leave_course(actor, course):
    """A student or TA leaves `course`: its chat, its teams and (through the enrolment's
    signal) its study groups, whose seats go to the people waiting. Instructors stay: a
    course keeps the people who run it."""
    enrolment = Enrolment.objects.select_for_update().filter(course=course, user=actor).first()
    if enrolment is None:
        raise CourseError(_("You are not in %(code)s.") % {"code": course.code})
    if enrolment.role == Enrolment.Role.INSTRUCTOR:
        raise NotAllowed(_("Instructors cannot leave their own course."))
    enrolment.delete()
    leave_teams(course, actor)
    sync_chat_member(course, enrolment, enrolled=False)
    return course


@transaction.atomic
def set_course_role(actor, course, person, role):
    """Make someone a student or a TA; instructor roles are not handed out here."""
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed(_("Only the course's instructors can change roles."))
    if role not in (Enrolment.Role.STUDENT, Enrolment.Role.TA):
        raise CourseError(_("Choose student or teaching assistant."))
    enrolment = Enrolment.objects.select_for_update().filter(course=course, user=person).first()
    if enrolment is None or enrolment.role == Enrolment.Role.INSTRUCTOR:
        raise CourseError(_("That person is not a student or TA in this course."))
    was_staff = enrolment.is_staff_role
    enrolment.role = role
    enrolment.save(update_fields=["role"])
    # TAs moderate the course's chat; groups follow through the Enrolment signal.
    sync_chat_member(course, enrolment)
    if was_staff != enrolment.is_staff_role:
        # The chats of team workspaces that already exist follow too.
        sync_staff_in_team_chats(course, person)
    return enrolment
