"""Two people on one board, live: each sees the other's shape while it is being drawn
(then the finished stroke in its place), cursors with names, a pen's pressure in the
stroke's width, selecting, moving, resizing, nudging with arrow keys and deleting,
following the host's view, and the host stopping and allowing one person's drawing.
Desktop (1280 x 800) and phone (390 x 844) screenshots, checked with axe-core."""

import time

import pytest
from playwright.sync_api import expect

from groups import actions as group_actions
from groups.boards import actions
from tests.groups.conftest import build_group

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def open_room(live_page, user, group, **context):
    page = live_page(user, f"/groups/{group.pk}/room/", **context)
    expect(page.locator("[data-board]")).to_have_attribute("data-live", "open")
    return page


def at(page, x, y):
    """The screen point of board point (x, y) in the view the page shows now."""
    surface = page.locator("[data-surface]")
    box = surface.bounding_box()
    vx, vy, vw, _ = map(float, surface.get_attribute("viewBox").split())
    scale = box["width"] / vw
    return box["x"] + (x - vx) * scale, box["y"] + (y - vy) * scale


def view_box(page):
    return [float(v) for v in page.locator("[data-surface]").get_attribute("viewBox").split()]


def items_when(board, test, timeout=5.0):
    """The board's items (by id) once `test(items)` holds."""
    deadline = time.monotonic() + timeout
    while True:
        items = {item["id"]: item for item in actions.board_state(board)[0]}
        if test(items):
            return items
        if time.monotonic() > deadline:
            raise AssertionError(f"the board never got there: {items}")
        time.sleep(0.05)


def pen_stroke(page, points):
    """A stroke drawn with a pen (pointer type "pen") through board points (x, y,
    pressure), through Chromium's input events."""
    cdp = page.context.new_cdp_session(page)

    def event(kind, x, y, pressure, buttons):
        sx, sy = at(page, x, y)
        cdp.send(
            "Input.dispatchMouseEvent",
            {
                "type": kind,
                "x": sx,
                "y": sy,
                "button": "left",
                "buttons": buttons,
                "clickCount": 1,
                "pointerType": "pen",
                "force": pressure,
            },
        )

    event("mouseMoved", *points[0], 0)
    event("mousePressed", *points[0], 1)
    for point in points[1:]:
        event("mouseMoved", *point, 1)
    event("mouseReleased", *points[-1], 0)


