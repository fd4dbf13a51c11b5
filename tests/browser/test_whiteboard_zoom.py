"""Zoom and pan on the standing room's board: the wheel zooms around the pointer,
Space+drag and the hand tool pan, the buttons and + / - / 0 zoom, and what is drawn
after zooming and panning lands where it was drawn, in board coordinates. Another
person's cursor sits on the same board point under zoom. On a phone the board starts
zoomed in to a readable size, and two fingers pinch-zoom and pan."""

import time

import pytest
from playwright.sync_api import expect

from groups import actions as group_actions
from groups.boards import actions
from tests.groups.conftest import build_group

NOTE = {
    "id": "hello",
    "kind": "sticky",
    "color": "yellow",
    "x": 200,
    "y": 120,
    "w": 220,
    "h": 140,
    "text": "Welcome! Sketch your idea below.",
}


def open_room(live_page, user, group, **context):
    page = live_page(user, f"/groups/{group.pk}/room/", **context)
    expect(page.locator("[data-board]")).to_have_attribute("data-live", "open")
    return page


def whole_board_at(page, x, y):
    """The screen point of board point (x, y) while the whole board is shown."""
    box = page.locator("[data-surface]").bounding_box()
    scale = min(box["width"] / 1600, box["height"] / 1000)
    left = box["x"] + (box["width"] - 1600 * scale) / 2
    top = box["y"] + (box["height"] - 1000 * scale) / 2
    return left + x * scale, top + y * scale


def shown_at(page, x, y):
    """The screen point of board point (x, y) in the view the page shows now."""
    box = page.locator("[data-surface]").bounding_box()
    vx, vy = map(float, page.locator("[data-surface]").get_attribute("viewBox").split()[:2])
    scale = page_scale(page)
    return box["x"] + (x - vx) * scale, box["y"] + (y - vy) * scale


def page_scale(page):
    """Screen pixels per board unit in the page's view now."""
    vw = float(page.locator("[data-surface]").get_attribute("viewBox").split()[2])
    return page.locator("[data-surface]").bounding_box()["width"] / vw


def drag(page, start, end, steps=6):
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=steps)
    page.mouse.up()


def last_item(board):
    return actions.board_state(board)[0][-1]


def zoom_level(page):
    return int(page.locator("[data-zoom-level]").inner_text().rstrip("%"))


@pytest.mark.django_db(transaction=True)
def test_zooming_and_panning_keep_drawing_in_board_coordinates(
    live_page, screenshot, browser_errors, alice, bob
):
    group = build_group(alice, name="Calculus drop-in")
    group_actions.join_group(bob, group)
    board = actions.standing_board(group)
    actions.apply_operation(alice, board, {"kind": "add", "items": [NOTE]})
    page = open_room(live_page, alice, group)
    other = open_room(live_page, bob, group)
    expect(page.locator("[data-zoom-level]")).to_have_text("100%")
    expect(page.get_by_role("button", name="Zoom out")).to_be_disabled()

    # The wheel zooms in around the pointer: the board point under it stays there, so
    # a line drawn from there starts at that board point, and is shorter on the board.
    pointer = whole_board_at(page, 600, 500)
    page.mouse.move(*pointer)
    page.mouse.wheel(0, -500)
    expect(page.get_by_role("button", name="Zoom out")).to_be_enabled()
    assert zoom_level(page) > 150
    page.get_by_role("button", name="Line").click()
    drag(page, pointer, (pointer[0] + 200, pointer[1]))
    line = _wait_for_items(board, 2)[-1]
    (x1, y1), (x2, y2) = line["points"]
    assert abs(x1 - 600) <= 1.5 and abs(y1 - 500) <= 1.5
    assert x2 - x1 == pytest.approx(200 / page_scale(page), abs=1.5)

    # Space+drag pans: the line moves with the pointer, and a rectangle drawn from the
    # line's start afterwards starts at the same board point.
    before = page.locator("[data-items] path").bounding_box()
    page.keyboard.down("Space")
    drag(page, (pointer[0] + 50, pointer[1] + 80), (pointer[0] - 150, pointer[1] - 20))
    page.keyboard.up("Space")
    after = page.locator("[data-items] path").bounding_box()
    assert abs(after["x"] - before["x"] + 200) <= 2 and abs(after["y"] - before["y"] + 100) <= 2
    assert len(actions.board_state(board)[0]) == 2  # panning drew nothing
    page.get_by_role("button", name="Rectangle").click()
    start = (pointer[0] - 200, pointer[1] - 100)
    drag(page, start, (start[0] + 120, start[1] + 90))
    rect = _wait_for_items(board, 3)[-1]
    assert abs(rect["x"] - 600) <= 1.5 and abs(rect["y"] - 500) <= 1.5

    # The hand tool pans too, without Space; then the pen draws where it is put.
    page.get_by_role("button", name="Hand").click()
    expect(page.get_by_role("button", name="Hand")).to_have_attribute("aria-pressed", "true")
    before = page.locator("[data-items] path").bounding_box()
    drag(page, (pointer[0], pointer[1]), (pointer[0] + 60, pointer[1] + 40))
    after = page.locator("[data-items] path").bounding_box()
    assert abs(after["x"] - before["x"] - 60) <= 2 and abs(after["y"] - before["y"] - 40) <= 2
    assert len(actions.board_state(board)[0]) == 3
    page.keyboard.press("p")
    drag(page, shown_at(page, 700, 520), shown_at(page, 760, 560))
    stroke = _wait_for_items(board, 4)[-1]
    assert abs(stroke["points"][0][0] - 700) <= 1.5 and abs(stroke["points"][0][1] - 520) <= 1.5

    # Bob, who sees the whole board, points at the line's start: on Alice's zoomed
    # board his cursor's tip is at that point, and keeps its size on the screen.
    other.mouse.move(*whole_board_at(other, 600, 500))
    cursor = page.locator(f'[data-cursor="{bob.pk}"] path')
    expect(cursor).to_be_visible()
    # Bob's mouse lands on whole pixels, each 1.3 board units on his screen: allow two.
    tip, near = shown_at(page, 600, 500), 2 * page_scale(page)
    box = cursor.bounding_box()
    assert abs(box["x"] - tip[0]) <= near and abs(box["y"] - tip[1]) <= near
    assert 14 <= box["height"] <= 30
    screenshot(page, "1-desktop-zoomed-in")

    # Buttons and keys: + zooms in, - out, 0 and "Whole board" show it all again.
    page.get_by_role("button", name="Whole board").click()
    expect(page.locator("[data-zoom-level]")).to_have_text("100%")
    page.keyboard.press("+")
    expect(page.locator("[data-zoom-level]")).to_have_text("150%")
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator("[data-zoom-level]")).to_have_text("225%")
    page.keyboard.press("-")
    expect(page.locator("[data-zoom-level]")).to_have_text("150%")
    page.keyboard.press("0")
    expect(page.locator("[data-zoom-level]")).to_have_text("100%")
    assert browser_errors == []


