"""A course's page reads a few queries whatever the size of the course: many people,
many study groups, a busy chat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Language
from courses import actions
from groups import actions as group_actions
from groups import sections
from lounge.actions import post_message
from tests.factories import UserFactory

# Reading the session, the viewer and their profile; the two header badges.
AROUND_THE_PAGE = 3 + 2
# The course with the viewer's enrolment, the roster, the course's groups and their
# languages, the chat card's unread counts and last messages, the team assignments, the
# live sessions.
OWN_QUERIES = 8


def queries_of_page(client, person, course):
    client.force_login(person)
    client.get(course.get_absolute_url())  # content types and other per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(course.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response.text


@pytest.fixture
def suggestion_queries(monkeypatch):
    """The query count of each call of the page's group suggestions (groups.browse, which
    other code owns), so the page's own count can leave them out."""
    counts = []
    suggest = sections.suggested_groups

    def counted(*args, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            suggestions = suggest(*args, **kwargs)
        counts.append(len(queries))
        return suggestions

    monkeypatch.setattr(sections, "suggested_groups", counted)
    return counts


@pytest.fixture
def big_course(course, instructor, alice, settings):
    """`course` with 40 students (alice among them), 30 study groups of theirs in
    several languages and a busy chat."""
    settings.LOUNGE_RATE_LIMIT = (10**6, 1)
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    students = [alice] + [
        UserFactory(username=f"student{n}", display_name=f"Student {n}") for n in range(39)
    ]
    for student in students:
        actions.enrol_with_code(student, course.join_code)
    for n, student in enumerate(students[:30]):
        group_actions.create_group(
            student,
            name=f"Group {n}",
            description="",
            course=course,
            capacity=8,
            visibility="invite" if n % 10 == 9 else "open",
            topics=[],
            languages=[english],
            slots=[],
        )
    channel = actions.course_channel(course)
    for student in students:
        post_message(student, channel, f"Hi from {student.username}")
    return course


def test_a_students_page_of_a_big_course_reads_a_few_queries(
    client, big_course, alice, suggestion_queries
):
    count, page = queries_of_page(client, alice, big_course)

    assert count - AROUND_THE_PAGE - suggestion_queries[-1] <= OWN_QUERIES
    assert "People (41)" in page and "Student 38" in page  # the whole roster
    assert "Group 28" in page and "English" in page  # the course's groups
    assert "Group 29" not in page  # invite only, and alice is not in it
    assert "Hi from student38" in page  # the chat card


def test_the_instructors_page_of_a_big_course_reads_a_few_queries(
    client, big_course, instructor, suggestion_queries
):
    count, page = queries_of_page(client, instructor, big_course)

    assert suggestion_queries == []  # no groups are suggested to the course's staff
    assert count - AROUND_THE_PAGE <= OWN_QUERIES
    assert "Group 29" in page  # course staff see every group of the course
    assert page.count("Make teaching assistant") == 40


def test_an_outsider_reads_only_the_course(client, big_course, charlie):
    count, page = queries_of_page(client, charlie, big_course)

    assert count <= AROUND_THE_PAGE + 1
    assert "Student 38" not in page and "Hi from" not in page
