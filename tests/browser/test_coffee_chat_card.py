"""A coffee chat's conversation in a browser: its card (icebreaker, times in both
zones, the check-in) at the top of the chat at a desk, folded on a phone until opened;
checking in from the card swaps it in place."""

import pytest
from playwright.sync_api import expect

from lounge import actions as lounge
from mentorship.coffee import actions
from mentorship.coffee.models import Seat
from tests.coffee.conftest import BERLIN_EVENINGS, NEW_YORK_AFTERNOONS, build_series

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.django_db(transaction=True)
def test_the_card_at_the_top_of_a_coffee_chat(
    live_page, screenshot, browser_errors, alice, bob, moderator
):
    from accounts.actions import set_free_hours

    series = build_series(moderator)
    set_free_hours(alice, BERLIN_EVENINGS)
    set_free_hours(bob, NEW_YORK_AFTERNOONS)
    actions.join_series(alice, series)
    actions.join_series(bob, series)
    pairing = actions.run_round(moderator, series).pairings.get()
    chat = actions.channel_of(pairing)
    lounge.post_message(bob, chat, "Hi Alice! Tuesday evening your time works for me.")

    # At her desk Alice sees the card open under the chat's header.
    desk = live_page(alice, chat.get_absolute_url(), viewport=DESKTOP)
    card = desk.locator("details[data-channel-card]")
    expect(card).to_have_attribute("open", "")
    expect(card).to_contain_text(pairing.icebreaker)
    expect(card).to_contain_text("Europe/Berlin")
    expect(card).to_contain_text("for Bob Baptiste (America/New_York)")
    expect(desk.locator(".msg__body").first).to_contain_text("Tuesday evening")
    screenshot(desk, "1-desktop-coffee-chat-with-card", full_page=False)
    card.get_by_role("button", name="We met").click()
    expect(card.locator(".coffee-check-in .badge")).to_have_text("We met")
    expect(card.get_by_role("button", name="We met")).to_have_attribute("aria-pressed", "true")
    assert Seat.objects.get(user=alice).check_in == Seat.CheckIn.MET
    screenshot(desk, "2-desktop-checked-in", full_page=False)

    # On his phone Bob finds it folded above the conversation, and opens it.
    phone = live_page(bob, chat.get_absolute_url(), viewport=PHONE)
    card = phone.locator("details[data-channel-card]")
    expect(card).not_to_have_attribute("open", "")
    expect(phone.locator("[data-lounge-composer] textarea")).to_be_in_viewport()
    expect(phone.get_by_role("button", name="Send")).to_be_in_viewport()
    # The icebreaker as the chat's topic no longer widens the page past the screen.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "3-phone-card-folded", full_page=False)
    card.locator("summary").click()
    expect(card).to_contain_text("for Alice Ames (Europe/Berlin)")
    expect(card.get_by_role("button", name="We didn't meet")).to_be_visible()
    screenshot(phone, "4-phone-card-open", full_page=False)
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_the_card_at_the_top_of_a_mentoring_chat(
    live_page, screenshot, browser_errors, alice, bob, instructor
):
    from accounts.actions import set_free_hours
    from lounge.models import Channel
    from mentorship import actions as mentorship
    from tests.mentorship.conftest import EVENINGS, build_programme, make_mentee, make_mentor

    programme = build_programme(instructor)
    set_free_hours(alice, EVENINGS)
    set_free_hours(bob, [(day, hour) for day in (1, 2, 3) for hour in (13, 14)])
    make_mentor(programme, alice, approve_by=instructor)
    make_mentee(programme, bob)
    request = mentorship.request_mentor(bob, programme, alice, message="Hello!")
    mentorship.answer_request(alice, request, accept=True, message="Happy to.")
    pair = programme.pairs.get()
    done = mentorship.add_goal(bob, pair, "Read chapter 3")
    mentorship.add_goal(alice, pair, "Practise with last year's exam")
    mentorship.set_goal_done(alice, done, True)
    chat = Channel.objects.owned_by(pair, Channel.Kind.MENTORSHIP).get()

    desk = live_page(bob, chat.get_absolute_url(), viewport=DESKTOP)
    card = desk.locator("details[data-channel-card]")
    expect(card).to_contain_text("Alice Ames mentors you")
    expect(card).to_contain_text("America/New_York")
    expect(card).to_contain_text("for Alice Ames")
    expect(card).to_contain_text("1 of 2 done")
    screenshot(desk, "1-desktop-mentoring-chat-with-card", full_page=False)

    phone = live_page(alice, chat.get_absolute_url(), viewport=PHONE)
    card = phone.locator("details[data-channel-card]")
    card.locator("summary").click()
    expect(card).to_contain_text("You mentor Bob Baptiste")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "2-phone-mentoring-card-open", full_page=False)
    assert browser_errors == []
