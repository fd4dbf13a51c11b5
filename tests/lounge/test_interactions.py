"""The lounge's verbs write the peer-interaction log: replies, mentions, direct
messages and reactions, never what was said, never across a block."""

import pytest

from accounts import actions as account_actions
from accounts.models import Interaction
from lounge import actions
from lounge.actions import interactions
from lounge.models import CommunitySettings

pytestmark = pytest.mark.django_db


def logged():
    return sorted(
        (row.person.username, row.kind, row.other.username)
        for row in Interaction.objects.select_related("person", "other")
    )


def test_a_reply_records_replied_with_the_author_of_the_message(post, social, alice, bob):
    question = post(alice, social, "Who has done problem 3?")
    answer = post(bob, social, "I have", reply_to_id=question.pk)

    assert logged() == [("bob", "replied", "alice")]
    row = Interaction.objects.get()
    assert (row.target_type.model, row.target_id) == ("message", answer.pk)


def test_a_mention_records_mentioned(post, social, alice, bob):
    post(alice, social, "@bob can you share your notes?")

    assert logged() == [("alice", "mentioned", "bob")]


def test_a_direct_message_records_messaged_with_each_other_person(post, dm, alice, bob):
    post(alice, dm, "Hi Bob")
    post(bob, dm, "Hi!")

    assert logged() == [("alice", "messaged", "bob"), ("bob", "messaged", "alice")]


def test_a_reaction_records_reacted_and_taking_it_back_records_nothing(post, social, alice, bob):
    message = post(alice, social, "Finished the assignment")

    actions.toggle_reaction(bob, message, "🎉")
    actions.toggle_reaction(bob, message, "🎉")
    actions.toggle_reaction(alice, message, "👍")  # one's own message: not a peer

    assert logged() == [("bob", "reacted", "alice")]


def test_a_reply_that_mentions_records_both(post, social, alice, bob, charlie):
    actions.join_channel(charlie, social)
    question = post(alice, social, "Question")

    post(bob, social, "@charlie knows", reply_to_id=question.pk)

    assert logged() == [("bob", "mentioned", "charlie"), ("bob", "replied", "alice")]


def test_a_plain_message_records_nothing_and_costs_no_query(
    post, social, alice, django_assert_num_queries
):
    message = post(alice, social, "Good morning")

    with django_assert_num_queries(0):
        interactions.message_posted(message, set())
    assert logged() == []


def test_blocked_pairs_are_not_recorded_either_way_round(post, social, dm, alice, bob):
    question = post(alice, social, "Question")
    account_actions.block(alice, bob)

    post(bob, social, "@alice answer", reply_to_id=question.pk)
    actions.toggle_reaction(bob, question, "🎉")

    assert logged() == []


def test_a_message_held_for_review_records_nothing(post, social, alice, bob):
    question = post(alice, social, "Question")
    CommunitySettings.objects.create(premoderate_first_messages=1)

    held = post(bob, social, "@alice hello", reply_to_id=question.pk)

    assert held.pending
    assert logged() == []
