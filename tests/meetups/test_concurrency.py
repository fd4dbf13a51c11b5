"""Fifty people answering "going" at once to ten seats: exactly ten go, forty wait."""

import pytest

from lounge import actions as lounge
from lounge.meetups import actions
from lounge.meetups.models import Occurrence, Rsvp
from lounge.models import Channel
from tests.factories import UserFactory
from tests.races import ROW_LOCK_RACES, race

from .conftest import details

RACERS = 50
SEATS = 10

pytestmark = ROW_LOCK_RACES


@pytest.mark.parametrize("round_number", range(3))
def test_fifty_people_race_for_ten_seats(round_number):
    organiser = UserFactory(username=f"organiser{round_number}")
    channel = lounge.create_channel(
        organiser, kind=Channel.Kind.SOCIAL, name=f"race-{round_number}"
    )
    meetup = actions.create_meetup(organiser, channel, **details(capacity=SEATS))
    racers = [UserFactory(username=f"racer{round_number}-{n}") for n in range(RACERS)]
    for person in racers:
        lounge.join_channel(person, channel)
    _, errors = race(racers, lambda person: actions.respond(person, meetup, 0, Rsvp.Status.GOING))

    assert errors == []
    statuses = list(Rsvp.objects.values_list("status", flat=True))
    assert statuses.count("going") == SEATS
    assert statuses.count("waitlisted") == RACERS - SEATS
    assert Occurrence.objects.get(meetup=meetup).going_count == SEATS