def _wait_for_items(board, count, timeout=5.0):
    """The board's items once it holds `count` of them (the page's operation is stored
    a moment after the pointer is released)."""
    deadline = time.monotonic() + timeout
    while True:
        items = actions.board_state(board)[0]
        if len(items) >= count or time.monotonic() > deadline:
            assert len(items) == count, items
            return items
        time.sleep(0.05)


def touch(cdp, kind, *points):
    cdp.send(
        "Input.dispatchTouchEvent",
        {
            "type": kind,
            "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)],
        },
    )


@pytest.mark.django_db(transaction=True)
def test_a_phone_starts_readable_and_pinches_to_zoom(live_page, screenshot, browser_errors, alice):
    group = build_group(alice, name="Calculus drop-in")
    board = actions.standing_board(group)
    far = {**NOTE, "id": "far", "x": 1300, "y": 800, "text": "Far corner"}
    actions.apply_operation(alice, board, {"kind": "add", "items": [far, NOTE]})
    page = open_room(
        live_page,
        alice,
        group,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )

    # Zoomed in on the item nearest the top left, whole in the frame and wide enough
    # to read.
    assert zoom_level(page) > 200
    note = page.locator('[data-item-id="hello"] rect')
    frame, shown = page.locator("[data-surface]").bounding_box(), note.bounding_box()
    assert shown["width"] >= 160
    assert frame["x"] <= shown["x"] and shown["x"] + shown["width"] <= frame["x"] + frame["width"]
    assert frame["y"] <= shown["y"] and shown["y"] + shown["height"] <= frame["y"] + frame["height"]
    screenshot(page, "2-phone-readable")

    # Two fingers spread apart zoom in; moved together they pan; nothing is drawn.
    cdp = page.context.new_cdp_session(page)
    page.locator("[data-surface]").scroll_into_view_if_needed()
    box = page.locator("[data-surface]").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    zoom = zoom_level(page)
    touch(cdp, "touchStart", (cx - 40, cy), (cx + 40, cy))
    for step in range(1, 6):
        touch(cdp, "touchMove", (cx - 40 - 12 * step, cy), (cx + 40 + 12 * step, cy))
    touch(cdp, "touchEnd")
    expect(page.locator("[data-zoom-level]")).not_to_have_text(f"{zoom}%")
    assert zoom_level(page) > zoom
    before = note.bounding_box()
    touch(cdp, "touchStart", (cx - 60, cy), (cx + 60, cy))
    for step in range(1, 6):
        touch(
            cdp,
            "touchMove",
            (cx - 60 + 10 * step, cy + 8 * step),
            (cx + 60 + 10 * step, cy + 8 * step),
        )
    touch(cdp, "touchEnd")
    after = note.bounding_box()
    assert abs(after["x"] - before["x"] - 50) <= 3 and abs(after["y"] - before["y"] - 40) <= 3
    assert len(actions.board_state(board)[0]) == 2
    screenshot(page, "3-phone-pinched")
    assert browser_errors == []
