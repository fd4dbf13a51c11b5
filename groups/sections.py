"""What groups adds to other apps' pages: the course page's groups and suggestions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .browse import suggested_groups
from .models import Membership
from .permissions import groups_visible_to
from .schedule import SlotTime, next_meeting


def course_groups_section(request, course):
    groups = (
        groups_visible_to(request.user)
        .active()
        .filter(course=course)
        .order_by("-last_activity_at")
        .prefetch_related("languages")
    )
    return (
        "groups/_course_section.html",
        {
            "course": course,
            "course_groups": groups,
            "suggestions": suggested_groups(request.user, timezone.now(), course=course),
        },
    )


@dataclass(frozen=True)
class MyGroup:
    """A group on its member's home page: a link and when it next meets."""

    pk: int
    name: str
    next: datetime | None


def my_groups(user, now):
    """The groups `user` is in and that are not archived, soonest next meeting first
    (groups without one last, in the order they were joined), in one query: the outer
    join gives a group without meetings one row of nulls."""
    rows = Membership.objects.filter(user=user, group__archived_at__isnull=True).values_list(
        "group_id",
        "group__name",
        "group__meeting_slots__time_zone",
        "group__meeting_slots__weekday",
        "group__meeting_slots__start_time",
        "group__meeting_slots__duration_minutes",
    )
    names, slots = {}, {}
    for group_id, name, zone_name, weekday, start_time, minutes in rows:
        names[group_id] = name
        times = slots.setdefault(group_id, [])
        if minutes is not None:
            times.append(SlotTime(zone_name, weekday, start_time, timedelta(minutes=minutes)))
    groups = [MyGroup(pk, name, next_meeting(slots[pk], now)) for pk, name in names.items()]
    groups.sort(key=lambda group: (group.next is None, group.next or now))
    return groups


def home_groups_section(request):
    now = timezone.now()
    return (
        "groups/_home_section.html",
        {
            "my_groups": my_groups(request.user, now),
            "suggestions": suggested_groups(request.user, now),
        },
    )
