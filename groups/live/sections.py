"""What live sessions add to other pages: a course page's sessions (through the course
page's one seam, courses.sections) and a study group page's (the `live_sessions_card`
tag)."""

from . import permissions
from .models import LiveSession

SHOWN = 5


def sessions_card(user, owner):
    """The card's context: the owner's sessions `user` may see, running ones first."""
    sessions = list(
        permissions.sessions_visible_to(user)
        .for_owner(owner)
        .exclude(status=LiveSession.Status.PREPARED)
        .order_by("ended_at", "-created_at")[:SHOWN]
    )
    can_start = permissions.can_start_session_for(user, owner)
    prepared = []
    if can_start:
        prepared = list(
            LiveSession.objects.for_owner(owner)
            .filter(status=LiveSession.Status.PREPARED)
            .order_by("-created_at")[:SHOWN]
        )
    return {
        "owner": owner,
        "owner_kind": owner._meta.model_name,
        "owner_param": "course" if owner._meta.model_name == "course" else "group",
        "sessions": sessions,
        "prepared": prepared,
        "can_start": can_start,
    }


def course_sessions_section(request, course):
    context = sessions_card(request.user, course)
    if not (context["sessions"] or context["can_start"]):
        return None
    return "live/_sessions_card.html", context
