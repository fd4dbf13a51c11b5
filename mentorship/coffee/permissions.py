"""Who may see, join and run coffee-chat series, and who may see a pairing or a round's
summary. Views, the verbs and the admin ask these; the same 404 answers what is
missing and what is not the person's to see."""

from django.db.models import Q
from django.http import Http404

from accounts.permissions import is_site_moderator
from courses.models import Enrolment
from courses.permissions import can_manage_course, is_enrolled

from .models import Pairing, Round, Seat, Series


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def series_visible_to(user):
    """Community-wide series for everyone signed in; a course's for its people; any for
    its organiser and for site staff."""
    if not _active(user):
        return Series.objects.none()
    if user.is_staff:
        return Series.objects.all()
    courses = Enrolment.objects.filter(user=user).values("course_id")
    return Series.objects.filter(
        Q(course__isnull=True) | Q(course_id__in=courses) | Q(organiser=user)
    )


def can_see_series(user, series):
    if not _active(user):
        return False
    if series.course_id is None or user.is_staff or series.organiser_id == user.pk:
        return True
    return is_enrolled(user, series.course)


def can_create_series(user, course=None):
    """Site staff start community-wide series; a course's is started by whoever
    manages the course (its instructors, and staff)."""
    if not _active(user):
        return False
    if course is not None:
        return can_manage_course(user, course)
    return user.is_staff


def can_organise(user, series):
    """Its organiser, the course's managers for a course series, and site moderators."""
    if not _active(user):
        return False
    if series.organiser_id == user.pk or is_site_moderator(user):
        return True
    return series.course_id is not None and can_manage_course(user, series.course)


def can_take_part(user, series):
    """Opting in: whoever sees the series (a course's: its people)."""
    return can_see_series(user, series)


def can_see_pairing(user, pairing):
    """Its members, and the series' organisers (for the round summary)."""
    if not _active(user):
        return False
    if Seat.objects.filter(pairing=pairing, user=user).exists():
        return True
    return can_organise(user, pairing.round.series)


def get_series_for(user, pk):
    series = Series.objects.select_related("course", "organiser__profile").filter(pk=pk).first()
    if series is None or not can_see_series(user, series):
        raise Http404("No such series.")
    return series


def get_organised_series_for(user, pk):
    """A series `user` runs, or 404 (missing, unseen, or someone else's to run)."""
    series = get_series_for(user, pk)
    if not can_organise(user, series):
        raise Http404("No such series.")
    return series


def get_round_for(user, series_pk, number):
    """A round's summary, for the series' organisers only."""
    series = get_organised_series_for(user, series_pk)
    found = Round.objects.filter(series=series, number=number).first()
    if found is None:
        raise Http404("No such round.")
    return found


def get_pairing_for(user, pk):
    pairing = Pairing.objects.select_related("round__series__course").filter(pk=pk).first()
    if pairing is None or not can_see_pairing(user, pairing):
        raise Http404("No such coffee chat.")
    return pairing
