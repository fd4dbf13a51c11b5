"""A course with a live session, built through the real verbs: the instructor hosts,
alice, bob and mallory are students of the course, charlie is not in it."""

import pytest

from courses import actions as course_actions
from groups.live import actions


@pytest.fixture
def course(instructor, alice, bob, mallory):
    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Autumn 2027"
    )
    for person in (alice, bob, mallory):
        course_actions.enrol_with_code(person, course.join_code)
    return course


@pytest.fixture
def session(course, instructor):
    return actions.create_session(instructor, course, title="Week 3 workshop", start=True)


@pytest.fixture
def lobby(session, alice, bob, mallory):
    """Everyone of the course has come to the lobby."""
    for person in (alice, bob, mallory):
        actions.join_session(person, session)
    return session


def seat_room(session, person):
    from groups.live.permissions import seat_of

    session.refresh_from_db()
    seat = seat_of(person, session)
    return seat.room if seat else None
