"""Two people on one standing-room board in two browsers: each sees the other's
strokes and cursor live, a note shows in the words list, the organiser makes the board
read-only and back without a reload, and undo takes back one's own stroke. Desktop
and phone screenshots, checked with axe-core."""

import pytest
from playwright.sync_api import expect

from groups import actions as group_actions
from groups.boards import actions
from tests.groups.conftest import build_group


def drag(page, points):
    """A pen drag across the board, in board coordinates (1600 x 1000)."""
    surface = page.locator("[data-surface]")
    box = surface.bounding_box()
    scale = box["width"] / 1600

    def at(x, y):
        return box["x"] + x * scale, box["y"] + y * scale

    page.mouse.move(*at(*points[0]))
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*at(*point), steps=4)
    page.mouse.up()


def open_room(live_page, user, group, **context):
    page = live_page(user, f"/groups/{group.pk}/room/", **context)
    expect(page.locator("[data-board]")).to_have_attribute("data-live", "open")
    return page


@pytest.mark.django_db(transaction=True)
def test_two_people_draw_together_and_the_organiser_makes_it_read_only(
    live_page, screenshot, browser_errors, alice, bob
):
    group = build_group(alice, name="Linear algebra night")
    group_actions.join_group(bob, group)
    board = actions.standing_board(group)
    actions.apply_operation(
        alice,
        board,
        {
            "kind": "add",
            "items": [
                {
                    "id": "hello",
                    "kind": "sticky",
                    "color": "yellow",
                    "x": 1200,
                    "y": 60,
                    "w": 220,
                    "h": 140,
                    "text": "Welcome! Sketch your idea below.",
                }
            ],
        },
    )
    alice_page = open_room(live_page, alice, group)
    bob_page = open_room(live_page, bob, group)

    # Alice draws a stroke: Bob sees it, and her cursor with her name.
    drag(alice_page, [(200, 300), (300, 360), (420, 330), (520, 420)])
    expect(bob_page.locator("[data-items] path")).to_have_count(1)
    expect(bob_page.locator(f'[data-cursor="{alice.pk}"]')).to_contain_text("Alice Ames")

    # Bob draws a rectangle in red: Alice sees it.
    bob_page.get_by_role("button", name="Rectangle").click()
    bob_page.locator(".swatch").nth(3).click()
    drag(bob_page, [(700, 250), (1000, 500)])
    expect(alice_page.locator("[data-items] rect")).to_have_count(2)  # the note's and bob's
    expect(alice_page.locator(f'[data-cursor="{bob.pk}"]')).to_contain_text("Bob Baptiste")

    # A sticky note by keyboard shortcut and the text dialog: in both words lists.
    bob_page.keyboard.press("s")
    expect(bob_page.get_by_role("button", name="Note")).to_have_attribute("aria-pressed", "true")
    drag(bob_page, [(200, 600), (200, 600)])
    bob_page.get_by_label("Text", exact=True).fill("Eigenvectors keep their direction")
    bob_page.get_by_role("button", name="Add to the board").click()
    for page in (alice_page, bob_page):
        expect(page.locator("[data-words]")).to_contain_text("Eigenvectors keep their direction")
    screenshot(alice_page, "1-desktop-drawing-together")

    # The organiser makes the board read-only: Bob's tools go, live, and come back.
    alice_page.get_by_role("button", name="Make the board read-only").click()
    expect(bob_page.locator("[data-status]")).to_have_text("The board is read-only for now.")
    expect(bob_page.get_by_role("button", name="Pen")).to_be_disabled()
    expect(alice_page.get_by_role("button", name="Let everyone draw")).to_be_visible()
    alice_page.get_by_role("button", name="Let everyone draw").click()
    expect(bob_page.get_by_role("button", name="Pen")).to_be_enabled()
    expect(bob_page.locator("[data-status]")).to_have_text("")

    # Alice undoes her stroke; Bob sees it go.
    alice_page.get_by_role("button", name="Undo").click()
    expect(bob_page.locator("[data-items] path")).to_have_count(0)
    assert len(actions.board_state(board)[0]) == 3

    # A late joiner on a phone sees the same board.
    phone = open_room(live_page, bob, group, viewport={"width": 390, "height": 844})
    expect(phone.locator("[data-items] > *")).to_have_count(3)
    screenshot(phone, "2-phone-late-joiner")
    assert browser_errors == []
