"""Every write to courses and enrolments goes through these verbs."""

from django.db import IntegrityError, transaction

from accounts.actions import notify
from lounge import actions as lounge
from lounge.models import Channel, Membership
from lounge.moderation import set_channel_role

from . import permissions
from .models import Course, Enrolment, new_join_code


class CourseError(Exception):
    """A course action that cannot be done; the message is shown to the person."""


class NotAllowed(CourseError):
    pass


class InvalidJoinCode(CourseError):
    pass


@transaction.atomic
def create_course(actor, *, title, code, term, description=""):
    if not permissions.can_create_course(actor):
        raise NotAllowed("Only instructors can create courses.")
    course = Course.objects.create(
        title=title, code=code.upper(), term=term, description=description, created_by=actor
    )
    Enrolment.objects.create(course=course, user=actor, role=Enrolment.Role.INSTRUCTOR)
    course_channel(course)
    return course


def course_channel(course):
    """The course's chat, whose members are kept in step with its enrolments."""
    channel = lounge.channel_for_owner(course, Channel.Kind.COURSE)
    if channel is None:
        channel = lounge.create_channel(
            None,
            kind=Channel.Kind.COURSE,
            name=f"{course.code} {course.title}"[:80],
            topic=f"Everyone in {course.code}, {course.term}",
            members=[enrolment.user for enrolment in course.enrolments.select_related("user")],
            owner=course,
        )
        for enrolment in course.enrolments.select_related("user"):
            if enrolment.is_staff_role:
                set_channel_role(channel, enrolment.user, Membership.Role.MODERATOR)
    return channel


@transaction.atomic
def update_course(actor, course, *, title, term, description):
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed("Only the course's instructors can edit it.")
    course.title, course.term, course.description = title, term, description
    course.save(update_fields=["title", "term", "description"])
    return course


def enrol_with_code(actor, join_code):
    """Enrol as a student; enrolling twice is harmless and keeps the existing role."""
    normalised = "".join(join_code.split()).upper()
    course = Course.objects.filter(join_code=normalised).first()
    if course is None:
        raise InvalidJoinCode("That join code does not match any course. Check it and try again.")
    try:
        with transaction.atomic():
            enrolment, _ = Enrolment.objects.get_or_create(course=course, user=actor)
    except IntegrityError:  # a double-click racing itself
        enrolment = Enrolment.objects.get(course=course, user=actor)
    lounge.add_channel_member(course_channel(course), actor)
    return enrolment


@transaction.atomic
def regenerate_join_code(actor, course):
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed("Only the course's instructors can change its join code.")
    course.join_code = new_join_code()
    course.save(update_fields=["join_code"])
    return course.join_code


@transaction.atomic
def remove_from_course(actor, course, person):
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed("Only the course's instructors can remove people.")
    enrolment = Enrolment.objects.select_for_update().filter(course=course, user=person).first()
    if enrolment is None:
        raise CourseError("That person is not in this course.")
    if enrolment.role == Enrolment.Role.INSTRUCTOR:
        raise NotAllowed("Instructors cannot be removed from their course here.")
    enrolment.delete()
    lounge.remove_channel_member(course_channel(course), person)
    notify(person, f"You were removed from {course.code}: {course.title}.", actor=actor)


@transaction.atomic
def set_course_role(actor, course, person, role):
    """Make someone a student or a TA; instructor roles are not handed out here."""
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed("Only the course's instructors can change roles.")
    if role not in (Enrolment.Role.STUDENT, Enrolment.Role.TA):
        raise CourseError("Choose student or teaching assistant.")
    enrolment = Enrolment.objects.select_for_update().filter(course=course, user=person).first()
    if enrolment is None or enrolment.role == Enrolment.Role.INSTRUCTOR:
        raise CourseError("That person is not a student or TA in this course.")
    enrolment.role = role
    enrolment.save(update_fields=["role"])
    # TAs moderate the course's chat; groups follow through the Enrolment signal.
    chat_role = Membership.Role.MODERATOR if enrolment.is_staff_role else Membership.Role.MEMBER
    set_channel_role(course_channel(course), person, chat_role)
    return enrolment
