"""Meeting times, fit and heat-maps: how a group's week lines up with people's weeks.

Everything is computed on UTC intervals for the current week (see
accounts.availability), then shown in the viewer's zone. Fit over many groups is
worked out by the database from week ranges (accounts.week_ranges).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.availability import (
    WEEK,
    contains,
    free_counts_by_local_hour,
    free_intervals,
    merge,
    recurring_intervals,
    schedules_by_id,
)
from accounts.models import FreeTimeRange
from accounts.timezones import get_zone
from accounts.week_ranges import (
    FREE_TIME,
    WeekTable,
    as_minutes,
    free_minutes,
    inside_one_of,
    overlap_minutes,
    overlapping,
    week_start_of,
    weeks_in_view,
)
from core.dates import day_names

from .models import MeetingRange, MeetingSlot, MeetingWeek, Membership, StudyGroup
from .permissions import details_visible_to, schedule_visible_to

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
    for start, _end in meeting_occurrences(slots, *window):
        if start >= now:
            return start
    return None


def _meeting_rows(week, group_ids):
    """MeetingRange rows of these groups (every group when None) for one UTC week."""
    slots = MeetingSlot.objects.order_by()
    if group_ids is not None:
        slots = slots.filter(group_id__in=group_ids)
    slots_by_group = defaultdict(list)
    for slot in slots:
        slots_by_group[slot.group_id].append(slot)
    start = week_start_of(week)
    end = start + WEEK

    def row(group_id, interval, *, starts_at, is_meeting, is_span):
        ((start_minute, end_minute),) = as_minutes([interval], week)
        return MeetingRange(
            group_id=group_id,
            week=week,
            start_minute=start_minute,
            end_minute=end_minute,
            starts_at=starts_at,
            is_meeting=is_meeting,
            is_span=is_span,
        )

    rows = []
    for group_id, group_slots in slots_by_group.items():
        # Meetings last at most 8 hours: a day either side finds every one that
        # reaches into the week, with its real start.
        meetings = [
            ((max(meeting_start, start), min(meeting_end, end)), meeting_start)
            for meeting_start, meeting_end in meeting_occurrences(
                group_slots, start - timedelta(days=1), end + timedelta(days=1)
            )
            if meeting_start < end and meeting_end > start
        ]
        spans = set(merge(clipped for clipped, _ in meetings))
        for clipped, starts_at in meetings:
            # A meeting that overlaps no other is its own span: one row for both.
            is_span = clipped in spans
            spans.discard(clipped)
            rows.append(
                row(group_id, clipped, starts_at=starts_at, is_meeting=True, is_span=is_span)
            )
        rows.extend(
            row(group_id, span, starts_at=None, is_meeting=False, is_span=True) for span in spans
        )
    return rows


MEETINGS = WeekTable("meetings", MeetingWeek, MeetingRange, "group", _meeting_rows)


@dataclass(frozen=True)
class ViewerWeek:
    """What fitting groups to one viewer needs, read once per page: the weeks in view
    (worked out) and the viewer's free time this week in minutes."""

    viewer: object
    now: datetime
    weeks: list
    free: list


def viewer_week(viewer, now):
    weeks = weeks_in_view(now)
    FREE_TIME.ensure(weeks)
    MEETINGS.ensure(weeks)
    return ViewerWeek(viewer, now, weeks, free_minutes(viewer, weeks[0]))


def with_fit(groups, week, *, members=False):
    """`groups` annotated by the database with how their meetings fit the viewer's
    week (a ViewerWeek): `fit_known`, `fit_minutes` and `fits_week`; with `members`,
    also `members_free_with_me` and `next_meeting_at`. Read each as `fit_of(group)`.

    A group whose schedule the viewer may not see (permissions.schedule_visible_to) is
    not known: every other value is its zero, so nothing that ranks or filters by fit
    can tell one such group's meetings from another's. Members free with the viewer
    come from members' free hours: zero unless the viewer may see the members
    (permissions.details_visible_to), even where the schedule is public.
    """
    mine = week.free
    this_week = week.weeks[0]
    known = ExpressionWrapper(schedule_visible_to(week.viewer), output_field=BooleanField())
    ranges = MeetingRange.objects.filter(group=OuterRef("pk"), week=this_week).order_by()
    if mine:
        overlap = (
            ranges.filter(is_span=True, **_overlap_filter(mine))
            .annotate(minutes=overlap_minutes(mine))
            .values("group")
            .annotate(total=Sum("minutes"))
            .values("total")
        )
        fit_minutes = Coalesce(Subquery(overlap), 0)
        fits_week = Exists(ranges.filter(inside_one_of(mine), is_meeting=True))
    else:
        fit_minutes, fits_week = Value(0), Value(False)
    groups = groups.annotate(fit_known=known).annotate(
        fit_minutes=Case(When(fit_known=True, then=fit_minutes), default=Value(0)),
        fits_week=Case(When(fit_known=True, then=fits_week), default=Value(False)),
    )
    if not members:
        return groups
    next_meeting_at = next_meeting_after(week.now, group=OuterRef("pk"))
    if mine:
        free_with_me = (
            Membership.objects.filter(group=OuterRef("pk"))
            .exclude(user=week.viewer)
            .filter(
                Exists(
                    FreeTimeRange.objects.filter(user=OuterRef("user"), week=this_week).filter(
                        overlapping(mine)
                    )
                )
            )
            .order_by()
            .values("group")
            .annotate(count=Count("pk"))
            .values("count")
        )
        members_free_with_me = Coalesce(Subquery(free_with_me), 0)
    else:
        members_free_with_me = Value(0)
    return groups.annotate(
        members_free_with_me=Case(
            When(details_visible_to(week.viewer), then=members_free_with_me), default=0
        ),
        next_meeting_at=Case(When(fit_known=True, then=next_meeting_at), default=None),
    )


