"""Study-group health: activity per week from the group's chat and meetings, the trend,
the flags, and merge suggestions for small groups whose members share free time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.actions import set_free_hours
from groups import actions as group_actions
from groups.health import trend_of
from lounge import actions as lounge_actions
from lounge.models import Message
from tests.coffee.conftest import BERLIN_EVENINGS, NEW_YORK_AFTERNOONS, TOKYO_MORNINGS
from tests.groups.conftest import build_group

pytestmark = pytest.mark.django_db


def post(person, group, count, weeks_ago):
    channel = group_actions.group_channel(group)
    for number in range(count):
        message, _ = lounge_actions.post_message(person, channel, f"note {number}")
        Message.objects.filter(pk=message.pk).update(
            created_at=timezone.now() - timedelta(weeks=weeks_ago, hours=1)
        )


def by_name(data):
    return {group["name"]: group for group in data["groups"]}


def test_messages_are_counted_per_week_oldest_first(course, alice, bob, snapshot):
    group = build_group(alice, name="Crew", course=course)
    group_actions.join_group(bob, group)
    post(alice, group, 3, weeks_ago=6)
    post(bob, group, 2, weeks_ago=0)
    post(bob, group, 1, weeks_ago=12)  # older than the eight weeks shown

    crew = by_name(snapshot(course))["Crew"]

    assert crew["messages"] == [0, 3, 0, 0, 0, 0, 0, 2]
    assert crew["members"] == 2 and crew["active_members"] == 1  # bob posted lately


def test_a_group_quiet_for_two_weeks_is_fading_and_a_small_one_is_flagged(
    course, alice, bob, charlie, snapshot
):
    quiet = build_group(alice, name="Quiet", course=course)
    post(alice, quiet, 8, weeks_ago=5)
    busy = build_group(bob, name="Busy", course=course)
    for person in (alice, charlie):
        group_actions.join_group(person, busy)
    for weeks_ago in range(8):
        post(bob, busy, 2, weeks_ago=weeks_ago)
    for model in (quiet, busy):  # both older than two weeks
        type(model).objects.filter(pk=model.pk).update(
            created_at=timezone.now() - timedelta(weeks=9)
        )

    groups = by_name(snapshot(course))

    assert groups["Quiet"]["fading"] and groups["Quiet"]["too_small"]
    assert groups["Busy"]["trend"] == "steady"
    assert not groups["Busy"]["fading"] and not groups["Busy"]["too_small"]


@pytest.mark.parametrize(
    ("activity", "trend"),
    [
        ([5, 5, 5, 5, 5, 5, 5, 5], "steady"),
        ([0, 0, 1, 1, 3, 3, 4, 4], "rising"),
        ([6, 6, 6, 6, 2, 2, 1, 1], "fading"),
        ([4, 4, 4, 4, 4, 4, 0, 0], "fading"),
    ],
)
def test_the_trend_compares_the_last_four_weeks_with_the_four_before(activity, trend):
    now = timezone.now()
    assert trend_of(activity, now - timedelta(weeks=10), now) == trend


def test_a_new_group_is_not_fading_for_being_new():
    now = timezone.now()
    assert trend_of([0] * 8, now - timedelta(days=3), now) == "steady"


def test_two_small_groups_whose_members_share_free_time_are_offered_a_merge(
    course, alice, bob, charlie, snapshot
):
    set_free_hours(alice, BERLIN_EVENINGS)
    set_free_hours(bob, NEW_YORK_AFTERNOONS)
    set_free_hours(charlie, TOKYO_MORNINGS)
    first = build_group(alice, name="Evening A", course=course)
    second = build_group(bob, name="Evening B", course=course)
    build_group(charlie, name="Tokyo", course=course)

    merges = snapshot(course)["merges"]

    assert [sorted(merge["groups"]) for merge in merges] == [sorted([first.pk, second.pk])]
    assert merges[0]["shared_hours"] == 6.0
