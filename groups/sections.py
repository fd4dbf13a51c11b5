"""What groups adds to other apps' pages: the course page's groups and suggestions."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef
from django.utils import timezone

from accounts.week_ranges import weeks_in_view

from .browse import suggested_groups
from .models import Membership
from .permissions import groups_visible_to
from .schedule import MEETINGS, next_meeting_after


def course_groups_section(request, course):
    groups = list(
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
    (groups without one last, in the order they were joined), in one query."""
    MEETINGS.ensure(weeks_in_view(now))
    rows = (
        Membership.objects.filter(user=user, group__archived_at__isnull=True)
        .annotate(next=next_meeting_after(now, group=OuterRef("group")))
        .order_by(F("next").asc(nulls_last=True), "joined_at", "id")
        .values_list("group_id", "group__name", "next")
    )
    return [MyGroup(*row) for row in rows]


def home_groups_section(request):
    now = timezone.now()
    return (
        "groups/_home_section.html",
        {
            "my_groups": my_groups(request.user, now),
            "suggestions": suggested_groups(request.user, now),
        },
    )