@pytest.mark.django_db(transaction=True)
def test_drawing_together_live(live_page, screenshot, browser_errors, alice, bob):
    group = build_group(alice, name="Topology tea")
    group_actions.join_group(bob, group)
    board = actions.standing_board(group)
    alice_page = open_room(live_page, alice, group, viewport=DESKTOP)
    bob_page = open_room(live_page, bob, group, viewport=DESKTOP)

    # Bob draws slowly: Alice sees the stroke grow before he lets go, with his cursor.
    bob_page.mouse.move(*at(bob_page, 200, 300))
    bob_page.mouse.down()
    for i in range(1, 12):
        bob_page.mouse.move(*at(bob_page, 200 + i * 25, 300 + (i % 3) * 15), steps=2)
    preview = alice_page.locator("[data-remote] path")
    expect(preview).to_have_count(1)
    expect(alice_page.locator(f'[data-cursor="{bob.pk}"]')).to_contain_text("Bob Baptiste")
    assert len(actions.board_state(board)[0]) == 0  # nothing stored yet
    remote = alice_page.locator("[data-remote]")
    first_width = remote.evaluate("g => g.getBBox().width")
    for i in range(12, 20):
        bob_page.mouse.move(*at(bob_page, 200 + i * 25, 300 + (i % 3) * 15), steps=2)
    deadline = time.monotonic() + 5
    while remote.evaluate("g => g.getBBox().width") <= first_width + 100:
        assert time.monotonic() < deadline, "the preview did not grow"
        time.sleep(0.05)
    screenshot(alice_page, "1-desktop-stroke-in-progress")
    bob_page.mouse.up()
    # The finished stroke takes the preview's place.
    expect(alice_page.locator("[data-items] path")).to_have_count(1)
    expect(alice_page.locator("[data-remote] > *")).to_have_count(0)
    (stroke_id,) = items_when(board, lambda items: len(items) == 1)

    # Alice draws with a pen, pressing harder towards the end: the stroke widens.
    alice_page.keyboard.press("p")
    pen_stroke(alice_page, [(300 + i * 20, 520, 0.1 + i * 0.04) for i in range(20)])
    items = items_when(board, lambda items: len(items) == 2)
    (pen_id,) = set(items) - {stroke_id}
    pressures = [p[2] for p in items[pen_id]["points"]]
    assert pressures[0] < 0.3 and pressures[-1] > 0.7
    expect(bob_page.locator("[data-items] path")).to_have_count(2)

    # Bob draws a rectangle, selects it with the select tool and moves it.
    bob_page.keyboard.press("r")
    bob_page.mouse.move(*at(bob_page, 900, 200))
    bob_page.mouse.down()
    bob_page.mouse.move(*at(bob_page, 1100, 350), steps=5)
    bob_page.mouse.up()
    items = items_when(board, lambda items: len(items) == 3)
    (rect_id,) = set(items) - {stroke_id, pen_id}
    bob_page.keyboard.press("v")
    expect(bob_page.get_by_role("button", name="Select")).to_have_attribute("aria-pressed", "true")
    bob_page.mouse.move(*at(bob_page, 900, 275))  # on its left edge
    bob_page.mouse.down()
    bob_page.mouse.move(*at(bob_page, 1000, 375), steps=6)
    # Alice sees it going there before Bob lets go (lighter), then where he put it.
    expect(alice_page.locator("[data-remote] rect")).to_have_count(1)
    expect(alice_page.locator("[data-remote] rect")).to_have_attribute("x", "1000")
    bob_page.mouse.up()
    expect(alice_page.locator("[data-remote] > *")).to_have_count(0)
    items = items_when(board, lambda items: items[rect_id]["x"] > 950)
    assert items[rect_id]["x"] == pytest.approx(1000, abs=3)
    assert items[rect_id]["y"] == pytest.approx(300, abs=3)
    assert items[rect_id]["w"] == pytest.approx(200, abs=1)
    expect(bob_page.locator("[data-selection] [data-handle]")).to_have_count(1)
    # Alice sees it where Bob put it.
    expect(alice_page.locator(f'[data-items] [data-item-id="{rect_id}"]')).to_have_attribute(
        "x", str(items[rect_id]["x"]).removesuffix(".0")
    )

    # The corner handle resizes it; arrow keys nudge it (sent once they rest).
    handle = bob_page.locator("[data-selection] [data-handle]").bounding_box()
    bob_page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    bob_page.mouse.down()
    bob_page.mouse.move(*at(bob_page, 1300, 500), steps=6)
    bob_page.mouse.up()
    items = items_when(board, lambda items: items[rect_id]["w"] > 250)
    assert items[rect_id]["x"] == pytest.approx(1000, abs=3)
    assert items[rect_id]["w"] == pytest.approx(300, abs=8)
    x_before = items[rect_id]["x"]
    for _ in range(3):
        bob_page.keyboard.press("ArrowRight")
    bob_page.keyboard.press("Shift+ArrowDown")
    items = items_when(board, lambda items: items[rect_id]["x"] != x_before)
    assert items[rect_id]["x"] == pytest.approx(x_before + 6)
    screenshot(bob_page, "2-desktop-selected")

    # Shift-click adds Alice's pen stroke to the selection; Delete removes both.
    pen = alice_page.locator(f'[data-item-id="{pen_id}"]').bounding_box()
    pen_box = bob_page.locator(f'[data-items] [data-item-id="{pen_id}"]').bounding_box()
    assert pen["width"] > 0
    bob_page.keyboard.down("Shift")
    bob_page.mouse.click(pen_box["x"] + pen_box["width"] - 4, pen_box["y"] + pen_box["height"] / 2)
    bob_page.keyboard.up("Shift")
    bob_page.keyboard.press("Delete")
    items_when(board, lambda items: set(items) == {stroke_id})
    expect(alice_page.locator("[data-items] > *")).to_have_count(1)

    # Follow the host: Alice zooms in and moves; Bob follows her view.
    alice_page.keyboard.press("+")
    alice_page.keyboard.press("+")
    alice_page.locator("[data-canvas]").focus()
    alice_page.keyboard.press("ArrowRight")
    alice_page.keyboard.press("ArrowDown")
    follow = bob_page.get_by_role("button", name="Follow Alice Ames")
    expect(follow).to_be_visible()
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "true")

    def centre(page):
        x, y, w, h = view_box(page)
        return x + w / 2, y + h / 2

    def following_alice():
        (ax, ay), (bx, by) = centre(alice_page), centre(bob_page)
        return abs(ax - bx) < 15 and abs(ay - by) < 15

    deadline = time.monotonic() + 5
    while not following_alice() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert following_alice(), (view_box(alice_page), view_box(bob_page))
    alice_page.keyboard.press("ArrowLeft")
    alice_page.keyboard.press("ArrowLeft")
    deadline = time.monotonic() + 5
    while not following_alice() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert following_alice()
    screenshot(bob_page, "3-desktop-following")
    # Bob moving around himself stops following.
    bob_page.locator("[data-canvas]").focus()
    bob_page.keyboard.press("ArrowUp")
    expect(follow).to_have_attribute("aria-pressed", "false")

    # The host stops Bob's drawing, live; and allows it again.
    alice_page.get_by_role("button", name="Stop drawing for Bob Baptiste").click()
    expect(bob_page.get_by_role("button", name="Pen")).to_be_disabled()
    expect(bob_page.locator("[data-status]")).to_have_text("You can look but not draw here.")
    alice_page.get_by_role("button", name="Allow drawing for Bob Baptiste").click()
    expect(bob_page.get_by_role("button", name="Pen")).to_be_enabled()

    # On a phone: the board, its tools and the shortcuts fit; axe finds nothing serious.
    phone = open_room(live_page, bob, group, viewport=PHONE)
    expect(phone.locator("[data-items] > *")).to_have_count(1)
    phone.get_by_text("Keyboard shortcuts").click()
    screenshot(phone, "4-phone")
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_moving_more_items_than_one_operation_holds(live_page, browser_errors, alice):
    """Everything selected and nudged: the page sends the change in parts the server
    takes (at most 50 items each), and every item moves."""
    group = build_group(alice, name="Crowded board")
    board = actions.standing_board(group)
    for row in range(3):
        strokes = [
            {
                "id": f"s{row}-{i}",
                "kind": "stroke",
                "color": "blue",
                "width": 2,
                "points": [[100 + i * 20, 100 + row * 40], [110 + i * 20, 120 + row * 40]],
            }
            for i in range(25)
        ]
        actions.apply_operation(alice, board, {"kind": "add", "items": strokes})
    page = open_room(live_page, alice, group, viewport=DESKTOP)
    page.keyboard.press("v")
    page.keyboard.press("Control+a")
    expect(page.locator("[data-status]")).to_contain_text("75 selected")
    page.keyboard.press("Shift+ArrowRight")
    moved = {f"s{row}-{i}": 120 + i * 20 for row in range(3) for i in range(25)}
    items = items_when(
        board,
        lambda items: all(items[key]["points"][0][0] == x for key, x in moved.items()),
    )
    assert len(items) == 75
    assert items["s2-24"]["points"][0] == [600.0, 180.0]
    assert actions.board_state(board)[1] == 3 + 2  # two updates: 50 items, then 25
    assert browser_errors == []
