"""Fifty people answering "going" at once to ten seats: exactly ten go, forty wait."""

import threading

import pytest
from django.db import connection, connections

from lounge import actions as lounge
from lounge.meetups import actions
from lounge.meetups.models import Occurrence, Rsvp
from lounge.models import Channel
from tests.factories import UserFactory

from .conftest import details

RACERS = 50
SEATS = 10

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers with a database lock, so there is no row-lock race "
        "to test; run with DATABASE_URL pointing at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


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
    barrier = threading.Barrier(RACERS)
    errors = []

    def race(person):
        try:
            barrier.wait(timeout=30)
            actions.respond(person, meetup, 0, Rsvp.Status.GOING)
        except Exception as error:  # any failure fails the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(person,)) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = list(Rsvp.objects.values_list("status", flat=True))
    assert statuses.count("going") == SEATS
    assert statuses.count("waitlisted") == RACERS - SEATS
    assert Occurrence.objects.get(meetup=meetup).going_count == SEATS
