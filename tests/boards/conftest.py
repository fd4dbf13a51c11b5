"""A course group with a board in its standing room, built through the real verbs:
alice owns the group, bob is a member, the instructor teaches its course, charlie and
mallory are in the course but not in the group."""

import pytest

from courses import actions as course_actions
from groups import actions as group_actions
from groups.boards import actions
from tests.groups.conftest import build_group


@pytest.fixture
def course(instructor, alice, bob, charlie, mallory):
    course = course_actions.create_course(
        instructor, title="Linear Algebra", code="MATH201", term="Autumn 2027"
    )
    for person in (alice, bob, charlie, mallory):
        course_actions.enrol_with_code(person, course.join_code)
    return course


@pytest.fixture
def group(course, alice, bob):
    group = build_group(alice, name="Eigenvalue evenings", course=course)
    group_actions.join_group(bob, group)
    group.refresh_from_db()
    return group


@pytest.fixture
def board(group):
    return actions.standing_board(group)


def stroke(item_id="s1", points=((10, 10), (20, 25), (40, 30)), color="blue", width=3):
    return {
        "id": item_id,
        "kind": "stroke",
        "color": color,
        "width": width,
        "points": [list(p) for p in points],
    }


def note(item_id="n1", text="Check eigenvectors", x=100, y=100):
    return {
        "id": item_id,
        "kind": "sticky",
        "color": "yellow",
        "x": x,
        "y": y,
        "w": 160,
        "h": 120,
        "text": text,
    }


def add(*items):
    return {"kind": "add", "items": list(items)}
