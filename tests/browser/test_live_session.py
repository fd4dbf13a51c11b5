"""A host runs a round of breakout rooms with a timer in one browser while two students
wait in the lobby in two others: opening the rooms takes each student into their room
(its board live), the host's message reaches them there, and when the timer runs out
their own pages bring them back to the lobby. Ending the session leaves the rooms' boards
and chats to read. Desktop and phone screenshots, checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.realtime import send_now
from courses import actions as course_actions
from groups.live.models import LiveSession
from groups.live.realtime import session_group

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.django_db(transaction=True)
def test_a_host_runs_a_round_of_rooms_and_the_timer_brings_everyone_back(
    live_page, screenshot, browser_errors, instructor, alice, bob
):
    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Autumn 2027"
    )
    for person in (alice, bob):
        course_actions.enrol_with_code(person, course.join_code)
    # The instructor starts the session from the course page.
    host = live_page(instructor, f"/courses/{course.pk}/", viewport={"width": 1280, "height": 800})
    host.get_by_role("link", name="Start or prepare a live session").click()
    host.get_by_label("Title").fill("Week 3 workshop")
    host.get_by_label("Call link (optional)").fill("https://meet.example.org/stat")
    screenshot(host, "new-session-desktop")
    host.get_by_role("button", name="Create the session").click()
    expect(host.get_by_role("heading", name="Week 3 workshop")).to_be_visible()
    session = LiveSession.objects.get()
    assert session.status == "live"
    lobby = f"/live/{session.pk}/"
    expect(host.locator("body")).to_have_attribute("data-live", "open")

    alice_page = live_page(alice, lobby, viewport={"width": 1280, "height": 800})
    bob_page = live_page(bob, lobby, **PHONE)
    expect(host.locator(f"#live-rooms-{session.pk}")).to_contain_text("Bob Baptiste")

    # The host sets up two rooms, mixing zones and languages, and opens them for 5 minutes.
    host.get_by_label("How people are placed").select_option("mixed")
    host.get_by_label("Number of rooms").fill("2")
    host.get_by_label("Room names (optional, one a line)").fill("Histograms\nBox plots")
    host.get_by_role("button", name="Set up rooms").click()
    expect(host.locator(".live-room")).to_have_count(2)
    host.get_by_label("Timer (minutes, empty: none)").fill("5")
    host.get_by_role("button", name="Open 2 rooms").click()

    # Each student is taken into their room, with its board and the countdown.
    expect(alice_page).to_have_url(re.compile(r"/live/rooms/\d+/$"))
    expect(bob_page).to_have_url(re.compile(r"/live/rooms/\d+/$"))
    for page in (alice_page, bob_page):
        expect(page.locator("[data-board]")).to_have_attribute("data-live", "open")
        expect(page.locator("[data-countdown]")).to_contain_text(":")
    assert alice_page.url != bob_page.url
    expect(host.locator(f"#live-status-{session.pk}")).to_contain_text("Breakout rooms are open")

    # The host's message reaches every room at once.
    host.get_by_label("Message", exact=True).fill("Two minutes per question, then swap.")
    host.get_by_role("button", name="Send to all rooms").click()
    expect(bob_page.locator("[data-announcement]")).to_contain_text("Two minutes per question")

    # Bob asks for help: the host's queue shows it live.
    bob_page.get_by_role("button", name="Ask for help").click()
    expect(host.locator(".live-help")).to_contain_text("Bob Baptiste")
    screenshot(host, "host-desktop")
    screenshot(alice_page, "room-desktop")
    screenshot(bob_page, "room-phone")

    # The timer runs out (brought forward to a few seconds): the students' own pages
    # count down, ask the server, and everyone is back in the lobby.
    LiveSession.objects.filter(pk=session.pk).update(
        rooms_close_at=timezone.now() + timedelta(seconds=3)
    )
    send_now((session_group(session.pk), {"type": "live.changed", "returned": False}))
    expect(alice_page).to_have_url(re.compile(f"{lobby}$"), timeout=15_000)
    expect(bob_page).to_have_url(re.compile(f"{lobby}$"), timeout=15_000)
    expect(alice_page.locator(f"#live-status-{session.pk}")).to_contain_text("Lobby")
    expect(host.locator(f"#live-rooms-{session.pk}")).to_contain_text("(closed)")
    screenshot(bob_page, "back-in-lobby-phone")
    screenshot(host, "host-after-round-desktop")

    # The host ends the session: what the rooms made stays for the course to read.
    host.get_by_role("button", name="End the session").click()
    expect(host.get_by_role("heading", name="What the rooms made")).to_be_visible()
    expect(host.locator(".live-artefact")).to_have_count(2)
    bob_page.goto(f"/live/{session.pk}/artefacts/")
    expect(bob_page.locator(".live-artefact")).to_have_count(2)
    screenshot(host, "artefacts-desktop")
    screenshot(bob_page, "artefacts-phone")
    assert browser_errors == [], "\n".join(browser_errors)


@pytest.mark.django_db(transaction=True)
def test_a_room_lead_runs_the_rooms_board_and_a_participants_tools_follow_live(
    live_page, screenshot, browser_errors, instructor, alice, bob
):
    """Bob leads a breakout room where Alice sits: from the room page he makes its board
    read-only and stops her drawing; her toolbar follows at once, on a laptop and on a
    phone."""
    from groups.live import actions

    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Autumn 2027"
    )
    for person in (alice, bob):
        course_actions.enrol_with_code(person, course.join_code)
    session = actions.create_session(instructor, course, title="Week 4 workshop", start=True)
    (room,) = actions.set_up_rooms(instructor, session, count=1, mode="manual", names=["Proofs"])
    actions.open_rooms(instructor, session)
    actions.place_person(instructor, session, alice, room)
    actions.set_room_lead(instructor, room, bob)
    path = room.get_absolute_url()

    lead = live_page(bob, path, viewport={"width": 1280, "height": 800})
    student = live_page(alice, path, **PHONE)
    for page in (lead, student):
        expect(page.locator("[data-board]")).to_have_attribute("data-live", "open")
    expect(student.locator('[data-tool="pen"]')).to_be_enabled()
    expect(student.get_by_role("heading", name="Hosting")).to_have_count(0)
    hosting = lead.locator("section", has=lead.get_by_role("heading", name="Hosting"))
    expect(hosting).to_contain_text("Alice Ames")

    lead.get_by_role("button", name="Make the board read-only").click()
    expect(student.locator("[data-status]")).to_have_text("The board is read-only for now.")
    expect(student.locator('[data-tool="pen"]')).to_be_disabled()
    expect(lead.get_by_role("button", name="Let everyone draw")).to_be_visible()
    expect(lead.get_by_role("button", name="Pen")).to_be_enabled()  # the lead still draws
    hosting.scroll_into_view_if_needed()
    screenshot(lead, "lead-read-only-desktop")
    screenshot(student, "participant-read-only-phone")

    lead.get_by_role("button", name="Let everyone draw").click()
    expect(student.locator('[data-tool="pen"]')).to_be_enabled()
    lead.get_by_role("button", name="Stop drawing for Alice Ames").click()
    expect(lead.get_by_role("button", name="Allow drawing for Alice Ames")).to_be_visible()
    expect(student.locator("[data-status]")).to_have_text("You can look but not draw here.")
    expect(student.locator('[data-tool="pen"]')).to_be_disabled()
    lead.get_by_role("button", name="Allow drawing for Alice Ames").click()
    expect(student.locator('[data-tool="pen"]')).to_be_enabled()
    screenshot(lead, "lead-hosting-card-desktop")
    assert browser_errors == [], "\n".join(browser_errors)
