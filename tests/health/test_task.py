"""The worker keeps snapshots: the task computes and stores one, and the hourly job
recomputes only the courses whose people did something since (or whose snapshot is a
day old)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
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


def test_the_admin_lists_each_snapshot_with_its_size_and_cannot_change_it(
    client, moderator, course, alice, bob, interact, snapshot
):
    moderator.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="courses", codename__regex=r"^(view|change)_"
        )
    )
    client.force_login(moderator)
    interact(alice, bob)
    snapshot(course)
    changelist = client.get(reverse("admin:courses_coursehealth_changelist"))
    assert changelist.status_code == 200
    row = changelist.content.decode()
    assert "STAT101" in row and '<td class="field-students">3</td>' in row
    assert '<td class="field-ties">1</td>' in row
    health = CourseHealth.objects.get(course=course)
    change = reverse("admin:courses_coursehealth_change", args=[health.pk])
    client.post(change, {"version": 99})
    health.refresh_from_db()
    assert health.version != 99
