"""Reading the peer-interaction log: whom a person studies with, and who is alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import actions as account_actions
from accounts.interactions import Kind, interactions_of, isolated_among, record
from accounts.models import Interaction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def week_ago():
    return timezone.now() - timedelta(days=7)


def test_interactions_of_counts_both_directions_most_often_first(alice, bob, charlie, week_ago):
    record(alice, [bob], Kind.MENTIONED)
    record(bob, [alice], Kind.REPLIED)
    record(alice, [bob, charlie], Kind.REACTED)

    assert interactions_of(alice, week_ago) == [(bob, 3), (charlie, 1)]
    assert interactions_of(charlie, week_ago) == [(alice, 1)]


def test_interactions_of_leaves_out_older_rows(alice, bob, week_ago):
    (row,) = record(alice, [bob], Kind.MENTIONED)
    Interaction.objects.filter(pk=row.pk).update(created_at=week_ago - timedelta(days=1))

    assert interactions_of(alice, week_ago) == []


def test_a_block_made_later_hides_the_pair(alice, bob, week_ago):
    record(alice, [bob], Kind.MENTIONED)
    account_actions.block(bob, alice)

    assert interactions_of(alice, week_ago) == []
    assert record(alice, [bob], Kind.MENTIONED) == []


def test_nobody_interacts_with_themself(alice, week_ago):
    assert record(alice, [alice], Kind.REACTED) == []


def test_isolated_among_counts_only_peers_not_staff(
    alice, bob, charlie, mallory, instructor, week_ago
):
    record(alice, [bob], Kind.REPLIED)
    record(charlie, [instructor], Kind.MESSAGED)
    record(instructor, [mallory], Kind.MENTIONED)

    people = [alice, bob, charlie, mallory]
    assert isolated_among(people, week_ago, staff_ids={instructor.pk}) == {charlie.pk, mallory.pk}
    # Without the course's staff ids, the instructor counts as a peer.
    assert isolated_among(people, week_ago) == set()


def test_readers_do_not_grow_with_people_or_rows(alice, week_ago, django_assert_num_queries):
    people = UserFactory.create_batch(12)
    for person in people:
        record(person, [alice], Kind.REACTED)
        record(alice, [person], Kind.MENTIONED)

    with django_assert_num_queries(4):  # two counts, the blocks, the people
        assert len(interactions_of(alice, week_ago)) == 12
    with django_assert_num_queries(2):
        assert isolated_among([*people, alice], week_ago) == set()
