"""The study-group part of a course's community health, and the isolation radar.

Computed by the worker with the course's interaction graph (courses.health) and stored
in the same snapshot. Archived groups count nowhere: not as activity, not as "in a
study group", not as a place to send anyone. Counts only: no message is ever read for
its text.

The groups part of the snapshot's `data`:

    "groups": [{"id", "name", "members", "capacity", "active_members",
                "messages": [8 ints, oldest week first], "meetings": [8 ints],
                "trend": "rising" | "steady" | "fading", "fading", "too_small"}],
    "merges": [{"groups": [id, id], "shared_hours": float}],
    "grouped_ids": [students in at least one of the course's groups],
    "group_fits": {"<student id>": [[group id, meetings free, meetings total], ...]}

`group_fits` ranks groups with open seats for the students the radar lists (the first
RADAR_ROWS of each of its windows).
"""

from collections import defaultdict
from datetime import datetime, timedelta
from itertools import combinations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.db.models.functions import TruncDate

from accounts.availability import WEEK, contains, free_intervals, overlap_hours, schedules_by_id
from lounge.meetups.models import Meetup
from lounge.meetups.recurrence import occurrences_between
from lounge.models import Channel, Message

from .live.models import LiveSession
from .models import MeetingSlot, Membership, StudyGroup
from .schedule import meeting_occurrences

WEEKS = 8
ACTIVE_DAYS = 14
MIN_HEALTHY_MEMBERS = 3
# Shared free hours a week that make two small groups worth merging.
MIN_SHARED_HOURS_TO_MERGE = 1.0
MERGES_SHOWN = 5
GROUPS_SUGGESTED = 3
RADAR_DAYS = (7, 14, 28)
# The radar lists the students alone longest; the rest are counted, not listed, so the
# page stays one screen of work and a fixed number of queries.
RADAR_ROWS = 30


def _week_index(day, today):
    """0 (oldest) .. WEEKS - 1 (the seven days up to today), or None when older."""
    back = (today - day).days // 7
    return WEEKS - 1 - back if 0 <= back < WEEKS else None


def _channels_of(groups):
    """{channel id: group id} of the groups' chats."""
    return dict(
        Channel.objects.filter(
            owner_type=ContentType.objects.get_for_model(StudyGroup),
            owner_id__in=[group.pk for group in groups],
            kind=Channel.Kind.GROUP,
        ).values_list("id", "owner_id")
    )


