"""The worker keeps snapshots: the task computes and stores one, and the hourly job
recomputes only the courses whose people did something since (or whose snapshot is a
day old)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import CourseHealth
from groups import health_refresh
from groups.tasks import refresh_course_health
from home.schedules import JOBS

pytestmark = pytest.mark.django_db


def test_the_task_computes_and_stores_the_snapshot(course, alice, bob, interact):
    interact(alice, bob)

    refresh_course_health.enqueue(course.pk)

    snapshot = CourseHealth.objects.get(course=course)
    assert snapshot.computed_at is not None and snapshot.version == 1
    assert len(snapshot.data["ties"]) == 1 and snapshot.data["groups"] == []


def test_the_task_for_a_course_that_is_gone_does_nothing(db):
    assert refresh_course_health.enqueue(999999).return_value is None


def test_the_hourly_job_refreshes_only_courses_with_news(
    course, instructor, alice, bob, interact, django_capture_on_commit_callbacks
):
    from courses import actions as course_actions

    quiet = course_actions.create_course(instructor, title="Quiet", code="QUI1", term="T")
    health_refresh.refresh(course.pk)
    health_refresh.refresh(quiet.pk)
    now = timezone.now() + timedelta(minutes=1)
    assert health_refresh.refresh_stale(now) == []

    interact(alice, bob)
    assert health_refresh.refresh_stale(now + timedelta(minutes=1)) == [course.pk]
    assert health_refresh.refresh_stale(now + timedelta(days=2)) == sorted([course.pk, quiet.pk])


def test_the_hourly_job_is_listed_with_every_apps_jobs():
    assert "groups.refresh_course_health" in {job.name for job in JOBS}
