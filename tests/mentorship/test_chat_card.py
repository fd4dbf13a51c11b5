"""A mentoring pair's card at the top of its chat: the next time both are free in each
one's zone, how far the goals have come, the way to the pair's page; only in that chat
and only for the two of them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lounge import actions as lounge
from lounge.cards import channel_cards
from lounge.models import Channel
from mentorship import actions, meeting_times

pytestmark = pytest.mark.django_db


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def chat(pair):
    return Channel.objects.owned_by(pair, Channel.Kind.MENTORSHIP).get()


def card_of(page):
    start = page.index('class="channel-card"')
    return page[start : page.index("</details>", start)]


def test_both_see_the_next_time_in_their_own_zone_and_the_others(pair, chat, alice, bob):
    first = meeting_times.suggested_times(pair)[0].starts_at
    berlin, new_york = first.astimezone(alice.profile.zone), first.astimezone(bob.profile.zone)
    card = card_of(client_for(alice).get(chat.get_absolute_url()).text)
    assert "You mentor Bob Baptiste" in card
    assert f"{berlin:%H:%M} Europe/Berlin" in card
    assert f"{new_york:%H:%M} America/New_York for Bob Baptiste" in card
    assert pair.get_absolute_url() in card
    card = card_of(client_for(bob).get(chat.get_absolute_url()).text)
    assert "Alice Ames mentors you" in card
    assert f"{new_york:%H:%M} America/New_York" in card
    assert f"{berlin:%H:%M} Europe/Berlin for Alice Ames" in card


def test_the_card_shows_the_goals_progress_and_the_next_open_goal(pair, chat, alice, bob):
    card = card_of(client_for(bob).get(chat.get_absolute_url()).text)
    assert "No goals yet" in card
    first = actions.add_goal(bob, pair, "Read chapter 3")
    actions.add_goal(alice, pair, 'Practise the "hard" exam & its tables')
    actions.set_goal_done(alice, first, True)
    card = card_of(client_for(bob).get(chat.get_absolute_url()).text)
    assert "1 of 2 done" in card
    assert "Next: Practise the &quot;hard&quot; exam &amp; its tables" in card


def test_a_completed_pair_shows_no_times(pair, chat, alice):
    actions.complete_pair(alice, pair)
    card = card_of(client_for(alice).get(chat.get_absolute_url()).text)
    assert "This pairing is completed" in card and "Add to my calendar" not in card


def test_no_card_elsewhere_and_none_for_outsiders(pair, chat, alice, bob, charlie, instructor):
    dm = lounge.open_direct_channel(alice, [bob])
    assert "channel-card" not in client_for(alice).get(dm.get_absolute_url()).text
    for outsider in (charlie, instructor):
        response = client_for(outsider).get(chat.get_absolute_url())
        assert response.status_code == 404 and "channel-card" not in response.text


def test_the_card_costs_three_queries(pair, chat, alice, django_assert_num_queries):
    """The pair with its goal counts and next goal, then both weekly availabilities;
    and the chat's page stays under the lounge's cap for a page (18) plus those."""
    lounge.post_message(alice, chat, "hello")
    channel_cards(chat, alice)  # warms the content types, as any earlier page has
    with django_assert_num_queries(3):
        assert channel_cards(chat, alice)
    client = client_for(alice)
    client.get(chat.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert "You mentor" in card_of(client.get(chat.get_absolute_url()).text)
    assert len(queries) <= 18 + 3