def next_meeting_after(now, *, group):
    """A subquery: the start of `group`'s (an OuterRef) first meeting from `now` on,
    read from this week's and the next week's ranges (worked out by the caller, as
    with_fit's viewer_week does), which hold every meeting of the next seven days."""
    return Subquery(
        MeetingRange.objects.filter(
            group=group, week__in=weeks_in_view(now), is_meeting=True, starts_at__gte=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def _overlap_filter(mine):
    """Only the rows that can add minutes: the sum stays the same, the work shrinks."""
    return {"start_minute__lt": mine[-1][1], "end_minute__gt": mine[0][0]}


def fit_of(group):
    """The Fit of a group annotated by with_fit."""
    if not group.fit_known:
        return UNKNOWN_FIT
    return Fit(
        fit_hours=group.fit_minutes / 60,
        fits_my_week=group.fits_week,
        members_sharing_my_time=getattr(group, "members_free_with_me", 0),
        next_meeting=getattr(group, "next_meeting_at", None),
    )


def fits_for(viewer, group_ids, now, *, with_members=True):
    """Fit of each of these groups for `viewer`, keyed by group id, in a fixed number of
    queries (with_fit says how)."""
    groups = with_fit(
        StudyGroup.objects.filter(pk__in=group_ids),
        viewer_week(viewer, now),
        members=with_members,
    )
    return {group.pk: fit_of(group) for group in groups}


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
    grid, total = free_counts_by_local_hour(member_ids, viewer_zone_name, now)
    counts = {
        (day, hour): count for day, hours in enumerate(grid) for hour, count in enumerate(hours)
    }
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
    names = weekday_names()
    for day in range(7):
        hour = 0
        while hour < 24:
            count = counts[day, hour]
            end = hour
            while end + 1 < 24 and counts[day, end + 1] == count:
                end += 1
            if count >= min(MIN_MEMBERS_FOR_BEST_TIME, total):
                runs.append(BestTime(names[day], hour, end + 1, count))
            hour = end + 1
    runs.sort(key=lambda run: (-run.free_count, -(run.end_hour - run.start_hour)))
    return runs[:BEST_TIMES_SHOWN]


@dataclass(frozen=True)
class RequesterFit:
    """How one person's free hours fit a group's meetings in the coming week."""

    meetings_free: int
    meetings_total: int
    marked_free_hours: bool

    @property
    def label(self):
        if not self.meetings_total:
            return _("No weekly meetings to compare with yet")
        if not self.marked_free_hours:
            return _("Has not marked their free hours")
        if self.meetings_free == self.meetings_total:
            return ngettext(
                "Free for every meeting (%(total)s a week)",
                "Free for every meeting (%(total)s a week)",
                self.meetings_total,
            ) % {"total": self.meetings_total}
        if not self.meetings_free:
            return _("Free for none of the meetings")
        return ngettext(
            "Free for %(free)s of %(total)s meeting a week",
            "Free for %(free)s of %(total)s meetings a week",
            self.meetings_total,
        ) % {"free": self.meetings_free, "total": self.meetings_total}

    @property
    def level(self):
        """For styling: "yes", "partly" or "no"."""
        if self.meetings_total and self.meetings_free == self.meetings_total:
            return "yes"
        return "partly" if self.meetings_free else "no"


def requester_fits(slots, user_ids, now):
    """{user id: RequesterFit} for people asking to join a group with these MeetingSlots:
    of its meetings in the seven days from `now`, how many each is free for from start to
    end. Two queries."""
    if not user_ids:
        return {}
    meetings = meeting_occurrences(slots, now, now + WEEK)
    schedules = schedules_by_id(user_ids)
    fits = {}
    for user_id, schedule in schedules.items():
        free = free_intervals(schedule, now, now + WEEK) if meetings else []
        fits[user_id] = RequesterFit(
            meetings_free=sum(1 for start, end in meetings if contains(free, start, end)),
            meetings_total=len(meetings),
            marked_free_hours=bool(schedule.free_hours),
        )
    return fits


def weekday_names():
    """Monday to Sunday in the active language, as a list heading or choice shows them."""
    return [name[:1].upper() + name[1:] for name in day_names(standalone=True)]
