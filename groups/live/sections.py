"""What live sessions add to other pages: a course page's sessions (through the course
page's one seam, courses.sections) and a study group page's (the `live_sessions_card`
tag). Both pages are shown only to people the owner's sessions are for (a course's
enrolled people, a group's members and its course's staff), so the card reads the
sessions in one query and asks nothing more of the viewer than the page knows."""

from .models import LiveSession

SHOWN = 5


def sessions_card(owner, *, can_start):
    """The card's context: running sessions first, then ended ones (newest first), and
    for those who may start one, the prepared ones."""
    rows = list(LiveSession.objects.for_owner(owner).order_by("-created_at")[: SHOWN * 3])
    live = [s for s in rows if s.is_live]
    ended = [s for s in rows if s.is_ended]
    prepared = [s for s in rows if s.status == LiveSession.Status.PREPARED] if can_start else []
    return {
        "owner": owner,
        "owner_kind": owner._meta.model_name,
        "owner_param": "course" if owner._meta.model_name == "course" else "group",
        "sessions": (live + ended)[:SHOWN],
        "prepared": prepared[:SHOWN],
        "can_start": can_start,
    }


def course_sessions_section(request, course):
    # The course page reads its viewer's enrolment with the course (courses.views.detail).
    enrolment = getattr(course, "viewer_enrolment", None)
    if enrolment is None and not request.user.is_staff:
        return None
    can_start = request.user.is_staff or enrolment.is_staff_role
    context = sessions_card(course, can_start=can_start)
    if not (context["sessions"] or context["prepared"] or can_start):
        return None
    return "live/_sessions_card.html", context
