"""Coffee chats in a browser: a student opts in on her phone, the organiser runs a
round at his desk and reads its summary, the student sees her partner, the icebreaker
and the times in both zones, and checks in."""

import pytest
from playwright.sync_api import expect

from mentorship.coffee import actions
from mentorship.coffee.models import Seat
from tests.coffee.conftest import BERLIN_EVENINGS, NEW_YORK_AFTERNOONS, build_series

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.django_db(transaction=True)
def test_opt_in_see_the_partner_and_times_then_check_in(
    live_page, screenshot, browser_errors, alice, bob, moderator
):
    from accounts.actions import set_free_hours

    series = build_series(moderator, description="Meet someone new each week.")
    set_free_hours(alice, BERLIN_EVENINGS)
    set_free_hours(bob, NEW_YORK_AFTERNOONS)
    actions.join_series(bob, series)

    # Alice (Berlin) opts in on her phone; the controls swap in place.
    student = live_page(alice, series.get_absolute_url(), viewport=PHONE)
    screenshot(student, "1-phone-before-opting-in")
    student.get_by_role("button", name="Opt in").click()
    expect(student.locator("#taking-part-title + p")).to_contain_text("You are in")
    screenshot(student, "2-phone-opted-in")

    # The organiser runs a round now and reads its summary at his desk.
    organiser = live_page(moderator, f"/mentorship/coffee/{series.pk}/organise/", viewport=DESKTOP)
    screenshot(organiser, "3-desktop-organise")
    organiser.get_by_role("button", name="Run a round now").click()
    expect(organiser.locator("h1")).to_have_text("Round 1")
    expect(organiser.locator("table")).to_contain_text("Alice Ames")
    screenshot(organiser, "4-desktop-round-summary")

    # Alice sees Bob, the icebreaker and the times in her zone and in Bob's.
    student.reload()
    card = student.locator(".coffee-chat")
    expect(card).to_contain_text("Your partner: Bob Baptiste")
    expect(card).to_contain_text("Europe/Berlin")
    expect(card).to_contain_text("for Bob Baptiste (America/New_York)")
    expect(card.get_by_role("link", name="Say hello in your chat")).to_be_visible()
    screenshot(student, "5-phone-partner-and-times")
    card.get_by_role("button", name="We met").click()
    expect(student.locator(".coffee-chat .badge")).to_have_text("We met")
    screenshot(student, "6-phone-checked-in")
    assert Seat.objects.get(user=alice).check_in == Seat.CheckIn.MET

    # The chat opens with the icebreaker at its top.
    student.locator(".coffee-chat").get_by_role("link", name="Say hello in your chat").click()
    expect(student.locator(".chat__topic")).to_contain_text("Icebreaker:")
    screenshot(student, "7-phone-chat")
    assert browser_errors == []
