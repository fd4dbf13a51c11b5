"""What groups adds to other apps' pages: the course page's groups and suggestions."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef
from django.utils import timezone

from accounts.week_ranges import weeks_in_view

from .browse import suggested_groups
from .models import Membership
from .permissions import groups_visible_to, teaches
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
            # The course's staff moderate its groups; they are not looking for one.
            "teaching": (teaching := _teaches(request.user, course)),
            "suggestions": []
            if teaching
            else suggested_groups(request.user, timezone.now(), course=course),
        },
    )


def _teaches(user, course):
    # The course page reads the viewer's enrolment with the course.
    enrolment = getattr(course, "viewer_enrolment", None)
    if enrolment is not None:
        return enrolment.is_staff_role
    return teaches(user, course)


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
    instructor = request.user.profile.role == "instructor"
    return (
        "groups/_home_section.html",
        {
            "my_groups": my_groups(request.user, now),
            "instructor": instructor,
            # Instructors start and moderate groups for their students rather than join one.
            "suggestions": [] if instructor else suggested_groups(request.user, now),
        },
    )
