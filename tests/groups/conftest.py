"""Courses, groups and members for the groups tests, all built through the real verbs."""

from datetime import time

import pytest
from django.contrib.messages import get_messages

from courses import actions as course_actions
from groups import actions
from tests.factories import UserFactory


@pytest.fixture
def course(instructor):
    return course_actions.create_course(
        instructor, title="Introduction to Statistics", code="STAT101", term="Spring 2027"
    )


@pytest.fixture
def enrolled(course, alice, bob):
    """alice and bob are students of `course`; charlie and mallory are not."""
    course_actions.enrol_with_code(alice, course.join_code)
    course_actions.enrol_with_code(bob, course.join_code)
    return course


def build_group(
    owner,
    *,
    name="Probability study group",
    description="",
    course=None,
    capacity=8,
    visibility="open",
    topics=(),
    languages=(),
    slots=(),
    **more,
):
    return actions.create_group(
        owner,
        name=name,
        description=description,
        course=course,
        capacity=capacity,
        visibility=visibility,
        topics=list(topics),
        languages=list(languages),
        slots=list(slots),
        **more,
    )


@pytest.fixture
def make_group(db):
    """make_group(owner, **fields): create_group with sensible defaults."""
    return build_group


@pytest.fixture
def make_person(db):
    """make_person(username, time_zone="UTC"): another verified person."""

    def make(username, time_zone="UTC", **kwargs):
        return UserFactory(username=username, display_name=username.title(), time_zone=time_zone)

    return make


@pytest.fixture
def open_group(alice, bob, make_group):
    """alice's open group (3 seats) with bob as a member; it meets Tuesdays 19:00-20:30 Berlin."""
    group = make_group(alice, capacity=3, slots=[(1, time(19, 0), 90)])
    actions.join_group(bob, group)
    group.refresh_from_db()
    return group


@pytest.fixture
def messages_of():
    """The messages this response's request added (not ones left over from earlier)."""

    def read(response):
        storage = get_messages(response.wsgi_request)
        return [str(message) for message in storage._queued_messages]

    return read
