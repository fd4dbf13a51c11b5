"""What mentorship and coffee chats can offer a student the community-health radar
shows as alone: a mentor with a free seat in an open programme of the course (ranked
as the matcher ranks, mentorship.fit and .matching), and the next coffee round of the
course they are not yet in. Read for the radar's rows on the page, in a fixed number
of queries whatever the number of rows."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from . import fit, matching
from .coffee.models import Participant, Series
from .models import MentorProfile, Pair, Programme


@dataclass(frozen=True)
class MentorSuggestion:
    mentor: object  # the mentor's User
    programme: Programme
    score: int
    free_seats: int


@dataclass
class Suggestions:
    mentor: MentorSuggestion | None = None
    coffee: Series | None = None


def _open_programmes(course, today):
    return list(
        Programme.objects.filter(
            course=course, closed_at__isnull=True, starts_on__lte=today, ends_on__gte=today
        )
    )


def _best_mentors(course, student_ids, now):
    """{student id: MentorSuggestion} from the course's open programmes."""
    programmes = _open_programmes(course, now.date())
    # fit.mentor_seats for every programme at once: one query, however many there are.
    taken = Counter(
        {
            (programme_id, mentor_id): count
            for programme_id, mentor_id, count in Pair.objects.filter(
                programme__in=programmes, status=Pair.Status.ACTIVE
            )
            .values_list("programme_id", "mentor_id")
            .annotate(count=Count("id"))
            .values_list("programme_id", "mentor_id", "count")
        }
    )
    profiles = [
        profile
        for profile in MentorProfile.objects.filter(
            programme__in=programmes, approved_at__isnull=False
        ).select_related("user__profile", "programme")
        if profile.capacity > taken[profile.programme_id, profile.user_id]
    ]
    if not profiles:
        return {}
    people = set(student_ids) | {profile.user_id for profile in profiles}
    facts = fit._people_facts(people, now)
    blocked = fit.blocked_pairs(people)
    best = {}
    for student_id in student_ids:
        free, offset, courses = facts[student_id]
        mentee = matching.Mentee(
            id=student_id, free=free, utc_offset_minutes=offset, courses=courses
        )
        for profile in profiles:
            mentor_id = profile.user_id
            if (
                mentor_id == student_id
                or {(mentor_id, student_id), (student_id, mentor_id)} & blocked
            ):
                continue
            free_seats = profile.capacity - taken[profile.programme_id, mentor_id]
            mentor_free, mentor_offset, mentor_courses = facts[mentor_id]
            mentor = matching.Mentor(
                id=mentor_id,
                capacity=free_seats,
                free=mentor_free,
                utc_offset_minutes=mentor_offset,
                courses=mentor_courses,
            )
            score = matching.score(mentor, mentee)
            current = best.get(student_id)
            if current is None or (score, free_seats) > (current.score, current.free_seats):
                best[student_id] = MentorSuggestion(
                    profile.user, profile.programme, score, free_seats
                )
    return best


def _next_coffee(course, student_ids, now):
    """{student id: the course's coffee series with the soonest round they are not in}."""
    series = list(
        Series.objects.filter(course=course, paused=False).order_by("next_round_at", "pk")
    )
    if not series:
        return {}
    taking_part = set(
        Participant.objects.filter(
            series__in=series, user_id__in=student_ids, active=True
        ).values_list("series_id", "user_id")
    )
    found = {}
    for student_id in student_ids:
        for one in series:
            if (one.pk, student_id) not in taking_part:
                found[student_id] = one
                break
    return found


def suggestions_for(course, student_ids, now=None):
    """{student id: Suggestions} for these students of `course`."""
    now = now or timezone.now()
    student_ids = list(student_ids)
    if not student_ids:
        return {}
    mentors = _best_mentors(course, student_ids, now)
    coffee = _next_coffee(course, student_ids, now)
    return {
        student_id: Suggestions(mentor=mentors.get(student_id), coffee=coffee.get(student_id))
        for student_id in student_ids
    }
