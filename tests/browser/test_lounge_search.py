"""Someone finds an older message by search and lands on it in its channel."""

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_find_a_message_and_jump_to_it(live_page, screenshot, browser_errors, alice, bob, settings):
    settings.LOUNGE_RATE_LIMIT = (100, 10)
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="study-tips")
    actions.join_channel(bob, channel)
    wanted, _ = actions.post_message(alice, channel, "The **Feynman technique** saved my exam")
    for number in range(60):
        actions.post_message(alice if number % 2 else bob, channel, f"chatter {number}")

    page = live_page(bob, "/lounge/search/")
    page.get_by_label("Search messages").fill("feynman")
    page.get_by_role("button", name="Search").click()
    hit = page.locator(".search-hit").first
    expect(hit.locator("mark")).to_have_text("Feynman")
    screenshot(page, "1-results")
    page.set_viewport_size(PHONE)
    screenshot(page, "2-results-phone")

    hit.locator(".search-hit__excerpt a").click()
    message = page.locator(f"#message-{wanted.pk}")
    expect(message).to_be_visible()
    expect(message.locator(".msg__body strong")).to_have_text("Feynman technique")
    screenshot(page, "3-at-the-message-phone")
    assert browser_errors == []
