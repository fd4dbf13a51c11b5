"""Many people racing for the last seats: the row lock keeps the count exact."""

import threading

import pytest
from django.db import connection, connections

from groups import actions
from groups.models import Membership, StudyGroup, WaitlistEntry
from tests.factories import UserFactory

RACERS = 30
CAPACITY = 5  # the owner holds one seat, so four racers get in

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers with a database lock, so there is no row-lock race "
        "to test; run with DATABASE_URL pointing at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("round_number", range(10))
def test_thirty_people_race_for_five_seats(round_number):
    owner = UserFactory(username=f"owner{round_number}")
    group = actions.create_group(
        owner,
        name="Popular group",
        description="",
        course=None,
        capacity=CAPACITY,
        visibility="open",
        topics=[],
        languages=[],
        slots=[],
    )
    racers = [UserFactory(username=f"racer{round_number}-{n}") for n in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    outcomes, errors = {}, []

    def race(person):
        try:
            barrier.wait(timeout=30)
            try:
                actions.join_group(person, group)
                outcomes[person.pk] = "joined"
            except actions.GroupFull:
                actions.join_waitlist(person, group)
                outcomes[person.pk] = "waiting"
        except Exception as error:  # any other failure fails the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(person,)) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(outcomes) == RACERS
    joined = {pk for pk, outcome in outcomes.items() if outcome == "joined"}
    waiting = {pk for pk, outcome in outcomes.items() if outcome == "waiting"}
    assert len(joined) == CAPACITY - 1
    assert len(waiting) == RACERS - (CAPACITY - 1)
    group.refresh_from_db()
    assert group.member_count == CAPACITY
    assert Membership.objects.filter(group=group).count() == CAPACITY
    members = set(
        Membership.objects.filter(group=group, role="member").values_list("user_id", flat=True)
    )
    assert members == joined
    assert set(WaitlistEntry.objects.filter(group=group).values_list("user_id", flat=True)) == (
        waiting
    )
    assert (
        StudyGroup.objects.get(pk=group.pk).member_count
        == Membership.objects.filter(group=group).count()
    )
