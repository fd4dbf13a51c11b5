"""A course run by the instructor persona, built through the course verbs."""

import pytest
from django.contrib.messages import get_messages

from courses import actions


@pytest.fixture
def course(instructor):
    return actions.create_course(
        instructor, title="Introduction to Statistics", code="stat101", term="Spring 2027"
    )


@pytest.fixture
def other_course(moderator):
    return actions.create_course(
        moderator, title="Linear Algebra", code="MATH201", term="Spring 2027"
    )


@pytest.fixture
def student(course, alice):
    """alice, enrolled in `course` with its join code."""
    actions.enrol_with_code(alice, course.join_code)
    return alice


@pytest.fixture
def ta(course, bob, instructor):
    """bob, enrolled in `course` and made its teaching assistant."""
    actions.enrol_with_code(bob, course.join_code)
    actions.set_course_role(instructor, course, bob, "ta")
    return bob


@pytest.fixture
def messages_of():
    """The messages this response's request added (not ones left over from earlier)."""

    def read(response):
        storage = get_messages(response.wsgi_request)
        return [str(message) for message in storage._queued_messages]

    return read
