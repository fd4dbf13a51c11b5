"""A course for the community-health tests, built through the verbs: the instructor
teaches STAT101, alice, bob and charlie are its students; mallory studies elsewhere.

`interact(person, other, days_ago=0, kind=...)` writes one row of the interaction log
at a chosen time (the verbs stamp rows with now; the radar is about time)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Interaction
from courses import actions as course_actions
from groups import health_refresh


@pytest.fixture
def course(instructor, alice, bob, charlie):
    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Spring"
    )
    for student in (alice, bob, charlie):
        course_actions.enrol_with_code(student, course.join_code)
    return course


@pytest.fixture
def interact():
    def write(person, other, days_ago=0, kind=Interaction.Kind.REPLIED):
        return Interaction.objects.create(
            person=person,
            other=other,
            kind=kind,
            created_at=timezone.now() - timedelta(days=days_ago),
        )

    return write


@pytest.fixture
def snapshot():
    """Computes `course`'s snapshot as the worker does and returns its data."""

    def compute(course):
        return health_refresh.refresh(course.pk).data

    return compute