def _messages_per_week(channels, now):
    weekly = defaultdict(lambda: [0] * WEEKS)
    today = now.date()
    rows = (
        Message.objects.filter(
            channel_id__in=channels,
            created_at__gte=now - timedelta(weeks=WEEKS),
            deleted_at__isnull=True,
        )
        .annotate(day=TruncDate("created_at"))
        .values_list("channel_id", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for channel_id, day, count in rows:
        index = _week_index(day, today)
        if index is not None:
            weekly[channels[channel_id]][index] += count
    return weekly


def _active_authors(channels, now):
    """{group id: ids of people who posted in its chat in the last ACTIVE_DAYS}."""
    authors = defaultdict(set)
    rows = (
        Message.objects.filter(
            channel_id__in=channels, created_at__gte=now - timedelta(days=ACTIVE_DAYS)
        )
        .values_list("channel_id", "author_id")
        .distinct()
        .order_by()
    )
    for channel_id, author_id in rows:
        authors[channels[channel_id]].add(author_id)
    return authors


def _meetings_per_week(channels, groups, now):
    """Meetups held in the groups' chats (each occurrence) and live sessions started."""
    weekly = defaultdict(lambda: [0] * WEEKS)
    today = now.date()
    start = now - timedelta(weeks=WEEKS)
    for meetup in Meetup.objects.filter(
        channel_id__in=channels, cancelled_at__isnull=True, starts_at__lt=now
    ):
        for occurrence in occurrences_between(meetup, start, now):
            index = _week_index(occurrence.starts_at.date(), today)
            if index is not None:
                weekly[channels[meetup.channel_id]][index] += 1
    for group_id, started_at in LiveSession.objects.filter(
        group__in=groups, started_at__gte=start
    ).values_list("group_id", "started_at"):
        index = _week_index(started_at.date(), today)
        if index is not None:
            weekly[group_id][index] += 1
    return weekly


def trend_of(activity, created_at, now):
    """ "rising", "steady" or "fading" from weekly activity (oldest first): the last four
    weeks against the four before. A group older than two weeks with nothing in the last
    two is fading, however quiet it was before."""
    earlier, recent = sum(activity[: WEEKS // 2]), sum(activity[WEEKS // 2 :])
    if created_at < now - timedelta(days=14) and not sum(activity[-2:]):
        return "fading"
    if earlier and recent <= earlier / 2:
        return "fading"
    if recent >= earlier * 1.5 and recent >= earlier + 3:
        return "rising"
    return "steady"


def _merges(small, members_of, now):
    """Pairs of small groups that fit in one and whose members share free time."""
    people = set().union(*(members_of[group.pk] for group in small)) if small else set()
    schedules = schedules_by_id(people) if people else {}
    found = []
    for first, second in combinations(small, 2):
        together = members_of[first.pk] | members_of[second.pk]
        if len(together) > max(first.capacity, second.capacity):
            continue
        hours = overlap_hours([schedules[person] for person in together], now)
        if hours >= MIN_SHARED_HOURS_TO_MERGE:
            found.append({"groups": [first.pk, second.pk], "shared_hours": round(hours, 1)})
    found.sort(key=lambda merge: -merge["shared_hours"])
    return found[:MERGES_SHOWN]


def group_fits(open_groups, student_ids, members_of, now):
    """{student id: [[group id, meetings free, meetings total]]}: the best GROUPS_SUGGESTED
    groups with open seats for each student, by how many of the group's meetings in the
    coming week fall in the student's free hours, then by open seats. Groups a student
    is in are left out. Two queries for the slots and two for the schedules."""
    if not student_ids or not open_groups:
        return {}
    slots = defaultdict(list)
    for slot in MeetingSlot.objects.filter(group__in=open_groups):
        slots[slot.group_id].append(slot)
    meetings = {
        group.pk: meeting_occurrences(slots[group.pk], now, now + WEEK) for group in open_groups
    }
    fits = {}
    for student_id, schedule in schedules_by_id(student_ids).items():
        free = free_intervals(schedule, now, now + WEEK) if schedule.free_hours else []
        ranked = []
        for group in open_groups:
            if student_id in members_of[group.pk]:
                continue
            times = meetings[group.pk]
            fitting = sum(1 for start, end in times if contains(free, start, end))
            ranked.append((-fitting, -group.open_seats, group.pk, len(times)))
        ranked.sort()
        fits[str(student_id)] = [
            [group_id, -fitting, total] for fitting, _, group_id, total in ranked[:GROUPS_SUGGESTED]
        ]
    return fits


def compute_groups(course, now: datetime, graph: dict) -> dict:
    """The groups part of `course`'s snapshot (see the module's docstring), given the
    graph part for the students the radar may show."""
    groups = list(StudyGroup.objects.active().filter(course=course).order_by("name", "pk"))
    members_of = defaultdict(set)
    for group_id, user_id in Membership.objects.filter(group__in=groups).values_list(
        "group_id", "user_id"
    ):
        members_of[group_id].add(user_id)
    channels = _channels_of(groups)
    messages = _messages_per_week(channels, now)
    meetings = _meetings_per_week(channels, groups, now)
    authors = _active_authors(channels, now)
    rows = []
    for group in groups:
        activity = [m + n for m, n in zip(messages[group.pk], meetings[group.pk], strict=True)]
        trend = trend_of(activity, group.created_at, now)
        rows.append(
            {
                "id": group.pk,
                "name": group.name,
                "members": group.member_count,
                "capacity": group.capacity,
                "active_members": len(authors[group.pk] & members_of[group.pk]),
                "messages": messages[group.pk],
                "meetings": meetings[group.pk],
                "trend": trend,
                "fading": trend == "fading",
                "too_small": group.member_count < MIN_HEALTHY_MEMBERS,
            }
        )
    small = [group for group in groups if group.member_count < MIN_HEALTHY_MEMBERS]
    student_ids = {student["id"] for student in graph["students"]}
    grouped = student_ids & set().union(*members_of.values()) if members_of else set()
    # Only the rows the radar lists, for each of its windows: the rest are counted, not
    # listed, and ranking every group for thousands of students would be most of the work.
    with_groups = graph | {"grouped_ids": grouped}
    candidates = {
        row["id"]
        for days in RADAR_DAYS
        for row in radar(with_groups, now, days, with_fits=False)[:RADAR_ROWS]
    }
    return {
        "groups": rows,
        "merges": _merges(small, members_of, now),
        "grouped_ids": sorted(grouped),
        "group_fits": group_fits(
            [group for group in groups if group.open_seats], candidates, members_of, now
        ),
    }


def _moment(value):
    return datetime.fromisoformat(value) if value else None


def radar(data, now, days, *, with_fits=True):
    """Students with no peer interaction in the last `days`, or only with staff, or in
    no study group, those alone longest first (never first of all). Each row: the
    student's id, name, handle, `last_peer_at`, `reasons` (of "no_peer", "staff_only",
    "no_group") and, `with_fits`, `group_fits` from the snapshot."""
    since = now - timedelta(days=days)
    grouped = set(data.get("grouped_ids", ()))
    fits = data.get("group_fits", {}) if with_fits else {}
    rows = []
    for student in data.get("students", ()):
        last_peer = _moment(student["last_peer_at"])
        last_staff = _moment(student["last_staff_at"])
        alone = last_peer is None or last_peer < since
        reasons = []
        if alone and last_staff is not None and last_staff >= since:
            reasons.append("staff_only")
        elif alone:
            reasons.append("no_peer")
        if student["id"] not in grouped:
            reasons.append("no_group")
        if reasons:
            rows.append(
                {
                    "id": student["id"],
                    "name": student["name"],
                    "handle": student["handle"],
                    "last_peer_at": last_peer,
                    "reasons": reasons,
                    "group_fits": fits.get(str(student["id"]), []),
                }
            )
    rows.sort(key=lambda row: (row["last_peer_at"] is not None, row["last_peer_at"] or now))
    return rows
