"""Keeping courses' community-health snapshots fresh: computed by the worker
(groups.tasks.refresh_course_health), asked for by an instructor ("Refresh now", at
most once per REFRESH_EVERY) and by the hourly job, which only recomputes courses whose
people did something since their last snapshot, or whose snapshot is a day old (the
weeks of the group charts move on by themselves)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Profile
from courses import health as course_health
from courses.availability_heatmap import course_heatmap
from courses.models import Course, CourseHealth, Enrolment
from courses.permissions import can_view_health

from .actions import GroupError, NotAllowed
from .health import compute_groups

REFRESH_EVERY = timedelta(minutes=5)
RECOMPUTE_AFTER = timedelta(days=1)


class RefreshTooSoon(GroupError):
    code = "rate_limited"


def refresh(course_id, now=None):
    """Computes and stores the snapshot of one course. None for a course that is gone."""
    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        return None
    now = now or timezone.now()
    data = course_health.compute_graph(course, now)
    data |= compute_groups(course, now, data)
    data["heatmaps"] = staff_heatmaps(course, now)
    return course_health.store_snapshot(course, data, now)


def staff_heatmaps(course, now):
    """{zone: the course's availability heat-map in it} for the zones of the course's
    staff: what their page shows, worked out here because it reads every student's
    week (seconds for a course of thousands). A viewer in another zone has it computed
    for them."""
    zones = Profile.objects.filter(
        user__enrolments__course=course, user__enrolments__role__in=Enrolment.STAFF_ROLES
    ).values_list("time_zone", flat=True)
    return {zone: course_heatmap(course, zone, now) for zone in sorted(set(zones))}


@transaction.atomic
def request_refresh(actor, course, now=None):
    """Queues a recomputation of `course`'s snapshot for the worker, at most once per
    REFRESH_EVERY whoever asks. Returns the snapshot row."""
    from .tasks import refresh_course_health

    if not can_view_health(actor, course):
        raise NotAllowed(_("Only the course's instructors can refresh its health."))
    now = now or timezone.now()
    snapshot, _created = CourseHealth.objects.select_for_update().get_or_create(course=course)
    if snapshot.requested_at and snapshot.requested_at > now - REFRESH_EVERY:
        raise RefreshTooSoon(_("A refresh was asked for a moment ago: it is on its way."))
    snapshot.requested_at = now
    snapshot.save(update_fields=["requested_at"])
    transaction.on_commit(lambda: refresh_course_health.enqueue(course.pk))
    return snapshot


def refresh_stale(now):
    """The hourly job: queues the courses whose snapshot is missing or out of date.
    Returns their ids."""
    from .tasks import refresh_course_health

    snapshots = dict(
        CourseHealth.objects.filter(computed_at__isnull=False).values_list(
            "course_id", "computed_at"
        )
    )
    old = set(
        CourseHealth.objects.filter(
            Q(computed_at__isnull=True) | Q(computed_at__lt=now - RECOMPUTE_AFTER)
        ).values_list("course_id", flat=True)
    )
    fresh = {course_id: at for course_id, at in snapshots.items() if course_id not in old}
    missing = set(Course.objects.filter(health__isnull=True).values_list("pk", flat=True))
    due = sorted(missing | old | set(course_health.courses_with_news(fresh)))
    for course_id in due:
        transaction.on_commit(lambda course_id=course_id: refresh_course_health.enqueue(course_id))
    return due
