"""The interaction graph and the isolation radar of a course, on constructed scenarios:
who counts as alone, which ties count and how much."""

from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import Interaction
from groups import actions as group_actions
from groups.health import radar
from tests.groups.conftest import build_group


def radar_of(data, days=14):
    return {row["id"]: row["reasons"] for row in radar(data, timezone.now(), days)}


def student(data, person):
    return next(row for row in data["students"] if row["id"] == person.pk)


def test_a_student_who_talks_only_with_the_instructor_is_alone_among_peers(
    course, instructor, alice, bob, charlie, interact, snapshot
):
    interact(alice, instructor)
    interact(instructor, alice, kind=Interaction.Kind.MENTIONED)
    interact(bob, charlie)

    data = snapshot(course)

    assert radar_of(data)[alice.pk] == ["staff_only", "no_group"]
    assert data["ties"] == [[min(bob.pk, charlie.pk), max(bob.pk, charlie.pk), 1]]
    assert instructor.pk in data["staff_ids"]
    assert instructor.pk not in {row["id"] for row in data["students"]}


def test_a_student_whose_only_tie_is_to_someone_they_blocked_is_alone(
    course, alice, bob, charlie, interact, snapshot
):
    interact(alice, bob)
    interact(bob, alice)
    interact(bob, charlie)
    account_actions.block(alice, bob)

    data = snapshot(course)

    assert "no_peer" in radar_of(data)[alice.pk]
    assert student(data, alice)["last_peer_at"] is None
    assert all(alice.pk not in tie[:2] for tie in data["ties"])
    assert "no_peer" not in radar_of(data)[bob.pk]


def test_a_block_made_by_the_other_side_also_cuts_the_tie(course, alice, bob, interact, snapshot):
    interact(alice, bob)
    account_actions.block(bob, alice)

    assert snapshot(course)["ties"] == []


def test_archived_groups_do_not_count_anywhere(course, alice, bob, charlie, snapshot):
    active = build_group(bob, name="Active crew", course=course)
    group_actions.join_group(charlie, active)
    archived = build_group(alice, name="Old crew", course=course)
    group_actions.archive_group(alice, archived)

    data = snapshot(course)

    assert "no_group" in radar_of(data)[alice.pk]
    assert "no_group" not in radar_of(data).get(bob.pk, [])
    assert [group["name"] for group in data["groups"]] == ["Active crew"]
    fits = {group_id for group_id, _, _ in data["group_fits"][str(alice.pk)]}
    assert fits == {active.pk}


def test_the_window_decides_who_is_alone(course, alice, bob, charlie, interact, snapshot):
    interact(alice, bob, days_ago=20)
    interact(charlie, bob, days_ago=40)

    data = snapshot(course)

    assert "no_peer" in radar_of(data, days=14)[alice.pk]
    assert "no_peer" not in radar_of(data, days=28)[alice.pk]
    # Older than the 28 days of ties, still remembered as the last time with a peer.
    assert [alice.pk, bob.pk] == sorted(data["ties"][0][:2]) and len(data["ties"]) == 1
    assert student(data, charlie)["last_peer_at"] is not None
    assert "no_peer" in radar_of(data, days=28)[charlie.pk]


def test_ties_are_weighted_by_interactions_both_ways_round(course, alice, bob, interact, snapshot):
    for _ in range(3):
        interact(alice, bob)
    interact(bob, alice, kind=Interaction.Kind.REACTED)
    interact(bob, alice, kind=Interaction.Kind.REVIEWED)

    data = snapshot(course)

    assert data["ties"] == [[min(alice.pk, bob.pk), max(alice.pk, bob.pk), 5]]
    assert student(data, alice)["peers"] == 1
    assert student(data, alice)["kinds"] == {"replied": 3, "reacted": 1, "reviewed": 1}


def test_kinds_added_later_count_as_well(course, alice, bob, interact, snapshot):
    interact(alice, bob, kind="studied_together")

    data = snapshot(course)

    assert data["ties"] == [[min(alice.pk, bob.pk), max(alice.pk, bob.pk), 1]]
    assert "no_peer" not in radar_of(data).get(alice.pk, [])


def test_people_outside_the_course_make_no_tie(course, alice, mallory, interact, snapshot):
    interact(alice, mallory)

    data = snapshot(course)

    assert data["ties"] == []
    assert "no_peer" in radar_of(data)[alice.pk]


def test_those_alone_longest_come_first(course, alice, bob, charlie, interact, snapshot):
    interact(alice, bob, days_ago=60)
    interact(bob, charlie, days_ago=20)

    rows = radar(snapshot(course), timezone.now(), 14)

    # alice was last with a peer 60 days ago, bob and charlie 20 days ago.
    assert [row["id"] for row in rows][0] == alice.pk
