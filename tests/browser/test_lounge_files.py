# ruff: noqa: E501 - the scripts run in the page read better unwrapped
"""Sharing pictures and files in a channel: one person attaches a picture (the button,
a drop, a paste), the other sees it arrive live; on a desktop and on a phone; and a
profile picture shows beside what they write."""

import re

import pytest
from playwright.sync_api import expect

from accounts import actions as account_actions
from lounge import actions
from lounge.models import Attachment, Channel
from tests import pictures

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


def open_chat(live_page, user, channel, zone, **context):
    page = live_page(user, channel.get_absolute_url(), timezone_id=zone, **context)
    return page


def picture_loaded(locator):
    return locator.evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.mark.django_db(transaction=True)
def test_a_picture_shared_in_a_channel_arrives_live(
    live_page, screenshot, browser_errors, alice, bob
):
    channel = actions.create_channel(
        alice, kind=Channel.Kind.SOCIAL, name="photo-walk", topic="Where we walked this week"
    )
    actions.join_channel(bob, channel)
    account_actions.set_profile_picture(alice, pictures.upload("me.jpg", pictures.landscape()))
    actions.post_message(bob, channel, "Show us where you walked!")

    bob_page = open_chat(live_page, bob, channel, "America/New_York", **DESKTOP)
    alice_page = open_chat(live_page, alice, channel, "Europe/Berlin", **PHONE)

    # Alice picks a picture and a PDF with the button, sees them listed, and sends.
    alice_page.locator("[data-attach-input]").set_input_files(
        [
            {"name": "tiergarten.jpg", "mimeType": "image/jpeg", "buffer": pictures.landscape()},
            {"name": "route.pdf", "mimeType": "application/pdf", "buffer": pictures.pdf()},
        ]
    )
    chosen = alice_page.locator("[data-attach-list] li")
    expect(chosen).to_have_count(2)
    expect(chosen.first).to_contain_text("tiergarten.jpg")
    screenshot(alice_page, "1-phone-files-chosen")
    alice_page.locator("[data-lounge-composer] textarea").fill("The Tiergarten this morning")
    alice_page.get_by_role("button", name="Send").click()

    # Bob sees it live: the picture with its name as alt text, its size set, loaded; the
    # PDF as a download.
    row = bob_page.locator("article.msg").last
    picture = row.locator(".attachment__picture img")
    expect(picture).to_have_attribute("alt", "tiergarten.jpg")
    expect(picture).to_have_attribute("width", "480")
    expect(row.locator(".msg__body")).to_have_text("The Tiergarten this morning")
    expect(row.get_by_role("link", name="route.pdf")).to_have_attribute("download", "")
    bob_page.wait_for_function(
        "() => [...document.querySelectorAll('.attachment__picture img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    expect(row.locator("img.avatar")).to_be_visible()  # Alice's profile picture
    screenshot(bob_page, "2-desktop-bob-sees-the-picture")

    # Alice's own page shows the stored row and an empty composer.
    own = alice_page.locator("article.msg").last
    expect(own.locator(".attachment__picture img")).to_be_visible()
    expect(alice_page.locator("[data-attach-list] li")).to_have_count(0)
    expect(alice_page.locator("[data-attach-progress]")).to_be_hidden()
    screenshot(alice_page, "3-phone-alice-after-sending")

    # Bob drops a file on the conversation and pastes a picture into the message box.
    bob_page.evaluate(
        """() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(["reading list\\n"], "reading.txt", { type: "text/plain" }));
        const target = document.querySelector("[data-chat-scroll]");
        for (const type of ["dragenter", "dragover", "drop"]) {
          target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }
      }"""
    )
    png = list(pictures.png(size=(120, 90)))
    bob_page.evaluate(
        """(bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
        const box = document.querySelector("[data-lounge-composer] textarea");
        box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
      }""",
        png,
    )
    chosen = bob_page.locator("[data-attach-list] li")
    expect(chosen).to_have_count(2)
    expect(chosen.nth(1)).to_contain_text("pasted-")
    # One is taken out again before sending.
    chosen.first.get_by_role("button", name="Remove reading.txt").click()
    expect(chosen).to_have_count(1)
    bob_page.locator("[data-lounge-composer] textarea").press("Enter")
    arrived = alice_page.locator("article.msg").last.locator(".attachment__picture img")
    expect(arrived).to_have_attribute("alt", re.compile(r"^pasted-.*\.png$"))
    assert Attachment.objects.count() == 3

    # The channel's Files tab lists all three, newest first.
    bob_page.get_by_role("link", name="Files", exact=True).click()
    items = bob_page.locator(".channel-files__item")
    expect(items).to_have_count(3)
    expect(items.first.locator("img")).to_have_attribute("alt", re.compile(r"^pasted-"))
    expect(bob_page.get_by_role("link", name="route.pdf")).to_be_visible()
    screenshot(bob_page, "4-desktop-files-tab")
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_a_refused_file_says_why_and_keeps_the_text(live_page, screenshot, alice, bob):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="uploads")
    page = open_chat(live_page, alice, channel, "Europe/Berlin", **DESKTOP)
    page.locator("[data-attach-input]").set_input_files(
        [{"name": "page.html", "mimeType": "text/html", "buffer": b"<html><script></script>"}]
    )
    page.locator("[data-lounge-composer] textarea").fill("have a look")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("[data-composer-error]")).to_contain_text("is not a file type")
    expect(page.locator("[data-lounge-composer] textarea")).to_have_value("have a look")
    expect(page.locator("[data-attach-list] li")).to_have_count(1)
    assert not Attachment.objects.exists()
    screenshot(page, "refused")


@pytest.mark.django_db(transaction=True)
def test_files_without_javascript(browser, live_server_url, log_in, screenshot, alice):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="no-script")
    context = browser.new_context(base_url=live_server_url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, alice)
    page.goto(channel.get_absolute_url())
    page.locator("input[name=files]").set_input_files(
        [{"name": "notes.pdf", "mimeType": "application/pdf", "buffer": pictures.pdf()}]
    )
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("link", name="notes.pdf")).to_be_visible()
    screenshot(page, "no-js", check_accessibility=False)
    page.get_by_role("link", name="Files", exact=True).click()
    expect(page.get_by_role("heading", name="Files in #no-script")).to_be_visible()
    expect(page.get_by_role("link", name="notes.pdf")).to_be_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_setting_a_profile_picture(live_page, screenshot, alice):
    page = live_page(alice, "/accounts/profile/", **PHONE)
    expect(page.locator(".picture-card .avatar--initials")).to_have_text("AA")
    screenshot(page, "1-phone-initials")
    page.locator("input[name=picture]").set_input_files(
        [{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": pictures.landscape()}]
    )
    # The crop box: a square over the picture, moved with the keyboard, sized with the
    # slider; what it keeps goes with the form.
    square = page.get_by_role("button", name="The part to keep: move it with the arrow keys")
    expect(square).to_be_visible()
    expect(page.locator("[name=crop_size]")).to_have_value("500")
    page.locator("[data-crop-zoom]").fill("60")
    expect(page.locator("[name=crop_size]")).to_have_value("300")
    square.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert int(page.locator("[name=crop_x]").input_value()) > 250
    screenshot(page, "2-phone-crop-box")
    page.get_by_role("button", name="Upload picture").click()
    expect(page.locator(".picture-card img.avatar")).to_be_visible()
    page.goto("/people/alice/")
    expect(page.locator(".person__header img.avatar")).to_be_visible()
    assert picture_loaded(page.locator(".person__header img.avatar"))
    screenshot(page, "3-phone-profile")
