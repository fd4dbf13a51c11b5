"""Setting the week: weekday evenings painted in one drag (one request), a preset, a
day copied to another, the keyboard (one Tab stop, arrows and Space), a finger's
stroke on a phone where the whole week fits at 390 px with the day row kept in view,
and the plain form without JavaScript."""

import time

import pytest
from playwright.sync_api import expect

from accounts import actions
from accounts.models import AvailabilitySlot

WEEK_PAGE = "/accounts/availability/"
EVENINGS = {(day, hour) for day in range(5) for hour in range(18, 22)}
WEEKENDS = {(day, hour) for day in (5, 6) for hour in range(10, 18)}


def saved_week(user):
    return set(AvailabilitySlot.objects.filter(user=user).values_list("weekday", "hour"))


def wait_for_week(user, expected, timeout=5):
    """The save is sent when a stroke ends; wait for it to land."""
    deadline = time.monotonic() + timeout
    while saved_week(user) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert saved_week(user) == expected


def centre(page, day, hour):
    box = page.locator(f"#slot-{day}-{hour}").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def week_posts(page):
    posts = []
    page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and request.url.endswith("/accounts/availability/week/")
            and posts.append(request)
        ),
    )
    return posts


@pytest.mark.django_db(transaction=True)
def test_a_desktop_week_is_painted_by_dragging_presets_copying_and_keys(
    live_page, screenshot, browser_errors, alice
):
    page = live_page(alice, WEEK_PAGE)
    expect(page.locator("main")).to_contain_text("Europe/Berlin")
    expect(page.get_by_text("Drag over hours")).to_be_visible()
    expect(page.get_by_role("button", name="Save my week")).to_be_hidden()
    posts = week_posts(page)

    # Monday 18:00 to Friday 21:00 in one drag: twenty hours, one request.
    page.locator("#slot-0-18").scroll_into_view_if_needed()
    page.mouse.move(*centre(page, 0, 18))
    page.mouse.down()
    page.mouse.move(*centre(page, 2, 20), steps=5)
    page.mouse.move(*centre(page, 4, 21), steps=5)
    page.mouse.up()
    expect(page.locator("#free-hours-summary")).to_have_text("You are free 20 hours a week.")
    wait_for_week(alice, EVENINGS)
    assert len(posts) == 1
    expect(page.locator("#slot-4-21")).to_be_checked()
    expect(page.locator("#slot-0-17")).not_to_be_checked()

    page.get_by_role("button", name="Weekends").click()
    expect(page.locator("#slot-6-17")).to_be_checked()
    wait_for_week(alice, EVENINGS | WEEKENDS)

    # Sunday becomes a copy of Monday: its weekend hours go, the evenings come.
    page.get_by_label("Copy", exact=True).select_option("Monday")
    page.locator('input[name="copy_to"][value="6"]').check()
    page.get_by_role("button", name="Copy", exact=True).click()
    sunday = {(6, hour) for hour in range(18, 22)}
    saturday = {(5, hour) for hour in range(10, 18)}
    wait_for_week(alice, EVENINGS | saturday | sunday)
    expect(page.locator("#slot-6-10")).not_to_be_checked()
    expect(page.locator("#slot-6-19")).to_be_checked()

    # The grid is one Tab stop, entered on the last cell used (Monday 18:00, where the
    # drag began); arrows move and Space switches.
    page.get_by_role("button", name="Mornings").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#slot-0-18")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#slot-0-17")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(page.locator("#slot-1-17")).to_be_checked()
    wait_for_week(alice, EVENINGS | saturday | sunday | {(0, 17), (1, 17)})
    assert page.locator('input.slot[tabindex="0"]').count() == 1
    page.keyboard.press("Tab")
    expect(page.get_by_label("Copy", exact=True)).to_be_focused()

    # Dragging from a free hour clears instead.
    page.mouse.move(*centre(page, 0, 17))
    page.mouse.down()
    page.mouse.move(*centre(page, 1, 17), steps=4)
    page.mouse.up()
    wait_for_week(alice, EVENINGS | saturday | sunday)

    page.reload()
    expect(page.locator("#free-hours-summary")).to_have_text("You are free 32 hours a week.")
    expect(page.locator("#slot-6-21")).to_be_checked()
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "1-desktop")
    assert browser_errors == []


def touch(cdp, kind, *points):
    cdp.send(
        "Input.dispatchTouchEvent",
        {
            "type": kind,
            "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)],
        },
    )


@pytest.mark.django_db(transaction=True)
def test_the_whole_week_fits_a_phone_and_a_finger_paints(
    live_page, screenshot, browser_errors, alice
):
    actions.set_free_hours(alice, [(5, 10), (6, 10)])
    page = live_page(
        alice, WEEK_PAGE, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    sunday = page.locator("#slot-6-23").bounding_box()
    assert sunday["x"] + sunday["width"] <= 390
    assert sunday["width"] >= 30
    screenshot(page, "2-phone-top", full_page=False)

    # Scrolled to the evening, the day names are still at the top of the screen.
    page.locator("#slot-0-20").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 200)")
    header = page.get_by_role("columnheader", name="Sun").bounding_box()
    assert -1 <= header["y"] <= 2, header

    # A finger drawn down Tuesday 18:00-20:00 marks those hours and scrolls nothing.
    cdp = page.context.new_cdp_session(page)
    scroll = page.evaluate("() => window.scrollY")
    start, end = centre(page, 1, 18), centre(page, 1, 20)
    touch(cdp, "touchStart", start)
    for step in range(1, 6):
        touch(cdp, "touchMove", (start[0], start[1] + (end[1] - start[1]) * step / 5))
    touch(cdp, "touchEnd")
    wait_for_week(alice, {(5, 10), (6, 10), (1, 18), (1, 19), (1, 20)})
    assert page.evaluate("() => window.scrollY") == scroll
    screenshot(page, "3-phone-evening", full_page=False)
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_week_is_a_plain_form(new_page, log_in, screenshot, alice):
    page = new_page(java_script_enabled=False)
    log_in(page, alice)
    page.goto(WEEK_PAGE)
    expect(page.get_by_text("Tick the hours you are free")).to_be_visible()
    expect(page.get_by_text("Drag over hours")).to_be_hidden()

    page.locator("#slot-2-9").check()
    page.get_by_role("button", name="Mornings").click()
    expect(page.locator(".messages")).to_contain_text("Your week is saved.")
    mornings = {(day, hour) for day in range(7) for hour in range(8, 12)}
    assert saved_week(alice) == mornings | {(2, 9)}

    page.locator("#slot-0-8").uncheck()
    page.get_by_role("button", name="Save my week").click()
    assert saved_week(alice) == mornings - {(0, 8)}
    screenshot(page, "4-no-javascript", full_page=False, check_accessibility=False)
