"""Weekly availability turned into real UTC time, and the overlap between people.

A schedule is a person's zone plus the (weekday, hour) pairs they marked free
in that zone. For a concrete week each free hour becomes a UTC interval using
that week's offsets, so DST changes and half-hour zones come out right.
"""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .timezones import get_zone

HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
WEEK = timedelta(days=DAYS_PER_WEEK)
WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]

Interval = tuple[datetime, datetime]


class Preset(NamedTuple):
    label: str
    hours_text: str
    free_hours: frozenset[tuple[int, int]]


# Ready-made shapes of a week, added to what a person already marked. Hours are
# wall-clock hours in the person's own zone, like every mark.
PRESETS = {
    "weekday_evenings": Preset(
        _("Weekday evenings"),
        _("Mon–Fri 18:00–22:00"),
        frozenset((day, hour) for day in range(5) for hour in range(18, 22)),
    ),
    "weekends": Preset(
        _("Weekends"),
        _("Sat–Sun 10:00–18:00"),
        frozenset((day, hour) for day in (5, 6) for hour in range(10, 18)),
    ),
    "mornings": Preset(
        _("Mornings"),
        _("every day 08:00–12:00"),
        frozenset((day, hour) for day in range(DAYS_PER_WEEK) for hour in range(8, 12)),
    ),
}


def copy_day(free_hours, source, targets):
    """The week with each target day's hours replaced by the source day's."""
    source_hours = {hour for day, hour in free_hours if day == source}
    targets = set(targets) - {source}
    kept = {(day, hour) for day, hour in free_hours if day not in targets}
    return kept | {(day, hour) for day in targets for hour in source_hours}


@dataclass(frozen=True)
class WeeklySchedule:
    zone: ZoneInfo
    free_hours: frozenset[tuple[int, int]]  # (weekday 0=Monday, hour 0-23), wall-clock


def week_start(at: datetime) -> datetime:
    """Monday 00:00 UTC of the week containing `at`."""
    day = at.astimezone(UTC).date()
    monday = day - timedelta(days=day.weekday())
    return datetime.combine(monday, time.min, tzinfo=UTC)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(first: list[Interval], second: list[Interval]) -> list[Interval]:
    """Intersection of two merged, sorted interval lists."""
    result, i, j = [], 0, 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            result.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return result


def recurring_intervals(
    zone: ZoneInfo,
    occurrences: Iterable[tuple[int, time, timedelta]],
    start: datetime,
    end: datetime,
) -> list[Interval]:
    """Weekly wall-clock (weekday, start time, length) occurrences in `zone`, as merged
    UTC intervals clipped to [start, end)."""
    by_weekday: dict[int, list[tuple[time, timedelta]]] = {}
    for weekday, starts_at, length in occurrences:
        by_weekday.setdefault(weekday, []).append((starts_at, length))
    if not by_weekday:
        return []
    first_day: date = start.astimezone(zone).date() - timedelta(days=1)
    last_day: date = end.astimezone(zone).date() + timedelta(days=1)
    intervals = []
    day = first_day
    while day <= last_day:
        for starts_at, length in by_weekday.get(day.weekday(), ()):
            local_start = datetime.combine(day, starts_at, tzinfo=zone)
            # Aware-datetime arithmetic is wall-clock: the end is that many local
            # hours later, so a slot spanning a DST change keeps its wall-clock end.
            local_end = local_start + length
            utc_start = max(local_start.astimezone(UTC), start)
            utc_end = min(local_end.astimezone(UTC), end)
            if utc_start < utc_end:
                intervals.append((utc_start, utc_end))
        day += timedelta(days=1)
    return merge(intervals)


def free_intervals(schedule: WeeklySchedule, start: datetime, end: datetime) -> list[Interval]:
    """The schedule's free hours between two UTC instants, as merged UTC intervals."""
    one_hour = timedelta(hours=1)
    return recurring_intervals(
        schedule.zone,
        ((weekday, time(hour), one_hour) for weekday, hour in schedule.free_hours),
        start,
        end,
    )


def total_hours(intervals: Iterable[Interval]) -> float:
    return sum((end - start for start, end in intervals), timedelta()).total_seconds() / 3600


