"""An organiser calls a study-group meetup at a suggested time; another member sees it in
their own zone and says they are going; the organiser's chat shows the count live."""

import re
from datetime import time

import pytest
from playwright.sync_api import expect

from accounts.actions import set_free_hours
from groups import actions as groups
from lounge.meetups.models import Meetup
from tests.groups.conftest import build_group

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_group_meetup_from_a_suggested_time(
    new_page, log_in, live_page, screenshot, browser_errors, alice, bob
):
    evenings = [(day, hour) for day in range(7) for hour in range(6, 23)]
    set_free_hours(alice, evenings)
    set_free_hours(bob, evenings)
    group = build_group(alice, name="Algebra circle", slots=[(1, time(18), 60)])
    groups.join_group(bob, group)
    chat = groups.group_channel(group)

    # Alice (Berlin) plans from the group's chat and takes the first suggested time.
    organiser = live_page(alice, chat.get_absolute_url())
    organiser.get_by_role("link", name="Plan a meetup").click()
    suggestion = organiser.locator(".suggestion-list a").first
    expect(suggestion).to_contain_text("2 of 2 free")
    screenshot(organiser, "1-suggested-times")
    suggested_date = suggestion.get_attribute("data-suggested-date")
    suggested_time = suggestion.get_attribute("data-suggested-time")
    suggestion.click()
    expect(organiser.locator("#id_date")).to_have_value(suggested_date)
    expect(organiser.locator("#id_time")).to_have_value(suggested_time)
    organiser.get_by_label("Title").fill("Past papers, together")
    organiser.get_by_label("Seats").fill("5")
    organiser.get_by_role("button", name="Call the meetup").click()
    expect(organiser.locator("h1")).to_have_text("Past papers, together")
    expect(organiser.locator(".meetup__when")).to_contain_text("Europe/Berlin")
    meetup = Meetup.objects.get()

    # Back in the chat, the card shows nobody going yet.
    organiser.goto(chat.get_absolute_url())
    expect(organiser.locator("body")).to_have_attribute("data-live", "open")
    counts = organiser.locator(f"#meetup-{meetup.pk}-0-counts")
    expect(counts).to_contain_text("0 going of 5 seats")

    # Bob (New York) sees it at his own time and says he is going.
    member = live_page(bob, meetup.get_absolute_url(), viewport=PHONE)
    expect(member.locator(".meetup__when")).to_contain_text("America/New_York")
    screenshot(member, "2-member-phone-before")
    member.get_by_role("button", name="Going").click()
    expect(member.locator("#meetup-answer")).to_contain_text("You answered: going")
    screenshot(member, "3-member-phone-going")

    # Alice's chat updates without a reload.
    expect(counts).to_contain_text("1 going of 5 seats")
    screenshot(organiser, "4-organiser-chat-live-count")
    organiser.set_viewport_size(PHONE)
    screenshot(organiser, "5-organiser-chat-phone")

    # The list of meetups, at desktop width.
    listing = new_page()
    log_in(listing, bob)
    listing.goto("/meetups/")
    expect(listing.locator(".meetup-card")).to_contain_text(re.compile("Past papers, together"))
    screenshot(listing, "6-meetups-list")
    assert browser_errors == []
