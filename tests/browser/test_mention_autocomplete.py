"""Typing "@" in the message box suggests the channel's people; the keyboard picks one
and the message mentions them."""

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel


@pytest.mark.django_db(transaction=True)
def test_mention_someone_from_the_suggestions(
    new_page, log_in, screenshot, browser_errors, alice, bob
):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="study-hall")
    actions.join_channel(bob, channel)
    page = new_page()
    log_in(page, alice)
    page.goto(channel.get_absolute_url())
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    box = page.locator("#composer textarea")
    box.press_sequentially("Thanks @b")
    suggestions = page.get_by_role("listbox", name="People to mention")
    expect(suggestions.get_by_role("option").first).to_contain_text("@bob")
    screenshot(page, "1-suggestions")
    box.press("Enter")  # takes the suggestion, does not send
    expect(box).to_have_value("Thanks @bob ")
    expect(suggestions).to_have_count(0)
    box.press_sequentially("for the notes")
    box.press("Enter")
    message = page.locator("article.msg").last
    expect(message.locator(f'.mention[data-user-id="{bob.pk}"]')).to_have_text("@bob")
    assert not browser_errors
