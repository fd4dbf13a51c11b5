from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from lounge import actions as lounge
from lounge.meetups import actions
from lounge.models import Channel


@pytest.fixture
def social(alice, bob):
    """#cultural-exchange: alice created it, bob joined."""
    channel = lounge.create_channel(alice, kind=Channel.Kind.SOCIAL, name="cultural-exchange")
    lounge.join_channel(bob, channel)
    return channel


@pytest.fixture
def dm(alice, bob):
    return lounge.open_direct_channel(alice, [bob])


def details(**overrides):
    """A meetup's details as a form gives them: tomorrow 18:00 UTC, an hour, in the lounge."""
    start = (timezone.now() + timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0)
    values = {
        "title": "Coffee and flashcards",
        "description": "Bring **one** question.",
        "starts_at": start.astimezone(UTC),
        "time_zone": "UTC",
        "duration_minutes": 60,
        "recurrence": "none",
        "repeat_until": None,
        "capacity": None,
        "where": "lounge",
        "call_url": "",
        "place": "",
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_meetup():
    def make(organiser, channel, **overrides):
        return actions.create_meetup(organiser, channel, **details(**overrides))

    return make


@pytest.fixture
def meetup(alice, social, make_meetup):
    return make_meetup(alice, social)


def utc(*args):
    return datetime(*args, tzinfo=UTC)
