"""A newcomer's first visit, in a real browser: sign up, verify the email, confirm the
guessed time zone, mark free hours, and see times in the zone they chose."""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import UserFactory

BROWSER_ZONE = "Asia/Kolkata"
CHOSEN_ZONE = "America/St_Johns"  # a half-hour offset with daylight saving: easy to get wrong
EMAIL = "priya@example.org"
DISPLAY_NAME = "Priya Patel"
PASSWORD = "a-long-study-passphrase-42"
FREE_SLOTS = ["slot-0-9", "slot-2-18", "slot-5-20"]  # Mon 09:00, Wed 18:00, Sat 20:00
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def offset_label(zone_name, at):
    """'UTC+5:30', 'UTC-2:30': computed here, independently of the app's helper."""
    minutes = int(at.astimezone(zoneinfo.ZoneInfo(zone_name)).utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "")


def open_account_menu(page):
    menu = page.locator("details.user-menu__details")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    expect(menu).to_have_attribute("open", "")
    return menu


@pytest.mark.django_db(transaction=True)
def test_newcomer_signs_up_confirms_zone_and_marks_free_hours(new_page, screenshot, browser_errors):
    page = new_page(timezone_id=BROWSER_ZONE, locale="en-IN")

    # 1. Sign up; the time zone comes from the browser.
    page.goto("/accounts/signup/")
    zone_input = page.locator("input[name=time_zone]")
    # Chromium reports the old name Asia/Calcutta; the page shows today's name.
    expect(zone_input).to_have_value(BROWSER_ZONE)
    # The person studies from elsewhere than their browser says, and picks that zone.
    zone_input.fill(CHOSEN_ZONE)
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=display_name]").fill(DISPLAY_NAME)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_label("I agree to follow the code of conduct").check()
    screenshot(page, "1-signup-filled")
    page.locator("main form").get_by_role("button", name=re.compile("sign up", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("verify", re.I))
    screenshot(page, "2-verify-your-email")

    # 2. Follow the link in the verification email and confirm.
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    link = CONFIRM_LINK.search(message.body)
    assert link, message.body
    page.goto(link.group(0))
    screenshot(page, "3-confirm-email")
    page.locator("main form").get_by_role("button", name=re.compile("confirm", re.I)).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {DISPLAY_NAME}")

    # 3. Home does not ask for the zone again: the one chosen at signup is used.
    expect(page.locator("#confirm-time-zone")).to_have_count(0)
    footer = page.locator("footer.site-footer")
    expect(footer).to_contain_text(
        f"Times are shown in {CHOSEN_ZONE} ({offset_label(CHOSEN_ZONE, datetime.now(UTC))})"
    )
    screenshot(page, "5-home-zone-confirmed")

    # 4. "Your week": a click marks an hour and saves it, without reloading the page.
    open_account_menu(page).get_by_role("link", name="Your week").click()
    expect(page).to_have_url(re.compile(r"/accounts/availability/$"))
    expect(page.locator("main")).to_contain_text(CHOSEN_ZONE)
    summary = page.locator("#free-hours-summary")
    expect(summary).to_have_text("You are free 0 hours a week.")
    page.evaluate("() => { window.commonsTestMarker = 'same page'; }")
    for count, slot_id in enumerate(FREE_SLOTS, start=1):
        slot = page.locator(f"#{slot_id}")
        expect(slot).not_to_be_checked()
        slot.click()
        expect(slot).to_be_checked()
        expect(summary).to_have_text(f"You are free {count} hour{'s' if count > 1 else ''} a week.")
    assert page.evaluate("() => window.commonsTestMarker") == "same page", "the page reloaded"
    screenshot(page, "6-your-week-toggled")
    page.reload()
    for slot_id in FREE_SLOTS:
        expect(page.locator(f"#{slot_id}")).to_be_checked()
    expect(page.locator("input.slot:checked")).to_have_count(len(FREE_SLOTS))
    expect(summary).to_have_text(f"You are free {len(FREE_SLOTS)} hours a week.")

    # 5. Their profile shows the local time in the chosen zone.
    open_account_menu(page).get_by_role("link", name="Your profile").click()
    expect(page).to_have_url(re.compile(r"/people/[^/]+/$"))
    local_time = page.locator(".local-time")
    expect(local_time).to_contain_text(f"for {DISPLAY_NAME}, in {CHOSEN_ZONE}")
    text = " ".join(local_time.inner_text().split())
    shown = re.search(r"It is (\d{2}):(\d{2}) on (\w+) for", text)
    assert shown, text
    now = datetime.now(zoneinfo.ZoneInfo(CHOSEN_ZONE))
    acceptable = {
        (moment.strftime("%H"), moment.strftime("%M"), moment.strftime("%A"))
        for moment in (now - timedelta(minutes=1), now, now + timedelta(minutes=1))
    }
    assert shown.groups() in acceptable, (text, sorted(acceptable))
    screenshot(page, "7-profile-local-time")

    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_signup_presets_canonical_zone_name(new_page):
    page = new_page(timezone_id=BROWSER_ZONE)
    page.goto("/accounts/signup/")
    expect(page.locator("input[name=time_zone]")).to_have_value(BROWSER_ZONE, timeout=2_000)


@pytest.mark.django_db(transaction=True)
def test_keyboard_skip_link_and_account_menu(page, log_in, screenshot, browser_errors):
    person = UserFactory(display_name="Kim Keyboard", time_zone="Europe/Berlin")
    log_in(page, person)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Kim Keyboard")

    # The first Tab lands on the skip link, which becomes visible.
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    screenshot(page, "1-skip-link-focused", full_page=False)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # The account menu opens with Enter and closes with Escape, focus back on its summary.
    menu = page.locator("details.user-menu__details")
    summary = menu.locator("summary")
    summary.focus()
    expect(summary).to_be_focused()
    expect(menu).not_to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(menu.get_by_role("link", name="Your week")).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Your profile")).to_be_focused()
    screenshot(page, "2-account-menu-open", full_page=False)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('details.user-menu__details').open")
    expect(summary).to_be_focused()

    assert browser_errors == []
