"""A course's interaction graph, from the peer-interaction log (accounts.interactions):
who of its students has studied with whom, and who with nobody but the staff.

Computed by the worker (groups.tasks.refresh_course_health) and stored in the course's
CourseHealth row; the pages read that row and never this module's queries. The log has
no course: a tie counts when both people are in the course, whatever brought them
together. Every kind of interaction counts, those added later too. Two people with a
block between them, either way round, have no tie, whatever they did before.

The graph part of the snapshot's `data`:

    "window_days": 28,            ties and tie counts cover this many days
    "students": [{"id", "name", "handle", "last_peer_at", "last_staff_at", "peers",
                  "kinds": {kind: count}}],
    "staff_ids": [...],
    "ties": [[id_a, id_b, weight], ...]   id_a < id_b, weight = interactions in the window

`last_peer_at` and `last_staff_at` (ISO times or None) look back LOOKBACK, so the radar
can ask about any window up to it without recomputing.
"""

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.db.models.functions import Greatest, Least

from accounts.models import Block, Interaction

from .models import Course, CourseHealth, Enrolment

WINDOW_DAYS = 28
LOOKBACK = timedelta(days=180)
# Raised when the shape of the stored data changes (CourseHealth.version).
VERSION = 1


def course_people(course):
    """(student ids, staff ids) of the course's active people."""
    students, staff = set(), set()
    rows = Enrolment.objects.filter(course=course, user__is_active=True).values_list(
        "user_id", "role"
    )
    for user_id, role in rows:
        (staff if role in Enrolment.STAFF_ROLES else students).add(user_id)
    return students, staff


def _blocked_pairs(course):
    members = Enrolment.objects.filter(course=course).values("user_id")
    return {
        frozenset(pair)
        for pair in Block.objects.filter(blocker_id__in=members, blocked_id__in=members)
        .values_list("blocker_id", "blocked_id")
        .order_by()
    }


def _pair_rows(course, since, lookback_from):
    """Per unordered pair of the course's people and kind: interactions in the window
    and the latest time at all (within the lookback). One grouped query."""
    members = Enrolment.objects.filter(course=course).values("user_id")
    return (
        Interaction.objects.filter(
            created_at__gte=lookback_from, person_id__in=members, other_id__in=members
        )
        .annotate(low=Least("person_id", "other_id"), high=Greatest("person_id", "other_id"))
        .values("low", "high", "kind")
        .annotate(recent=Count("id", filter=Q(created_at__gte=since)), last=Max("created_at"))
        .order_by()
        .values_list("low", "high", "kind", "recent", "last")
    )


def compute_graph(course: Course, now: datetime) -> dict:
    """The graph part of a course's snapshot (see the module's docstring). Four queries
    whatever the size of the course."""
    students, staff = course_people(course)
    people = {
        user_id: (display_name or username, username)
        for user_id, display_name, username in Enrolment.objects.filter(
            user_id__in=students, course=course
        ).values_list("user_id", "user__profile__display_name", "user__username")
    }
    blocked = _blocked_pairs(course)
    since = now - timedelta(days=WINDOW_DAYS)
    ties = Counter()
    last_peer, last_staff = {}, {}
    kinds = defaultdict(Counter)
    for low, high, kind, recent, last in _pair_rows(course, since, now - LOOKBACK):
        if frozenset((low, high)) in blocked:
            continue
        if low in students and high in students:
            for one in (low, high):
                if last_peer.get(one) is None or last > last_peer[one]:
                    last_peer[one] = last
                if recent:
                    kinds[one][kind] += recent
            if recent:
                ties[low, high] += recent
        elif (low in students) != (high in students) and (low in staff or high in staff):
            student = low if low in students else high
            if last_staff.get(student) is None or last > last_staff[student]:
                last_staff[student] = last
    peers = Counter()
    for low, high in ties:
        peers[low] += 1
        peers[high] += 1
    return {
        "window_days": WINDOW_DAYS,
        "staff_ids": sorted(staff),
        "students": [
            {
                "id": student,
                "name": people[student][0],
                "handle": people[student][1],
                "last_peer_at": _iso(last_peer.get(student)),
                "last_staff_at": _iso(last_staff.get(student)),
                "peers": peers[student],
                "kinds": dict(kinds[student]),
            }
            for student in sorted(students)
        ],
        "ties": [[low, high, weight] for (low, high), weight in sorted(ties.items())],
    }


def _iso(moment):
    return moment.isoformat() if moment is not None else None


def courses_with_news(since_by_course):
    """Of {course id: time of its last snapshot}, the ids of courses whose people have
    interactions logged after it: what the periodic refresh recomputes."""
    changed = []
    for course_id, since in since_by_course.items():
        members = Enrolment.objects.filter(course_id=course_id).values("user_id")
        if Interaction.objects.filter(person_id__in=members, created_at__gt=since).exists():
            changed.append(course_id)
    return changed


def store_snapshot(course, data, now):
    """Saves `data` as `course`'s snapshot, computed at `now`; returns the row."""
    snapshot, _ = CourseHealth.objects.update_or_create(
        course=course, defaults={"data": data, "computed_at": now, "version": VERSION}
    )
    return snapshot
