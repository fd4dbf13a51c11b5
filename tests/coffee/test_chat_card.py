"""A coffee chat's card at the top of its conversation: the icebreaker, the suggested
times in the viewer's zone (named) and the partner's, the check-in for this round (with
htmx and without) and the way to the series; only in that chat, only for its members."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lounge import actions as lounge
from lounge.models import Channel
from mentorship.coffee import actions
from mentorship.coffee.models import Seat

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def paired(series, moderator, free_people):
    alice, bob, _ = free_people
    actions.join_series(alice, series)
    actions.join_series(bob, series)
    return actions.run_round(moderator, series).pairings.get()


@pytest.fixture
def chat(paired):
    return actions.channel_of(paired)


def card_of(page):
    """The card's markup, from the page's first channel card to the meetups row."""
    start = page.index('class="channel-card"')
    return page[start : page.index("</details>", start)]


def test_each_member_sees_the_card_with_times_in_their_zone_and_the_partners(
    paired, chat, alice, bob
):
    first = datetime.fromisoformat(paired.suggested_times[0])
    alice_card = card_of(client_for(alice).get(chat.get_absolute_url()).text)
    assert paired.icebreaker in alice_card
    assert "csrfmiddlewaretoken" in alice_card  # the plain form works without JavaScript
    assert "Community coffee, round 1" in alice_card
    berlin = first.astimezone(alice.profile.zone)
    new_york = first.astimezone(bob.profile.zone)
    assert f"{berlin:%H:%M} Europe/Berlin" in alice_card
    assert f"{new_york:%a %H:%M} for Bob Baptiste (America/New_York)" in alice_card
    assert "We met" in alice_card and f"/mentorship/coffee/{paired.round.series_id}/" in alice_card

    bob_card = card_of(client_for(bob).get(chat.get_absolute_url()).text)
    assert f"{new_york:%H:%M} America/New_York" in bob_card
    assert f"{berlin:%a %H:%M} for Alice Ames (Europe/Berlin)" in bob_card


def test_no_card_in_other_chats(paired, alice, bob, series):
    dm = lounge.open_direct_channel(alice, [bob])
    assert dm.pk != actions.channel_of(paired).pk
    page = client_for(alice).get(dm.get_absolute_url()).text
    assert "channel-card" not in page and paired.icebreaker not in page
    social = lounge.create_channel(alice, kind=Channel.Kind.SOCIAL, name="coffee-lovers")
    assert "channel-card" not in client_for(alice).get(social.get_absolute_url()).text


def test_an_outsider_cannot_see_the_chat_or_its_card(paired, chat, mallory, charlie):
    for person in (mallory, charlie):
        response = client_for(person).get(chat.get_absolute_url())
        assert response.status_code == 404
        assert paired.icebreaker not in response.text


def test_the_organiser_who_is_not_in_the_chat_sees_no_card(paired, chat, moderator):
    """Site staff may read the chat as moderators, but the card is the members' own."""
    response = client_for(moderator).get(chat.get_absolute_url())
    assert "channel-card" not in response.text


def test_checking_in_from_the_card_with_htmx_replaces_the_card(paired, chat, alice):
    client = client_for(alice)
    reply = client.post(
        f"/mentorship/coffee/chats/{paired.pk}/check-in/",
        {"answer": "met", "next": "chat"},
        **HTMX,
    )
    assert reply.status_code == 200
    assert f'id="coffee-chat-{paired.pk}"' in reply.text
    assert 'name="next" value="chat"' in reply.text and "Say hello in your chat" not in reply.text
    assert Seat.objects.get(pairing=paired, user=alice).check_in == Seat.CheckIn.MET
    assert 'aria-pressed="true">We met' in card_of(client.get(chat.get_absolute_url()).text)


def test_checking_in_from_the_card_without_javascript_goes_back_to_the_chat(paired, chat, bob):
    response = client_for(bob).post(
        f"/mentorship/coffee/chats/{paired.pk}/check-in/", {"answer": "missed", "next": "chat"}
    )
    assert response.status_code == 302 and response["Location"] == chat.get_absolute_url()
    assert Seat.objects.get(pairing=paired, user=bob).check_in == Seat.CheckIn.MISSED


def test_a_bad_check_in_from_the_card_changes_nothing(paired, chat, bob):
    client = client_for(bob)
    for answer in ("", "<script>alert(1)</script>", "x" * 5000):
        reply = client.post(
            f"/mentorship/coffee/chats/{paired.pk}/check-in/",
            {"answer": answer, "next": "chat"},
            **HTMX,
        )
        assert reply.status_code == 200 and "<script>alert" not in reply.text
    assert Seat.objects.get(pairing=paired, user=bob).check_in == ""


def test_check_ins_close_two_rounds_later_and_the_card_says_so(paired, chat, alice, moderator):
    series = paired.round.series
    actions.check_in(alice, paired, True)
    actions.run_round(moderator, series, now=timezone.now() + timedelta(days=7))
    assert "We didn't meet" in card_of(client_for(alice).get(chat.get_absolute_url()).text)
    actions.run_round(moderator, series, now=timezone.now() + timedelta(days=14))
    card = card_of(client_for(alice).get(chat.get_absolute_url()).text)
    assert "check-ins are closed" in card and "We didn't meet</button>" not in card
    assert "We met" in card  # the answer given stays shown
    page = client_for(alice).get(paired.get_absolute_url()).text
    assert "check-ins are closed" in page  # and on the chat's own page


def test_hostile_names_stay_text_in_the_card(paired, chat, alice, bob):
    bob.profile.display_name = '<img src=x onerror="alert(1)">'
    bob.profile.save(update_fields=["display_name"])
    card = card_of(client_for(alice).get(chat.get_absolute_url()).text)
    assert "<img src=x" not in card and "&lt;img src=x" in card


def test_the_card_costs_the_chat_page_two_queries(paired, chat, alice, bob, settings):
    """The same page as an ordinary conversation of theirs (whose cap
    tests/lounge/test_views.py keeps) plus the card's two queries: the pairing with its
    series and latest round, and its seats."""
    settings.LOUNGE_RATE_LIMIT = (100, 10)
    plain = lounge.open_direct_channel(alice, [bob])
    for channel in (chat, plain):
        for n in range(20):
            lounge.post_message((alice, bob)[n % 2], channel, f"hello {n}")
    client = client_for(alice)

    def page_queries(channel):
        client.get(channel.get_absolute_url())  # marks it read, warms the content types
        with CaptureQueriesContext(connection) as queries:
            page = client.get(channel.get_absolute_url()).text
        return page, len(queries)

    page, with_card = page_queries(chat)
    assert paired.icebreaker in card_of(page)
    page, without = page_queries(plain)
    assert "channel-card" not in page
    assert with_card == without + 2


def test_a_chat_whose_pairing_is_gone_shows_no_card(paired, chat, alice):
    paired.delete()
    response = client_for(alice).get(chat.get_absolute_url())
    assert response.status_code == 200 and "channel-card" not in response.text
