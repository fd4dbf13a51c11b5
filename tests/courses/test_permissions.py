import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from courses import permissions


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("instructor", True), ("moderator", True), ("alice", False), ("mallory", False)],
)
def test_who_can_create_a_course(persona, expected, request):
    assert permissions.can_create_course(request.getfixturevalue(persona)) is expected


def test_visitors_cannot_create_courses():
    assert permissions.can_create_course(AnonymousUser()) is False


@pytest.mark.parametrize(
    ("persona", "manages", "enrolled"),
    [
        ("instructor", True, True),
        ("moderator", True, False),
        ("ta", False, True),
        ("student", False, True),
        ("charlie", False, False),
    ],
)
def test_who_manages_and_who_is_enrolled(course, persona, manages, enrolled, request):
    person = request.getfixturevalue(persona)
    assert permissions.can_manage_course(person, course) is manages
    assert permissions.is_enrolled(person, course) is enrolled


def test_visitors_neither_manage_nor_are_enrolled(course):
    assert permissions.can_manage_course(AnonymousUser(), course) is False
    assert permissions.enrolment_of(AnonymousUser(), course) is None


def test_any_signed_in_person_finds_a_course_by_id(course, charlie):
    assert permissions.get_course_for(charlie, course.pk) == course


def test_a_missing_course_or_a_visitor_gets_404(course, charlie):
    with pytest.raises(Http404):
        permissions.get_course_for(charlie, course.pk + 1000)
    with pytest.raises(Http404):
        permissions.get_course_for(AnonymousUser(), course.pk)
