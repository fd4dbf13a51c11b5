"""Who may see and manage courses. Used by views, groups and admin alike."""

from django.http import Http404

from .models import Course, Enrolment


def enrolment_of(user, course):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


def is_enrolled(user, course):
    return enrolment_of(user, course) is not None


def can_create_course(user):
    return user.is_authenticated and (user.is_staff or user.profile.role == "instructor")


def can_manage_course(user, course, enrolment=None):
    """Instructors of the course (and site staff) manage codes, roles and the roster.
    Passing `user`'s enrolment in it, when at hand, spares the query."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    enrolment = enrolment or enrolment_of(user, course)
    return enrolment is not None and enrolment.role == Enrolment.Role.INSTRUCTOR


def acts_as_moderator(user, course, enrolment=None):
    """Whether managing `course`'s roster is a moderation act for `user`: site staff who
    are not one of its instructors. Such acts are given a reason and recorded."""
    if not (user.is_authenticated and user.is_staff):
        return False
    enrolment = enrolment or enrolment_of(user, course)
    return enrolment is None or enrolment.role != Enrolment.Role.INSTRUCTOR


def get_course_for(user, pk, courses=None):
    """Any course exists to a signed-in person (name and join form); 404 otherwise.
    `courses` is the queryset to read it from, when it should select or annotate more."""
    if not user.is_authenticated:
        raise Http404("No such course.")
    course = (Course.objects.all() if courses is None else courses).filter(pk=pk).first()
    if course is None:
        raise Http404("No such course.")
    return course
