"""A course's instructor moderates from the conversation: the message menu's "Moderate"
opens a form in place, hiding a message takes it off a student's open page at once."""

import pytest
from playwright.sync_api import expect

from lounge import actions
from lounge.models import Channel, Membership


@pytest.mark.django_db(transaction=True)
def test_an_instructor_hides_a_message_from_the_chat(
    new_page, log_in, screenshot, browser_errors, alice, bob, instructor
):
    channel = actions.create_channel(
        None, kind=Channel.Kind.COURSE, name="STAT101", members=[alice, bob]
    )
    actions.set_channel_role(channel, instructor, Membership.Role.MODERATOR)
    actions.post_message(alice, channel, "Does anyone have the week 3 slides?")
    rude, _ = actions.post_message(bob, channel, "Read them yourself, lazy")

    student = new_page()
    log_in(student, alice)
    student.goto(channel.get_absolute_url())
    expect(student.locator("body")).to_have_attribute("data-live", "open")
    expect(student.locator(f"#message-{rude.pk}")).to_be_visible()
    expect(student.get_by_role("link", name="Moderate")).to_have_count(0)

    page = new_page()
    log_in(page, instructor)
    page.goto(channel.get_absolute_url())
    expect(page.locator("body")).to_have_attribute("data-live", "open")
    row = page.locator(f"#message-{rude.pk}")
    row.get_by_role("link", name="React · reply").click()
    row.get_by_role("link", name="Moderate").click()
    form = row.locator(".moderate-form")
    expect(form).to_be_visible()
    form.get_by_label("Hide the message").check()
    form.get_by_label("Reason").fill("Please be kind to classmates")
    screenshot(page, "1-moderate-form-in-the-menu")
    form.get_by_role("button", name="Apply").click()

    expect(student.locator(f"#message-{rude.pk}")).to_be_hidden()
    expect(page.locator(f"#message-{rude.pk}")).to_be_hidden()
    assert not browser_errors
