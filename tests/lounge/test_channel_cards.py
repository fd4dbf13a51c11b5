"""The registry of cards from the apps that own chats (lounge.cards): channels owned by
nobody never reach a card, a card answers for its own chats only, and asking costs no
query until a card finds its own."""

import pytest

from accounts.models import Profile
from lounge import actions, cards
from lounge.models import Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(monkeypatch):
    """A registry holding one card that records each (channel, user) it is asked about
    and shows nothing."""
    calls = []
    monkeypatch.setattr(cards, "_cards", [])

    def card(channel, user):
        calls.append((channel.pk, user.pk))

    cards.register_channel_card(card)
    cards.register_channel_card(card)  # registering twice keeps one
    assert cards._cards == [card]
    return calls


@pytest.fixture
def owned(alice, bob):
    """A chat kept by an object of another app (a profile stands in for it here)."""
    return actions.ensure_owned_channel(
        alice.profile,
        Channel.Kind.GROUP,
        name="Owned",
        people=lambda: [(alice, False), (bob, False)],
    )


def test_chats_owned_by_nobody_never_reach_a_card(
    asked, social, dm, alice, alice_client, django_assert_num_queries
):
    for channel in (social, dm):
        with django_assert_num_queries(0):
            assert cards.channel_cards(channel, alice) == []
        assert alice_client.get(channel.get_absolute_url()).status_code == 200
    assert asked == []


def test_an_owned_chat_asks_the_cards_and_shows_what_they_give(asked, owned, alice, alice_client):
    assert cards.channel_cards(owned, alice) == []
    alice_client.get(owned.get_absolute_url())
    assert asked == [(owned.pk, alice.pk)] * 2


def test_owns_tells_a_chat_by_its_owners_model_and_kind(owned, social, django_assert_num_queries):
    # The content types are read once, then cached for the process.
    cards.owns(owned, Profile, Channel.Kind.GROUP)
    cards.owns(owned, Channel, Channel.Kind.GROUP)
    with django_assert_num_queries(0):
        assert cards.owns(owned, Profile, Channel.Kind.GROUP)
        assert not cards.owns(owned, Profile, Channel.Kind.TEAM)
        assert not cards.owns(owned, Channel, Channel.Kind.GROUP)
        assert not cards.owns(social, Profile, Channel.Kind.SOCIAL)
