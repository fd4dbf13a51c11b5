"""A mention makes the bell's badge go up live on the other person's page; they open
the bell's dropdown and land on the message."""

import re

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel


@pytest.mark.django_db(transaction=True)
def test_a_mention_rings_the_bell_live_and_leads_to_the_message(
    live_page, screenshot, browser_errors, alice, bob
):
    chat = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="stats-help")
    actions.join_channel(bob, chat)

    desktop = live_page(bob, "/accounts/availability/")
    phone = live_page(bob, "/groups/", viewport={"width": 390, "height": 844})
    badge = desktop.locator("#notification-badge")
    expect(badge).to_have_attribute("data-unread", "0")

    message, _ = actions.post_message(alice, chat, "@bob could you check my <b>p-value</b>?")

    expect(badge).to_have_attribute("data-unread", "1")
    expect(badge).to_contain_text("1")
    expect(phone.locator("#notification-badge")).to_have_attribute("data-unread", "1")

    desktop.locator(".bell__button").click()
    entry = desktop.locator(".bell__latest li").first
    expect(entry).to_contain_text("Alice Ames mentioned you in #stats-help")
    expect(entry).to_contain_text("<b>p-value</b>")  # shown as text, not markup
    screenshot(desktop, "bell-open-desktop", full_page=False)
    phone.locator(".bell__button").click()
    expect(phone.locator(".bell__latest li").first).to_contain_text("mentioned you")
    screenshot(phone, "bell-open-phone", full_page=False)

    entry.get_by_role("link").click()
    expect(desktop).to_have_url(re.compile(rf"{chat.get_absolute_url()}#message-{message.pk}$"))
    expect(desktop.locator(f"#message-{message.pk}")).to_be_visible()
    expect(desktop.locator("#notification-badge")).to_have_attribute("data-unread", "0")
    expect(phone.locator("#notification-badge")).to_have_attribute("data-unread", "0")
    screenshot(desktop, "landed-on-message")
    assert browser_errors == []
