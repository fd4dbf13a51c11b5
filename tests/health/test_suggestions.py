"""What the radar suggests for a student alone, beyond study groups: a mentor with a
free seat in an open programme of the course (best fit first, never across a block),
and the coffee chats of the course they are not in yet."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import actions as account_actions
from accounts.actions import set_free_hours
from courses import actions as course_actions
from mentorship import actions as mentorship_actions
from mentorship.coffee import actions as coffee_actions
from mentorship.health import suggestions_for
from tests.coffee.conftest import build_series
from tests.factories import UserFactory
from tests.mentorship.conftest import EVENINGS, build_programme, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentors(course, instructor):
    """Two mentors in STAT101's programme: one free when alice is, one never."""
    programme = build_programme(instructor, course=course)
    evening, morning = UserFactory(username="eve"), UserFactory(username="mo")
    for person in (evening, morning):
        course_actions.enrol_with_code(person, course.join_code)
    set_free_hours(evening, EVENINGS)
    set_free_hours(morning, [(0, 6)])
    make_mentor(programme, evening, approve_by=instructor, capacity=1)
    make_mentor(programme, morning, approve_by=instructor, capacity=1)
    return programme, evening, morning


def test_the_mentor_free_when_the_student_is_comes_first(course, alice, mentors):
    programme, evening, _ = mentors
    set_free_hours(alice, EVENINGS)

    suggested = suggestions_for(course, [alice.pk])[alice.pk].mentor

    assert suggested.mentor == evening and suggested.programme == programme
    assert suggested.free_seats == 1


def test_no_mentor_across_a_block_or_without_a_free_seat(course, alice, bob, mentors):
    programme, evening, morning = mentors
    set_free_hours(alice, EVENINGS)
    account_actions.block(alice, evening)
    set_free_hours(bob, [(0, 6)])
    make_mentee(programme, bob)
    request = mentorship_actions.request_mentor(bob, programme, morning, message="Hi")
    mentorship_actions.answer_request(morning, request, accept=True, message="Sure")

    assert suggestions_for(course, [alice.pk])[alice.pk].mentor is None


def test_programmes_whose_cycle_is_over_suggest_nobody(course, instructor, alice):
    programme = build_programme(instructor, course=course)
    mentor = UserFactory(username="old")
    course_actions.enrol_with_code(mentor, course.join_code)
    make_mentor(programme, mentor, approve_by=instructor)
    yesterday = timezone.now().date() - timedelta(days=1)
    type(programme).objects.filter(pk=programme.pk).update(
        starts_on=yesterday - timedelta(days=60), ends_on=yesterday
    )

    assert suggestions_for(course, [alice.pk])[alice.pk].mentor is None


def test_the_next_coffee_round_is_one_the_student_is_not_in(course, instructor, alice, bob):
    soon = build_series(instructor, name="Soon", course=course)
    later = build_series(
        instructor, name="Later", course=course, first_round_at=timezone.now() + timedelta(days=5)
    )
    coffee_actions.join_series(alice, soon)

    found = suggestions_for(course, [alice.pk, bob.pk])

    assert found[alice.pk].coffee == later and found[bob.pk].coffee == soon
