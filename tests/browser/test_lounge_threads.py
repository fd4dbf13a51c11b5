"""Two people talk in a thread: one opens it from the message menu beside the channel,
the other sees the reply count appear, opens the thread and answers; the first sees the
answer arrive in the open panel. On a phone the thread is a drawer over the chat."""

import re

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def open_chat(new_page, log_in, user, channel, **context):
    page = new_page(**context)
    log_in(page, user)
    page.goto(channel.get_absolute_url())
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    return page


@pytest.mark.django_db(transaction=True)
def test_two_people_talk_in_a_thread(new_page, log_in, screenshot, browser_errors, alice, bob):
    channel = actions.create_channel(
        alice, kind=Channel.Kind.SOCIAL, name="study-hall", topic="Working together"
    )
    actions.join_channel(bob, channel)
    root, _ = actions.post_message(alice, channel, "Anyone up for the linear algebra set tonight?")
    actions.post_message(bob, channel, "Good morning all")

    alice_page = open_chat(new_page, log_in, alice, channel, timezone_id="Europe/Berlin")
    bob_page = open_chat(new_page, log_in, bob, channel, timezone_id="America/Sao_Paulo")

    # Bob replies in the thread from the message menu: a panel opens beside the chat.
    row = bob_page.locator(f"#message-{root.pk}")
    row.get_by_role("link", name="React · reply").click()
    row.get_by_role("link", name="Reply in thread").click()
    panel = bob_page.locator("[data-thread-panel]")
    expect(panel).to_be_visible()
    expect(panel.locator(f"#thread-message-{root.pk}")).to_contain_text("linear algebra")
    box = panel.get_by_label("Reply in the thread")
    expect(box).to_be_focused()
    box.fill("Yes! Problem 4 first?")
    box.press("Enter")
    expect(panel.locator("article.msg").last).to_contain_text("Problem 4 first?")
    expect(panel.locator(".msg--sending")).to_have_count(0)
    # The reply stays out of the channel's list; the first message counts it.
    chat = bob_page.locator(f"#channel-{channel.pk}-messages")
    expect(chat).not_to_contain_text("Problem 4 first?")
    expect(chat.locator(f"#message-{root.pk} .msg__thread")).to_contain_text("1 reply")
    screenshot(bob_page, "1-desktop-thread-panel")

    # Alice sees the count arrive live, opens the thread and answers, also in the channel.
    summary = alice_page.locator(f"#message-{root.pk} .msg__thread")
    expect(summary).to_contain_text("1 reply")
    expect(summary).to_contain_text("Bob Baptiste")
    summary.click()
    alice_panel = alice_page.locator("[data-thread-panel]")
    expect(alice_panel).to_contain_text("Problem 4 first?")
    expect(alice_panel.get_by_role("button", name="Following")).to_be_visible()
    alice_panel.get_by_label("Reply in the thread").fill("Deal: 20:00 my time")
    alice_panel.get_by_label(re.compile("Also send to")).check()
    alice_panel.get_by_role("button", name="Send").click()

    # Bob's open panel shows the answer live; the channel shows it too, marked.
    expect(panel.locator("article.msg").last).to_contain_text("Deal: 20:00 my time")
    expect(chat.locator("article.msg").last).to_contain_text("replied in a thread")
    expect(chat.locator(f"#message-{root.pk} .msg__thread")).to_contain_text("2 replies")

    # Escape closes the panel and gives focus back to the row it was opened from.
    panel.get_by_label("Reply in the thread").press("Escape")
    expect(panel).to_have_count(0)
    expect(bob_page.locator(f"#channel-{channel.pk}-members")).to_be_visible()
    assert not browser_errors


@pytest.mark.django_db(transaction=True)
def test_a_thread_on_a_phone_is_a_drawer_and_a_page_without_javascript(
    new_page, log_in, screenshot, alice, bob
):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="night-owls")
    actions.join_channel(bob, channel)
    root, _ = actions.post_message(alice, channel, "Who studies after midnight?")
    actions.post_message(bob, channel, "Me, most days", thread_root_id=root.pk)

    page = open_chat(new_page, log_in, alice, channel, **PHONE)
    page.locator(f"#message-{root.pk} .msg__thread").click()
    panel = page.locator("[data-thread-panel]")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box["x"] <= 1 and box["width"] >= 385  # over the whole screen
    composer = panel.get_by_label("Reply in the thread")
    expect(composer).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "2-phone-thread-drawer")
    panel.get_by_role("button", name="Close thread").click()
    expect(panel).to_have_count(0)

    # Without JavaScript the summary is a link to the thread's own page.
    plain = new_page(java_script_enabled=False)
    log_in(plain, bob)
    plain.goto(channel.get_absolute_url())
    plain.locator(f"#message-{root.pk} .msg__thread").click()
    expect(plain.get_by_role("heading", name="Thread in #night-owls")).to_be_visible()
    plain.get_by_label("Reply in the thread").fill("Sent from a plain form")
    plain.get_by_role("button", name="Send").click()
    expect(plain.locator("#thread-message-" + str(root.pk))).to_be_visible()
    expect(plain.locator("article.msg").last).to_contain_text("Sent from a plain form")
    screenshot(plain, "3-thread-page-without-javascript", check_accessibility=False)
