"""Reacting with any emoji: "More reactions" opens a searchable picker, usable from the
keyboard; ":name" in the message box suggests emoji."""

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel


@pytest.mark.django_db(transaction=True)
def test_react_with_an_emoji_found_by_name(
    new_page, log_in, screenshot, browser_errors, alice, bob
):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="study-hall")
    actions.join_channel(bob, channel)
    message, _ = actions.post_message(bob, channel, "Passed the exam!")
    page = new_page()
    log_in(page, alice)
    page.goto(channel.get_absolute_url())
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    row = page.locator(f"#message-{message.pk}")
    row.get_by_role("link", name="React · reply").click()
    row.get_by_role("button", name="More reactions").click()
    picker = page.get_by_role("dialog", name="Choose an emoji")
    search = picker.get_by_label("Search emoji")
    expect(search).to_be_focused()
    expect(picker.get_by_role("button", name="grinning face", exact=True)).to_be_visible()
    search.fill("trophy")
    expect(picker.get_by_role("button", name="trophy")).to_be_visible()
    screenshot(page, "1-picker-search")
    search.press("ArrowDown")
    expect(picker.get_by_role("button", name="trophy")).to_be_focused()
    page.keyboard.press("Enter")
    reaction = row.locator(".reaction")
    expect(reaction).to_contain_text("🏆")
    expect(reaction).to_have_attribute("aria-label", f"trophy, 1: {alice.display_name}")

    # ":" and a word in the message box suggests emoji; Enter takes one.
    box = page.locator("#composer textarea")
    box.press_sequentially("Well done :popper")
    suggestions = page.get_by_role("listbox", name="Emoji")
    expect(suggestions.get_by_role("option").first).to_contain_text("party popper")
    box.press("Enter")
    expect(box).to_have_value("Well done 🎉")
    assert not browser_errors


@pytest.mark.django_db(transaction=True)
def test_the_picker_fits_a_phone(new_page, log_in, screenshot, alice, bob):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="study-hall")
    actions.join_channel(bob, channel)
    message, _ = actions.post_message(bob, channel, "Passed the exam!")
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log_in(page, alice)
    page.goto(channel.get_absolute_url())
    row = page.locator(f"#message-{message.pk}")
    row.get_by_role("link", name="React · reply").click()
    row.get_by_role("button", name="More reactions").click()
    picker = page.get_by_role("dialog", name="Choose an emoji")
    expect(picker.get_by_role("button", name="grinning face", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "2-phone-picker", full_page=False)
