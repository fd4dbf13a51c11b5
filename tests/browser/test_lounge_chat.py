"""Two people in two browsers in #cultural-exchange: each sees the other come online,
type, post, react and reply, live; when one leaves, the other sees them go offline."""

import re

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel


def open_chat(new_page, log_in, user, channel, zone):
    page = new_page(timezone_id=zone)
    log_in(page, user)
    page.goto(channel.get_absolute_url())
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    return page


@pytest.mark.django_db(transaction=True)
def test_two_people_chat_live(new_page, log_in, screenshot, browser_errors, alice, bob):
    channel = actions.create_channel(
        alice, kind=Channel.Kind.SOCIAL, name="cultural-exchange", topic="Life where you live"
    )
    actions.join_channel(bob, channel)
    actions.post_message(alice, channel, "Welcome! Where is everyone studying from?")

    bob_page = open_chat(new_page, log_in, bob, channel, "America/New_York")
    alice_page = open_chat(new_page, log_in, alice, channel, "Europe/Berlin")

    # Presence: each sees the other online.
    expect(bob_page.locator(f'.members [data-presence-user="{alice.pk}"]')).to_have_class(
        re.compile("presence--online")
    )
    expect(alice_page.locator(f'.members [data-presence-user="{bob.pk}"]')).to_have_class(
        re.compile("presence--online")
    )

    # Typing, then a message with markdown and a mention.
    composer = alice_page.locator("[data-lounge-composer] textarea")
    composer.fill("")
    composer.press_sequentially("Berlin **here**, hi @bob")
    expect(bob_page.locator("[data-typing]")).to_have_text("Alice Ames is typing…")
    screenshot(bob_page, "1-bob-sees-typing")
    composer.press("Enter")
    bobs_view = bob_page.locator("article.msg").last
    expect(bobs_view.locator(".msg__body")).to_contain_text("Berlin here, hi @bob")
    expect(bobs_view.locator(".msg__body strong")).to_have_text("here")
    expect(bobs_view.locator(f'.mention[data-user-id="{bob.pk}"]')).to_be_visible()
    expect(composer).to_have_value("")

    # Bob reacts; Alice sees the count and who reacted.
    bobs_view.get_by_role("link", name="React · reply").click()
    bobs_view.get_by_role("button", name="React with party popper").click()
    alices_view = alice_page.locator("article.msg").last
    reaction = alices_view.locator(".reaction")
    expect(reaction).to_contain_text("1")
    expect(reaction).to_have_attribute("title", "party popper: Bob Baptiste")

    # The menu works from the keyboard: Enter opens it after the link, Tab reaches its
    # buttons, Escape closes it and gives focus back to the link.
    bobs_view = bob_page.locator("article.msg").last
    toggle = bobs_view.get_by_role("link", name="React · reply")
    toggle.focus()
    bob_page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    bob_page.keyboard.press("Tab")
    expect(bobs_view.get_by_role("button", name="React with thumbs up")).to_be_focused()
    screenshot(bob_page, "2a-bob-opens-the-menu")
    bob_page.keyboard.press("Escape")
    expect(bob_page.locator("[data-message-menu]")).to_be_hidden()
    expect(toggle).to_be_focused()

    # Bob replies; Alice sees the quote with a jump link.
    bobs_view = bob_page.locator("article.msg").last
    bobs_view.get_by_role("link", name="React · reply").click()
    bobs_view.get_by_role("link", name="Reply", exact=True).click()
    expect(bob_page.locator("[data-reply-preview]")).to_contain_text("Replying to Alice Ames")
    bob_page.locator("[data-lounge-composer] textarea").fill("New York! Nice to meet you")
    bob_page.locator("[data-lounge-composer] textarea").press("Enter")
    reply = alice_page.locator("article.msg").last
    expect(reply.locator(".msg__body")).to_have_text("New York! Nice to meet you")
    expect(reply.locator(".msg__quote")).to_contain_text("Alice Ames: Berlin **here**")
    screenshot(alice_page, "2-alice-sees-reaction-and-reply")

    # Both pages show the same messages in the same order.
    texts = alice_page.locator("article.msg .msg__body").all_inner_texts()
    assert texts == bob_page.locator("article.msg .msg__body").all_inner_texts()
    assert len(texts) == 3

    # Alice closes her browser: Bob sees her go offline.
    alice_page.context.close()
    expect(bob_page.locator(f'.members [data-presence-user="{alice.pk}"]')).to_have_class(
        re.compile("presence--offline")
    )
    screenshot(bob_page, "3-bob-sees-alice-offline")
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_chat_works_without_javascript(browser, live_server_url, log_in, screenshot, alice):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="study-tips")
    context = browser.new_context(base_url=live_server_url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, alice)
    page.goto(channel.get_absolute_url())
    page.locator("textarea[name=body]").fill("Plain **HTML** works too")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("article.msg .msg__body strong")).to_have_text("HTML")
    screenshot(page, "no-js", check_accessibility=False)

    # A row's "React · reply" leads to the message's actions page; reacting there comes
    # back to the channel with the reaction on the row.
    page.locator("article.msg").last.get_by_role("link", name="React · reply").click()
    expect(page.get_by_role("heading", name="A message by Alice Ames")).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Report", exact=True)).to_have_count(0)  # her own
    screenshot(page, "no-js-actions", check_accessibility=False)
    page.get_by_role("button", name="React with heart").click()
    expect(page.locator("article.msg").last.locator(".reaction")).to_contain_text("❤️ 1")
    context.close()
