"""Background tasks of groups, run by the task worker (django.tasks)."""

from django.tasks import task

from . import health_refresh


@task
def refresh_course_health(course_id):
    """Recomputes a course's community-health snapshot (its interaction graph and its
    study groups): queued by "Refresh now", by the hourly job and by the demo."""
    snapshot = health_refresh.refresh(course_id)
    return snapshot.pk if snapshot else None
