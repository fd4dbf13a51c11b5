"""Who may see, join and run mentorship programmes, and who may see a pair or a request.
Views, the verbs and the admin ask these; the same 404 answers what is missing and what
is not the person's to see (another pair's space looks like no pair at all)."""

from datetime import timedelta

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.permissions import is_site_moderator
from courses.models import Enrolment
from courses.permissions import can_manage_course, is_enrolled

from .models import MentorshipRequest, Pair, Programme


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def programmes_visible_to(user):
    """Community-wide programmes for everyone signed in; a course's for its people; any
    for its organiser and for site staff."""
    if not _active(user):
        return Programme.objects.none()
    if user.is_staff:
        return Programme.objects.all()
    courses = Enrolment.objects.filter(user=user).values("course_id")
    return Programme.objects.filter(
        Q(course__isnull=True) | Q(course_id__in=courses) | Q(organiser=user)
    )


def can_see_programme(user, programme):
    if not _active(user):
        return False
    if programme.course_id is None or user.is_staff or programme.organiser_id == user.pk:
        return True
    return is_enrolled(user, programme.course)


def can_create_programme(user, course=None):
    """Instructors and site staff start community-wide programmes; a course's
    programme is started by whoever manages the course."""
    if not _active(user):
        return False
    if course is not None:
        return can_manage_course(user, course)
    return user.is_staff or user.profile.role == "instructor"


def can_organise(user, programme):
    """Its organiser, the course's managers for a course programme, and site staff."""
    if not _active(user):
        return False
    if programme.organiser_id == user.pk or is_site_moderator(user):
        return True
    return programme.course_id is not None and can_manage_course(user, programme.course)


def can_take_part(user, programme):
    """Opting in as a mentor or a mentee: whoever sees the programme."""
    return can_see_programme(user, programme)


def can_see_pair(user, pair):
    if not _active(user):
        return False
    return user.pk in (pair.mentor_id, pair.mentee_id) or can_organise(user, pair.programme)


def can_act_in_pair(user, pair):
    """Goals and completing: the two people themselves and the organisers."""
    return can_see_pair(user, pair)


def is_in_pair(user, pair):
    """Check-ins, meetings and feedback are the two people's own: organisers read
    them but do not write them."""
    return _active(user) and user.pk in (pair.mentor_id, pair.mentee_id)


# Feedback opens this many days before the cycle's end, and stays open after it.
FEEDBACK_OPENS_DAYS_BEFORE_END = 14


def can_leave_feedback(user, pair, today=None):
    """Either of the two, once their pair is completed or the cycle is near its end."""
    if not is_in_pair(user, pair):
        return False
    today = today or timezone.now().date()
    near_end = pair.programme.ends_on - today <= timedelta(days=FEEDBACK_OPENS_DAYS_BEFORE_END)
    return not pair.is_active or near_end


def can_read_feedback(user, programme):
    """Feedback is private to the programme's organisers (not even the other person
    in the pair reads it)."""
    return can_organise(user, programme)


def get_programme_for(user, pk):
    programme = Programme.objects.select_related("course", "organiser").filter(pk=pk).first()
    if programme is None or not can_see_programme(user, programme):
        raise Http404("No such programme.")
    return programme


def get_organised_programme_for(user, pk):
    """A programme `user` runs, or 404 (missing, unseen, or someone else's to run)."""
    programme = get_programme_for(user, pk)
    if not can_organise(user, programme):
        raise Http404("No such programme.")
    return programme


def get_pair_for(user, pk):
    pair = (
        Pair.objects.select_related(
            "programme__course", "mentor__profile", "mentee__profile", "programme__organiser"
        )
        .filter(pk=pk)
        .first()
    )
    if pair is None or not can_see_pair(user, pair):
        raise Http404("No such pair.")
    return pair


def get_request_for(user, pk):
    """A request its mentee, its mentor or the programme's organisers may see."""
    request = (
        MentorshipRequest.objects.select_related("programme__course", "mentee", "mentor")
        .filter(pk=pk)
        .first()
    )
    if request is None or not _active(user):
        raise Http404("No such request.")
    if user.pk not in (request.mentee_id, request.mentor_id) and not can_organise(
        user, request.programme
    ):
        raise Http404("No such request.")
    return request
