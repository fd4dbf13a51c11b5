"""Meeting times, fit and heat-maps: how a group's week lines up with people's weeks.

Everything is computed on UTC intervals for the current week (see
accounts.availability), then shown in the viewer's zone.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple

from accounts.availability import (
    WEEK,
    WEEKDAY_NAMES,
    free_intervals,
    intersect,
    merge,
    recurring_intervals,
    schedules_for,
    total_hours,
    week_start,
)
from accounts.timezones import get_zone

from .models import Membership
from .permissions import groups_with_details_visible_to

MIN_MEMBERS_FOR_BEST_TIME = 2
BEST_TIMES_SHOWN = 3


@dataclass(frozen=True)
class Fit:
    """How a group's meetings fit one viewer's week."""

    fit_hours: float = 0.0
    fits_my_week: bool = False
    members_sharing_my_time: int = 0
    next_meeting: datetime | None = None
    # False when the group keeps its schedule and members from the viewer: nothing is known.
    known: bool = True


# The fit of a group whose schedule the viewer may not see. It counts as no fit at all
# (0 h, never "fits my week", no member free when they are), so nothing that ranks or
# filters by fit can tell one such group's meetings from another's.
UNKNOWN_FIT = Fit(known=False)


def meeting_intervals(slots, start, end):
    """Merged UTC intervals of these MeetingSlots between two instants."""
    by_zone = defaultdict(list)
    for slot in slots:
        by_zone[slot.time_zone].append((slot.weekday, slot.start_time, slot.duration))
    intervals = []
    for zone_name, occurrences in by_zone.items():
        intervals.extend(recurring_intervals(get_zone(zone_name), occurrences, start, end))
    return merge(intervals)


def meeting_occurrences(slots, start, end):
    """Each meeting as its own UTC interval (not merged), sorted by start."""
    occurrences = []
    for slot in slots:
        occurrences.extend(
            recurring_intervals(
                get_zone(slot.time_zone),
                [(slot.weekday, slot.start_time, slot.duration)],
                start,
                end,
            )
        )
    return sorted(occurrences)


def next_meeting(slots, now):
    """Start of the next meeting after `now`, or None for a group without meetings."""
    # Look back a day: a window starting at `now` clips a meeting in progress so that
    # it seems to start at `now` (meetings last 8 hours at most).
    window = (now - timedelta(days=1), now + WEEK + timedelta(days=1))
    for start, _ in meeting_occurrences(slots, *window):
        if start >= now:
            return start
    return None


def _contains(intervals, start, end):
    """True when [start, end) lies inside one of these merged, sorted intervals."""
    index = bisect_right(intervals, (start, datetime.max.replace(tzinfo=UTC))) - 1
    return index >= 0 and intervals[index][0] <= start and intervals[index][1] >= end


class SlotTime(NamedTuple):
    """The when of a MeetingSlot, without the row: hashable, so shared slot times are
    computed once when fitting thousands of groups."""

    time_zone: str
    weekday: int
    start_time: time
    duration: timedelta


def _slot_times_by_group(groups):
    """SlotTimes of each of these StudyGroups, keyed by id, in one query; a group without
    meetings has an empty list (the outer join gives it one row of nulls)."""
    slot_times = {}
    lengths = {}
    rows = groups.values_list(
        "pk",
        "meeting_slots__time_zone",
        "meeting_slots__weekday",
        "meeting_slots__start_time",
        "meeting_slots__duration_minutes",
    ).order_by()
    for group_id, zone_name, weekday, start_time, minutes in rows:
        times = slot_times.setdefault(group_id, [])
        if minutes is not None:
            length = lengths.setdefault(minutes, timedelta(minutes=minutes))
            times.append(SlotTime(zone_name, weekday, start_time, length))
    return slot_times


def fits_for(viewer, group_ids, now, *, with_members=True, matching=None):
    """Fit of each group for `viewer`, keyed by group id, in a fixed number of queries.

    A group whose schedule the viewer may not see (see
    permissions.groups_with_details_visible_to) gets UNKNOWN_FIT: its meetings and
    members are never read.
    `with_members=False` skips the next meeting and the members who share the
    viewer's free time: enough for filtering and sorting thousands of groups.
    `matching`, a queryset of those same groups, lets the database select their
    meeting slots by subquery instead of a list of thousands of ids.
    """
    slots_by_group = _slot_times_by_group(
        groups_with_details_visible_to(viewer).filter(
            pk__in=matching.values("pk") if matching is not None else group_ids
        )
    )
    members_by_group = defaultdict(list)
    if with_members:
        for group_id, user_id in Membership.objects.filter(
            group_id__in=list(slots_by_group)
        ).values_list("group_id", "user_id"):
            members_by_group[group_id].append(user_id)
    people = {viewer.pk} | {uid for ids in members_by_group.values() for uid in ids}
    schedules = schedules_for([_Person(pk) for pk in people])

    start = week_start(now)
    end = start + WEEK
    free = {pk: free_intervals(schedule, start, end) for pk, schedule in schedules.items()}
    mine = free[viewer.pk]
    # Groups share meeting times, so each slot time and each week of them is worked out once.
    occurrences = {}
    fit_by_week = {}

    def occurrences_of(slot):
        if slot not in occurrences:
            occurrences[slot] = meeting_occurrences([slot], start, end)
        return occurrences[slot]

    def fit_of(slots):
        key = tuple(sorted(slots))
        if key not in fit_by_week:
            meetings = sorted(interval for slot in key for interval in occurrences_of(slot))
            fit_by_week[key] = (
                total_hours(intersect(merge(meetings), mine)),
                any(_contains(mine, s, e) for s, e in meetings),
            )
        return fit_by_week[key]

    fits = {}
    for group_id in group_ids:
        if group_id not in slots_by_group:
            fits[group_id] = UNKNOWN_FIT
            continue
        slots = slots_by_group[group_id]
        fit_hours, fits_my_week = fit_of(slots)
        others = [pk for pk in members_by_group[group_id] if pk != viewer.pk]
        fits[group_id] = Fit(
            fit_hours=fit_hours,
            fits_my_week=fits_my_week,
            members_sharing_my_time=sum(1 for pk in others if intersect(mine, free[pk])),
            next_meeting=next_meeting(slots, now) if with_members else None,
        )
    return fits


@dataclass(frozen=True)
class _Person:
    pk: int


@dataclass
class HeatCell:
    weekday: int
    hour: int
    free_count: int
    level: int  # 0..4, for shading


@dataclass
class BestTime:
    weekday_name: str
    start_hour: int
    end_hour: int
    free_count: int


def heat_map(member_ids, viewer_zone_name, now):
    """Per hour of the viewer's local week: how many members are free the whole hour.

    Returns (rows of HeatCell by hour, best times, member count).
    """
    zone = get_zone(viewer_zone_name)
    local_today = now.astimezone(zone).date()
    local_monday = local_today - timedelta(days=local_today.weekday())
    window_start = datetime.combine(local_monday, time.min, tzinfo=zone).astimezone(UTC)
    window_end = window_start + WEEK + timedelta(hours=2)  # a DST week may run an hour long
    schedules = schedules_for([_Person(pk) for pk in member_ids])
    free = [free_intervals(s, window_start, window_end) for s in schedules.values()]
    total = len(free)
    counts = {}
    for day in range(7):
        for hour in range(24):
            local_start = datetime.combine(local_monday + timedelta(days=day), time(hour), zone)
            start = local_start.astimezone(UTC)
            end = (local_start + timedelta(hours=1)).astimezone(UTC)
            counts[day, hour] = sum(1 for intervals in free if _contains(intervals, start, end))
    rows = [
        [
            HeatCell(day, hour, counts[day, hour], _level(counts[day, hour], total))
            for day in range(7)
        ]
        for hour in range(24)
    ]
    return rows, _best_times(counts, total), total


def _level(count, total):
    if not total or not count:
        return 0
    return max(1, round(4 * count / total))


def _best_times(counts, total):
    """The longest-agreed runs of hours, most members first."""
    if total < 1:
        return []
    runs = []
    for day in range(7):
        hour = 0
        while hour < 24:
            count = counts[day, hour]
            end = hour
            while end + 1 < 24 and counts[day, end + 1] == count:
                end += 1
            if count >= min(MIN_MEMBERS_FOR_BEST_TIME, total):
                runs.append(BestTime(WEEKDAY_NAMES[day], hour, end + 1, count))
            hour = end + 1
    runs.sort(key=lambda run: (-run.free_count, -(run.end_hour - run.start_hour)))
    return runs[:BEST_TIMES_SHOWN]
