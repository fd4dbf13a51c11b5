"""Programmes, mentors and mentees for the mentorship tests, built through the verbs.

alice mentors (Berlin), bob is a mentee (New York), charlie and mallory are outsiders
to the pair; the instructor organises."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.actions import set_free_hours
from mentorship import actions

# Tuesday to Thursday, 19:00–21:00 in each person's own zone.
EVENINGS = [(day, hour) for day in (1, 2, 3) for hour in (19, 20)]


def build_programme(organiser, **overrides):
    today = timezone.now().date()
    fields = {
        "name": "Newcomer mentoring",
        "starts_on": today - timedelta(days=14),
        "ends_on": today + timedelta(days=60),
    }
    fields.update(overrides)
    return actions.create_programme(organiser, **fields)


@pytest.fixture
def programme(instructor):
    return build_programme(instructor)


def make_mentor(programme, person, *, approve_by=None, capacity=2, **fields):
    fields.setdefault("topics", ["statistics"])
    fields.setdefault("languages", ["pt", "en"])
    profile = actions.opt_in_as_mentor(person, programme, capacity=capacity, **fields)
    if approve_by is not None:
        actions.approve_mentor(approve_by, profile)
    return profile


def make_mentee(programme, person, **fields):
    fields.setdefault("topics", ["statistics"])
    fields.setdefault("languages", ["pt"])
    fields.setdefault("goals", "Pass the exam")
    return actions.opt_in_as_mentee(person, programme, **fields)


@pytest.fixture
def mentor(programme, alice, instructor):
    """alice, approved, two seats, free Tue–Thu evenings in Berlin."""
    set_free_hours(alice, EVENINGS)
    return make_mentor(programme, alice, approve_by=instructor)


@pytest.fixture
def mentee(programme, bob):
    """bob, wanting statistics in Portuguese, free Tue–Thu afternoons New York time
    (13:00–15:00, which is Berlin's 19:00–21:00)."""
    set_free_hours(bob, [(day, hour) for day in (1, 2, 3) for hour in (13, 14)])
    return make_mentee(programme, bob)


@pytest.fixture
def pair(programme, mentor, mentee, alice, bob):
    request = actions.request_mentor(bob, programme, alice, message="Hello!")
    actions.answer_request(alice, request, accept=True, message="Happy to.")
    return programme.pairs.get()