def shared_free_intervals(schedules: list[WeeklySchedule], week_of: datetime) -> list[Interval]:
    """Times in the UTC week containing `week_of` when everyone is free."""
    if not schedules:
        return []
    start = week_start(week_of)
    end = start + WEEK
    shared = free_intervals(schedules[0], start, end)
    for schedule in schedules[1:]:
        shared = intersect(shared, free_intervals(schedule, start, end))
    return shared


def overlap_hours(schedules: list[WeeklySchedule], week_of: datetime) -> float:
    """Hours in that week when every schedule is free."""
    return total_hours(shared_free_intervals(schedules, week_of))


def schedules_for(users) -> dict[int, WeeklySchedule]:
    """Each user's schedule by user id, in two queries whatever the number of users."""
    return schedules_by_id([user.pk for user in users])


def schedules_by_id(user_ids) -> dict[int, WeeklySchedule]:
    """schedules_for, given the users' ids: a list, or a queryset of ids that both
    queries use as a subquery (a whole course's students in two queries)."""
    from .models import AvailabilitySlot, Profile

    subquery = isinstance(user_ids, QuerySet)
    if not subquery:
        user_ids = list(user_ids)
    zones = dict(Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "time_zone"))
    free: dict[int, set[tuple[int, int]]] = {
        user_id: set() for user_id in (zones if subquery else user_ids)
    }
    for user_id, weekday, hour in AvailabilitySlot.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "weekday", "hour"
    ):
        free.setdefault(user_id, set()).add((weekday, hour))
    return {
        user_id: WeeklySchedule(get_zone(zones.get(user_id, "UTC")), frozenset(hours))
        for user_id, hours in free.items()
    }


def overlap_hours_between(users, week_of: datetime) -> float:
    """Hours in that week when all these people are free."""
    return overlap_hours(list(schedules_for(users).values()), week_of)


def shared_free_intervals_between(users, week_of: datetime) -> list[Interval]:
    """UTC intervals in that week when all these people are free."""
    return shared_free_intervals(list(schedules_for(users).values()), week_of)


def contains(intervals: list[Interval], start: datetime, end: datetime) -> bool:
    """True when [start, end) lies inside one of these merged, sorted intervals."""
    index = bisect_right(intervals, (start, datetime.max.replace(tzinfo=UTC))) - 1
    return index >= 0 and intervals[index][0] <= start and intervals[index][1] >= end


def free_counts(user_ids, spans: list[Interval]) -> tuple[list[int], int]:
    """For each UTC (start, end) span, how many of these people are free for all of it;
    and how many people there are. Two queries; a study group's heat-map and a meetup's
    suggested times are both counted here."""
    if not spans:
        return [], 0
    window = (min(start for start, _ in spans), max(end for _, end in spans))
    free = [free_intervals(schedule, *window) for schedule in schedules_by_id(user_ids).values()]
    counts = [
        sum(1 for intervals in free if contains(intervals, start, end)) for start, end in spans
    ]
    return counts, len(free)


def local_week_hours(zone_name: str, now: datetime) -> list[Interval]:
    """The 168 hours of the week holding `now` in that zone, Monday 00:00 first, as UTC
    (start, end) spans: the cells of a heat-map shown in that zone."""
    zone = get_zone(zone_name)
    local_today = now.astimezone(zone).date()
    local_monday = local_today - timedelta(days=local_today.weekday())
    spans = []
    for day in range(DAYS_PER_WEEK):
        for hour in range(HOURS_PER_DAY):
            local_start = datetime.combine(local_monday + timedelta(days=day), time(hour), zone)
            # Wall-clock arithmetic: the hour a clock repeats when DST ends runs two.
            spans.append(
                (local_start.astimezone(UTC), (local_start + timedelta(hours=1)).astimezone(UTC))
            )
    return spans


def free_counts_by_local_hour(user_ids, zone_name: str, now: datetime):
    """How many of these people (ids, or a queryset of ids) are free for the whole of
    each hour of the week holding `now` in that zone: (7 lists, Monday first, of 24
    counts; how many people there are). Two queries."""
    counts, total = free_counts(user_ids, local_week_hours(zone_name, now))
    return [
        counts[day * HOURS_PER_DAY : (day + 1) * HOURS_PER_DAY] for day in range(DAYS_PER_WEEK)
    ], total
