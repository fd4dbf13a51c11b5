"""Mentor responsiveness: the median time to answer a request and to reply in the pair
chat; organisers see the numbers, mentees choosing a mentor see a band. The organiser's
dashboard: pairs, quiet ones, unmatched people, mentor load."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.actions import set_free_hours
from lounge.actions import post_message
from lounge.models import Message
from mentorship import actions, pair_actions
from mentorship.models import MentorshipRequest, Pair
from mentorship.responsiveness import (
    SLOW_BAND,
    chat_reply_delays,
    duration,
    responsiveness_of,
)
from tests.factories import UserFactory

from .conftest import EVENINGS, make_mentee, make_mentor

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_a_run_of_mentee_messages_waits_for_the_mentors_next_one():
    mentor, mentee = 1, 2
    messages = [
        (mentee, at(0)),
        (mentee, at(5)),  # same run: still waiting since 0
        (mentor, at(30)),
        (mentor, at(31)),  # no mentee message waiting
        (mentee, at(100)),
        (mentor, at(160)),
        (mentee, at(200)),  # not answered yet: left out
    ]
    assert chat_reply_delays(messages, mentor, mentee) == [
        timedelta(minutes=30),
        timedelta(hours=1),
    ]


def test_the_mentor_speaking_first_is_not_a_reply():
    assert chat_reply_delays([(1, at(0)), (2, at(3))], 1, 2) == []


def answered_after(programme, mentor, mentee, hours, *, accept=False):
    request = actions.request_mentor(mentee, programme, mentor)
    actions.answer_request(mentor, request, accept=accept)
    MentorshipRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(hours=hours)
    )
    return request


@pytest.fixture
def newcomers(programme):
    people = [UserFactory(username=f"newcomer{n}") for n in range(3)]
    for person in people:
        make_mentee(programme, person)
    return people


def test_request_and_chat_medians(programme, mentor, alice, newcomers):
    for person, hours in zip(newcomers[:2], (2, 4), strict=True):
        answered_after(programme, alice, person, hours)
    request = answered_after(programme, alice, newcomers[2], 30, accept=True)
    pair = Pair.objects.get(mentee=request.mentee)
    channel = actions.pair_channel(pair)
    mentee = newcomers[2]
    for author, minutes_ago in [(mentee, 300), (alice, 240), (mentee, 100), (alice, 90)]:
        message, _ = post_message(author, channel, f"hello {minutes_ago}")
        Message.objects.filter(pk=message.pk).update(
            created_at=timezone.now() - timedelta(minutes=minutes_ago)
        )

    speed = responsiveness_of([alice.pk])[alice.pk]
    assert abs(speed.request_median - timedelta(hours=4)) < timedelta(seconds=5)
    assert abs(speed.chat_median - timedelta(minutes=35)) < timedelta(seconds=5)
    assert speed.band == "usually replies within a few hours"


def test_an_expired_request_counts_as_slow(programme, mentor, alice, newcomers):
    from mentorship import lifecycle

    for person in newcomers[:2]:
        request = actions.request_mentor(person, programme, alice)
        MentorshipRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - timedelta(days=programme.expire_after_days)
        )
    lifecycle.nudge_and_expire_requests(timezone.now())
    speed = responsiveness_of([alice.pk])[alice.pk]
    assert speed.request_median >= timedelta(days=programme.expire_after_days)
    assert speed.band == SLOW_BAND


def test_no_band_with_too_little_to_go_by(programme, mentor, alice, newcomers):
    assert responsiveness_of([alice.pk])[alice.pk].band == ""
    answered_after(programme, alice, newcomers[0], 0)
    assert responsiveness_of([alice.pk])[alice.pk].band == ""


def test_a_mentee_choosing_sees_the_band(programme, mentor, mentee, alice, bob, newcomers):
    for person in newcomers[:2]:
        answered_after(programme, alice, person, 0)
    page = client_for(bob).get(programme.get_absolute_url()).text
    assert "usually replies within an hour" in page


def test_durations_read_as_people_say_them():
    assert duration(None) == "–"
    assert duration(timedelta(minutes=40)) == "40 min"
    assert duration(timedelta(hours=5)) == "5 h"
    assert duration(timedelta(days=2, hours=12)) == "2.5 days"


# The organiser's dashboard


def test_the_dashboard_shows_pairs_load_unmatched_and_reply_times(
    programme, pair, alice, bob, charlie, instructor, newcomers
):
    answered_after(programme, alice, newcomers[0], 3)
    answered_after(programme, alice, newcomers[1], 3)
    page = client_for(instructor).get(f"/mentorship/{programme.pk}/organise/").text
    assert "Alice Ames mentors Bob Baptiste" in page
    assert "1 of 2" in page  # alice's load
    assert "Mentees without a mentor" in page and "newcomer2" in page
    assert "3 h" in page  # alice's median time to answer a request
    assert "Every active pair has done something in the last two weeks." in page


def test_a_pair_quiet_for_two_weeks_is_listed_with_a_nudge_button(
    programme, pair, alice, bob, instructor
):
    Pair.objects.filter(pk=pair.pk).update(created_at=timezone.now() - timedelta(days=15))
    pair.goals.update(created_at=timezone.now() - timedelta(days=15))
    client = client_for(instructor)
    page = client.get(f"/mentorship/{programme.pk}/organise/").text
    nudge = f"/mentorship/{programme.pk}/organise/pairs/{pair.pk}/nudge/"
    assert f'action="{nudge}"' in page and ">quiet<" in page
    response = client.post(nudge, follow=True)
    assert "Nudged: both were reminded" in response.text
    # Activity brings it back: a check-in counts.
    pair_actions.check_in(bob, pair, "Back on track")
    assert f'action="{nudge}"' not in client.get(f"/mentorship/{programme.pk}/organise/").text


def test_the_dashboard_query_count_does_not_grow_with_pairs(
    programme, instructor, django_assert_max_num_queries
):
    mentors = [UserFactory(username=f"m{n}") for n in range(6)]
    mentees = [UserFactory(username=f"e{n}") for n in range(12)]
    for person in mentors + mentees:
        set_free_hours(person, EVENINGS)
    for person in mentors:
        make_mentor(programme, person, approve_by=instructor, capacity=2)
    for person in mentees:
        make_mentee(programme, person)
    actions.publish_round(instructor, actions.run_matching_round(instructor, programme))
    assert Pair.objects.count() == 12
    client = client_for(instructor)
    with django_assert_max_num_queries(60):
        client.get(f"/mentorship/{programme.pk}/organise/")


def test_the_dashboard_is_the_same_404_for_everyone_else(programme, pair, alice, bob, charlie):
    for person in (alice, bob, charlie):
        response = client_for(person).get(f"/mentorship/{programme.pk}/organise/")
        assert response.status_code == 404
