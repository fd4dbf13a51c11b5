"""Coffee-chat series and people for the tests, built through the verbs.

alice (Berlin) and bob (New York) share Tue–Thu 19:00–21:00 Berlin time; charlie
(Tokyo) shares nothing with them; mallory is hostile. The moderator (staff) runs the
community-wide series; the instructor runs a course's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.actions import set_free_hours
from courses import actions as course_actions
from mentorship.coffee import actions

BERLIN_EVENINGS = [(day, hour) for day in (1, 2, 3) for hour in (19, 20)]
NEW_YORK_AFTERNOONS = [(day, hour) for day in (1, 2, 3) for hour in (13, 14)]
TOKYO_MORNINGS = [(day, hour) for day in (1, 2, 3) for hour in (7, 8)]


def build_series(organiser, **overrides):
    fields = {
        "name": "Community coffee",
        "first_round_at": timezone.now() + timedelta(days=1),
    }
    fields.update(overrides)
    return actions.create_series(organiser, **fields)


@pytest.fixture
def series(moderator):
    return build_series(moderator)


@pytest.fixture
def course(instructor):
    return course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Spring"
    )


@pytest.fixture
def course_series(instructor, course):
    return build_series(instructor, name="STAT101 coffee", course=course)


@pytest.fixture
def free_people(alice, bob, charlie):
    set_free_hours(alice, BERLIN_EVENINGS)
    set_free_hours(bob, NEW_YORK_AFTERNOONS)
    set_free_hours(charlie, TOKYO_MORNINGS)
    return alice, bob, charlie
