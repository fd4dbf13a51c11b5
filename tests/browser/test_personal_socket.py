"""Every signed-in page has one socket: on home and on a study group's page the Lounge
link's unread count goes up live when a message arrives in one of the person's chats."""

import pytest
from playwright.sync_api import expect

from groups import actions as group_actions
from lounge import actions
from tests.groups.conftest import build_group


def open_page(new_page, log_in, user, path, **context):
    page = new_page(**context)
    log_in(page, user)
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    return page


@pytest.mark.django_db(transaction=True)
def test_unread_count_updates_live_on_pages_outside_the_lounge(
    new_page, log_in, screenshot, browser_errors, assert_accessible, alice, bob
):
    group = build_group(alice, name="Bayes club")
    group_actions.join_group(bob, group)
    chat = group_actions.group_channel(group)

    home = open_page(new_page, log_in, alice, "/")
    group_page = open_page(
        new_page, log_in, alice, group.get_absolute_url(), viewport={"width": 390, "height": 844}
    )
    total = home.locator("#lounge-unread-total")
    expect(total).to_have_text("")
    # Only one socket per page: the page's own, opened from the base layout.
    assert home.evaluate("() => document.body.dataset.liveUrl") == "/ws/me/"

    actions.post_message(bob, chat, "Shall we meet on Thursday?")
    expect(total).to_have_text("1 unread message")
    expect(group_page.locator("#lounge-unread-total")).to_have_text("1 unread message")
    actions.post_message(bob, chat, "I can do 18:00 Berlin time")
    expect(total).to_have_text("2 unread messages")
    screenshot(home, "home-desktop")
    screenshot(group_page, "group-phone")
    assert_accessible(home)
    assert_accessible(group_page)

    # Alice's own messages never count as unread for her.
    actions.post_message(alice, chat, "Thursday works")
    home.wait_for_timeout(500)
    expect(total).to_have_text("2 unread messages")

    # Reading the chat clears the count on the other open pages.
    reader = open_page(new_page, log_in, alice, chat.get_absolute_url())
    expect(reader.locator("#lounge-unread-total")).to_have_text("")
    expect(total).to_have_text("")
    assert_accessible(reader)
    assert browser_errors == []
