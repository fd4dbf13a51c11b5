"""A person's shared history with each other person (accounts.interactions
.history_with_each): what they did together in plain words, when last, and never what
a block or a review's anonymity hides, nor anyone else's history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import actions as account_actions
from accounts.interactions import Kind, history_with_each, record
from accounts.models import Interaction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_ago():
    return timezone.now() - timedelta(days=30)


def by_name(histories):
    return {history.person.username: history for history in histories}


def test_what_two_people_did_together_reads_in_plain_words(alice, bob, charlie, month_ago):
    first, second = UserFactory.create_batch(2)  # stand-ins for two messages
    record(alice, [bob], Kind.REPLIED, first)
    record(bob, [alice], Kind.REPLIED, second)
    record(alice, [bob], Kind.REACTED, second)
    # A meetup is logged by both sides: it is one meetup.
    record(alice, [bob], Kind.MET, first)
    record(bob, [alice], Kind.MET, first)
    record(charlie, [alice], Kind.MENTIONED, first)

    histories = history_with_each(alice, month_ago)

    assert [history.person for history in histories] == [bob, charlie]
    bob_history = by_name(histories)["bob"]
    assert bob_history.times == {Kind.REPLIED: 2, Kind.REACTED: 1, Kind.MET: 1}
    assert bob_history.in_words == ["2 replies", "1 reaction", "met once"]
    assert by_name(histories)["charlie"].in_words == ["1 mention"]


def test_each_kind_has_words_and_counts_pick_the_plural(alice, bob, month_ago):
    targets = UserFactory.create_batch(2)
    for kind in Kind:
        for target in targets:
            record(alice, [bob], kind, target)

    (history,) = history_with_each(alice, month_ago)

    assert history.in_words == [
        "2 replies",
        "2 mentions",
        "2 direct messages",
        "2 reactions",
        "in 2 study groups together",
        "met 2 times",
        "2 kudos",
        "paired up 2 times",
        "you reviewed their work 2 times",
        "in 2 teams together",
    ]


def test_the_last_time_together_is_the_latest_of_either_side(alice, bob, month_ago):
    (older,) = record(alice, [bob], Kind.REPLIED)
    (newer,) = record(bob, [alice], Kind.MENTIONED)
    Interaction.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=9))
    Interaction.objects.filter(pk=newer.pk).update(created_at=timezone.now() - timedelta(days=2))

    (history,) = history_with_each(alice, month_ago)

    assert history.last_at == Interaction.objects.get(pk=newer.pk).created_at


def test_older_interactions_are_left_out(alice, bob, charlie, month_ago):
    (row,) = record(alice, [bob], Kind.REPLIED)
    Interaction.objects.filter(pk=row.pk).update(created_at=month_ago - timedelta(days=1))
    record(alice, [charlie], Kind.REPLIED)

    assert [history.person for history in history_with_each(alice, month_ago)] == [charlie]


def test_a_block_either_way_hides_the_person_even_if_it_came_later(alice, bob, charlie, month_ago):
    record(alice, [bob], Kind.REPLIED)
    record(charlie, [alice], Kind.MESSAGED)
    account_actions.block(alice, bob)
    account_actions.block(charlie, alice)

    assert history_with_each(alice, month_ago) == []
    assert history_with_each(bob, month_ago) == []


def test_the_reviewed_never_learn_who_reviewed_them(alice, bob, month_ago):
    record(bob, [alice], Kind.REVIEWED)

    assert history_with_each(alice, month_ago) == []
    (history,) = history_with_each(bob, month_ago)
    assert history.person == alice and history.in_words == ["you reviewed their work"]


def test_other_peoples_interactions_are_never_part_of_mine(alice, bob, charlie, mallory, month_ago):
    record(bob, [charlie], Kind.REPLIED)
    record(mallory, [bob, charlie], Kind.MESSAGED)
    record(alice, [bob], Kind.REACTED)

    (history,) = history_with_each(alice, month_ago)

    assert history.person == bob and history.times == {Kind.REACTED: 1}


def test_the_history_takes_three_queries_whatever_the_number_of_people(
    alice, month_ago, django_assert_num_queries
):
    for person in UserFactory.create_batch(15):
        record(person, [alice], Kind.REPLIED, person)
        record(alice, [person], Kind.MET, person)

    with django_assert_num_queries(3):  # the log, the blocks, the people
        histories = history_with_each(alice, month_ago)
    assert len(histories) == 15
