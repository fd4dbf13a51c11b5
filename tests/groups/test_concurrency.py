"""Many people racing for the last seats: the row lock keeps the count exact."""

import pytest

from groups import actions
from groups.models import Membership, StudyGroup, WaitlistEntry
from tests.factories import UserFactory
from tests.races import ROW_LOCK_RACES, race

RACERS = 30
CAPACITY = 5  # the owner holds one seat, so four racers get in

pytestmark = ROW_LOCK_RACES


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

    def join_or_wait(person):
        try:
            actions.join_group(person, group)
            return "joined"
        except actions.GroupFull:
            actions.join_waitlist(person, group)
            return "waiting"

    outcomes, errors = race(racers, join_or_wait)

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
