"""What groups adds to other apps' pages: the course page's groups and suggestions."""

from django.utils import timezone

from .browse import suggested_groups
from .models import Membership
from .permissions import groups_visible_to
from .schedule import next_meeting


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


def home_groups_section(request):
    now = timezone.now()
    memberships = (
        Membership.objects.filter(user=request.user, group__archived_at__isnull=True)
        .select_related("group__course")
        .prefetch_related("group__meeting_slots")
    )
    my_groups = []
    for membership in memberships:
        group = membership.group
        group.next = next_meeting(list(group.meeting_slots.all()), now)
        my_groups.append(group)
    my_groups.sort(key=lambda group: (group.next is None, group.next or now))
    return (
        "groups/_home_section.html",
        {"my_groups": my_groups, "suggestions": suggested_groups(request.user, now)},
    )
