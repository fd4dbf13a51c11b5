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


@pytest.fixture
def teams(course, instructor, alice, bob, charlie, mallory):
    """Two teams of `course`: Red (alice, bob) and Blue (charlie, dana); mallory is a
    student of the course in neither team."""
    from tests.courses.teamwork import enrol, two_teams

    for person in (alice, bob, charlie, mallory):
        actions.enrol_with_code(person, course.join_code)
    dana = enrol(course, "dana")
    grouping = two_teams(instructor, course, [alice, bob], [charlie, dana])
    return grouping, dana


@pytest.fixture
def assignment(teams, course, instructor):
    from tests.courses.teamwork import new_assignment

    return new_assignment(instructor, course, teams[0])


@pytest.fixture
def workspaces(assignment):
    """{"Red": workspace, "Blue": workspace}."""
    return {w.team.name: w for w in assignment.workspaces.select_related("team")}


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files go to a directory of this test's own, removed after it."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": "/no-public-url/"},
        },
    }
    return root
