"""From the database to the pairing's shapes (mentorship.coffee.pairing), and the times
a pairing's members are all free, to suggest.

Free time is the week that follows the round (from the round's start, seven days):
each person's weekly availability (accounts.availability) as real UTC quarter-hours of
that stretch, so DST changes and half- and quarter-hour zones come out as they will be
when the people meet."""

from datetime import timedelta

from django.db.models import Q

from accounts import interactions
from accounts.availability import WEEK, free_intervals, intersect, schedules_by_id
from accounts.models import Block, Profile
from courses.models import Enrolment

from . import pairing
from .models import Avoidance, Seat

QUARTER = timedelta(minutes=15)
MAX_SUGGESTED_TIMES = 3
# A time less than this far ahead is too soon to suggest.
SUGGESTION_LEAD = timedelta(hours=2)


def round_window(now):
    """The stretch of real time a round's pairs meet in: from the quarter-hour at or
    after `now`, one week."""
    start = now.replace(second=0, microsecond=0)
    start += timedelta(minutes=(-start.minute) % 15)
    return start, start + WEEK


def _quarters(intervals, start):
    quarters = set()
    for begin, end in intervals:
        first = int((begin - start) / QUARTER)
        last = int((end - start) / QUARTER)
        quarters.update(range(first, last))
    return frozenset(q for q in quarters if 0 <= q < pairing.QUARTERS_PER_WEEK)


def free_time(user_ids, window):
    """{user id: merged UTC intervals free within the window}."""
    start, end = window
    return {
        user_id: free_intervals(schedule, start, end)
        for user_id, schedule in schedules_by_id(user_ids).items()
    }


def _languages(user_ids):
    speaks, learning = {}, {}
    through = [
        (Profile.languages.through, speaks),
        (Profile.learning_languages.through, learning),
    ]
    for model, into in through:
        rows = model.objects.filter(profile__user_id__in=user_ids).values_list(
            "profile__user_id", "language_id"
        )
        for user_id, language_id in rows:
            into.setdefault(user_id, set()).add(language_id)
    return speaks, learning


def staff_ids(series):
    """The course's instructors and TAs: talking only with them leaves a student alone
    among peers. None for a community-wide series."""
    if series.course_id is None:
        return set()
    return set(
        Enrolment.objects.filter(course_id=series.course_id)
        .staff()
        .values_list("user_id", flat=True)
    )


def isolated_ids(series, user_ids, now):
    """Those with no peer interaction in the series' last `isolated_days`; being paired
    by a round is not an interaction (a pair that never met leaves both alone)."""
    return interactions.isolated_among(
        user_ids,
        now - timedelta(days=series.isolated_days),
        staff_ids=staff_ids(series),
        ignoring_kinds=[interactions.Kind.PAIRED],
    )


def excluded_pairs(series, user_ids, next_number):
    """pair_key pairs never to pair now: blocks either way, anyone's don't-pair list,
    and pairs (trio members too) of this series' last `no_repeat_rounds` rounds."""
    ids = list(user_ids)
    excluded = set()
    for model, first, second in [
        (Block, "blocker_id", "blocked_id"),
        (Avoidance, "person_id", "other_id"),
    ]:
        rows = model.objects.filter(
            Q(**{f"{first}__in": ids}) & Q(**{f"{second}__in": ids})
        ).values_list(first, second)
        excluded.update(pairing.pair_key(a, b) for a, b in rows if a != b)
    if series.no_repeat_rounds:
        recent = Seat.objects.filter(
            round__series=series,
            round__number__gte=next_number - series.no_repeat_rounds,
            user_id__in=ids,
        ).values_list("pairing_id", "user_id")
        by_pairing = {}
        for pairing_id, user_id in recent:
            by_pairing.setdefault(pairing_id, []).append(user_id)
        for members in by_pairing.values():
            excluded.update(pairing.pair_key(a, b) for a in members for b in members if a < b)
    return frozenset(excluded)


def people(series, user_ids, window, isolated):
    """(the pairing's Person for each id, their free intervals by id)."""
    free = free_time(user_ids, window)
    speaks, learning = _languages(user_ids)
    start = window[0]
    shapes = [
        pairing.Person(
            id=user_id,
            free=_quarters(free.get(user_id, []), start),
            isolated=user_id in isolated,
            speaks=frozenset(speaks.get(user_id, ())),
            learning=frozenset(learning.get(user_id, ())),
        )
        for user_id in sorted(user_ids)
    ]
    return shapes, free


def suggested_times(member_free, now):
    """Up to MAX_SUGGESTED_TIMES starts of an hour all members are free, one a day,
    soonest first: [UTC datetime]."""
    shared = member_free[0]
    for intervals in member_free[1:]:
        shared = intersect(shared, intervals)
    times, days = [], set()
    for begin, end in shared:
        begin = max(begin, now + SUGGESTION_LEAD)
        begin += timedelta(minutes=(-begin.minute) % 15) - timedelta(seconds=begin.second)
        if end - begin < timedelta(hours=1) or begin.date() in days:
            continue
        times.append(begin.replace(microsecond=0))
        days.add(begin.date())
        if len(times) == MAX_SUGGESTED_TIMES:
            break
    return times


def overlap_minutes(member_free):
    shared = member_free[0]
    for intervals in member_free[1:]:
        shared = intersect(shared, intervals)
    return int(sum((end - begin for begin, end in shared), timedelta()).total_seconds() // 60)
