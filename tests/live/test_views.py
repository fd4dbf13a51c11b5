"""The session pages without JavaScript (plain form posts) and with htmx: who sees what,
the same 404 for outsiders and for controls a participant may not use, and hostile
input answered with a message, not a crash."""

import pytest
from django.test import Client
from django.urls import reverse

from groups.live import actions
from groups.live.models import LiveSession, Room, Seat

from .conftest import seat_room

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_course_page_offers_staff_a_session_and_shows_running_ones(
    course, instructor, alice, session
):
    page = client_for(instructor).get(reverse("courses:detail", args=[course.pk]))
    assert b"Start or prepare a live session" in page.content
    page = client_for(alice).get(reverse("courses:detail", args=[course.pk]))
    assert b"Week 3 workshop" in page.content and b"live now" in page.content
    assert b"Start or prepare" not in page.content


def test_staff_create_a_session_from_the_form(course, instructor):
    client = client_for(instructor)
    url = reverse("live:new") + f"?course={course.pk}"
    assert client.get(url).status_code == 200
    answer = client.post(
        reverse("live:new"),
        {
            "course": course.pk,
            "title": "Office hour",
            "call_link": "javascript:alert(1)",
            "start": "on",
        },
    )
    assert answer.status_code == 200 and not LiveSession.objects.exists()
    answer = client.post(
        reverse("live:new"),
        {"course": course.pk, "title": "Office hour", "call_link": "https://meet.test/a"},
    )
    session = LiveSession.objects.get()
    assert answer.url == f"/live/{session.pk}/" and session.status == "prepared"


def test_students_and_outsiders_cannot_open_the_form(course, alice, charlie):
    for person in (alice, charlie):
        url = reverse("live:new") + f"?course={course.pk}"
        assert client_for(person).get(url).status_code == 404
    assert client_for(alice).get(reverse("live:new") + "?course=abc").status_code == 404
    assert client_for(alice).get(reverse("live:new")).status_code == 404


def test_the_lobby_lets_people_in_and_outsiders_get_the_404_of_nothing(
    session, alice, charlie, instructor
):
    page = client_for(alice).get(reverse("live:lobby", args=[session.pk]))
    assert page.status_code == 200
    assert b"Wait here: the host opens the breakout rooms." in page.content
    assert session.participants.filter(user=alice).exists()
    missing = client_for(charlie).get(reverse("live:lobby", args=[session.pk + 1000]))
    hidden = client_for(charlie).get(reverse("live:lobby", args=[session.pk]))
    assert missing.status_code == hidden.status_code == 404
    host_page = client_for(instructor).get(reverse("live:lobby", args=[session.pk]))
    assert b"Set up rooms" in host_page.content and b"Set up rooms" not in page.content


HOST_POSTS = [
    ("live:start", {}),
    ("live:end", {}),
    ("live:set_up_rooms", {"mode": "random", "count": 2}),
    ("live:open_rooms", {"minutes": 5}),
    ("live:extend", {"minutes": 5}),
    ("live:close_rooms", {}),
    ("live:announce", {"text": "hi"}),
    ("live:save_grouping", {"name": "Mine"}),
]


@pytest.mark.parametrize("name, data", HOST_POSTS)
def test_host_controls_are_404_for_participants_and_outsiders(lobby, mallory, charlie, name, data):
    for person in (mallory, charlie):
        answer = client_for(person).post(reverse(name, args=[lobby.pk]), data)
        assert answer.status_code == 404
    lobby.refresh_from_db()
    assert lobby.status == "live" and lobby.round == 0 and not lobby.announcement


def test_a_host_runs_a_round_with_plain_forms(lobby, instructor, alice, bob, mallory):
    client = client_for(instructor)
    answer = client.post(
        reverse("live:set_up_rooms", args=[lobby.pk]),
        {"mode": "mixed", "count": 2, "names": "Tables\n<i>Graphs</i>\n"},
    )
    assert answer.status_code == 302
    answer = client.post(reverse("live:open_rooms", args=[lobby.pk]), {"minutes": "15"})
    assert answer.status_code == 302
    assert Seat.objects.filter(session=lobby).count() == 3
    page = client.get(reverse("live:lobby", args=[lobby.pk]))
    assert b"&lt;i&gt;Graphs&lt;/i&gt;" in page.content and b"<i>Graphs" not in page.content
    room = seat_room(lobby, alice)
    alice_page = client_for(alice).get(reverse("live:lobby", args=[lobby.pk]))
    assert b"You are in <strong>" in alice_page.content
    assert room.get_absolute_url().encode() in alice_page.content
    client.post(reverse("live:announce", args=[lobby.pk]), {"text": "<b>Five</b> minutes"})
    alice_page = client_for(alice).get(reverse("live:room", args=[room.pk]))
    assert b"&lt;b&gt;Five&lt;/b&gt; minutes" in alice_page.content
    client.post(reverse("live:close_rooms", args=[lobby.pk]))
    lobby.refresh_from_db()
    assert not lobby.rooms_open


def test_htmx_controls_answer_the_fragment_or_the_refusal(lobby, instructor):
    client = client_for(instructor)
    headers = {"HTTP_HX_REQUEST": "true"}
    answer = client.post(
        reverse("live:set_up_rooms", args=[lobby.pk]), {"mode": "random", "count": 2}, **headers
    )
    assert answer.status_code == 200 and f'id="live-rooms-{lobby.pk}"'.encode() in answer.content
    answer = client.post(reverse("live:open_rooms", args=[lobby.pk]), {"minutes": "999"}, **headers)
    assert answer.status_code == 400 and b"Timer" in answer.content
    answer = client.post(reverse("live:extend", args=[lobby.pk]), {"minutes": "5"}, **headers)
    assert answer.status_code == 400 and b"not open" in answer.content


def test_a_participant_enters_their_room_only(lobby, instructor, alice, bob, charlie):
    first, second = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.place_person(instructor, lobby, alice, first)
    actions.place_person(instructor, lobby, bob, second)
    alice_client = client_for(alice)
    from lounge.actions import post_message

    post_message(alice, actions.room_channel(first), "Shall we start with *question 2*?")
    page = alice_client.get(reverse("live:room", args=[first.pk]))
    assert page.status_code == 200 and f"/ws/live/boards/{first.board.pk}/".encode() in page.content
    assert b"Shall we start with question 2?" in page.content  # the room chat's card
    for url in (
        reverse("live:room", args=[second.pk]),
        reverse("live:room_board_svg", args=[second.pk]),
        actions.room_channel(second).get_absolute_url(),
    ):
        assert alice_client.get(url).status_code == 404, url
    assert client_for(charlie).get(reverse("live:room", args=[first.pk])).status_code == 404
    assert client_for(instructor).get(reverse("live:room", args=[second.pk])).status_code == 200
    assert alice_client.get(reverse("live:artefacts", args=[lobby.pk])).status_code == 404
    svg = alice_client.get(reverse("live:room_board_svg", args=[first.pk]))
    assert svg["Content-Type"].startswith("image/svg+xml")


def test_participants_cannot_move_others_by_form(lobby, instructor, alice, mallory):
    first, second = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.place_person(instructor, lobby, alice, first)
    client = client_for(mallory)
    for data in (
        {"user": alice.pk, "room": second.pk},
        {"user": mallory.pk, "room": first.pk},
        {"user": alice.pk, "room": 0},
    ):
        client.post(reverse("live:place", args=[lobby.pk]), data)
    assert seat_room(lobby, alice) == first and seat_room(lobby, mallory) is None
    answer = client.post(reverse("live:choose", args=[lobby.pk, first.pk]))
    assert answer.status_code == 302 and seat_room(lobby, mallory) is None
    for data in ({"user": "x", "room": "1"}, {"user": 10**12, "room": 0}, {}):
        answer = client.post(reverse("live:place", args=[lobby.pk]), data)
        assert answer.status_code in (302, 404)


def test_asking_for_help_without_javascript(lobby, alice, instructor):
    answer = client_for(alice).post(reverse("live:help", args=[lobby.pk]))
    assert answer.status_code == 302
    page = client_for(instructor).get(reverse("live:lobby", args=[lobby.pk]))
    assert b"Asking for help" in page.content and b"Alice Ames" in page.content
    client_for(instructor).post(reverse("live:clear_help", args=[lobby.pk]), {"user": alice.pk})
    assert lobby.participants.get(user=alice).help_asked_at is None


def test_after_the_session_the_course_reads_every_rooms_board_and_chat(
    lobby, instructor, alice, bob, charlie
):
    from lounge import actions as lounge

    first, second = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.place_person(instructor, lobby, alice, first)
    actions.place_person(instructor, lobby, bob, second)
    lounge.post_message(
        bob, actions.room_channel(second), "We found **two** answers <script>x</script>"
    )
    client_for(instructor).post(reverse("live:end", args=[lobby.pk]))
    page = client_for(alice).get(reverse("live:artefacts", args=[lobby.pk]))
    assert page.status_code == 200
    assert b"<strong>two</strong>" in page.content and b"<script>x" not in page.content
    room_page = client_for(alice).get(reverse("live:room", args=[second.pk]))
    assert room_page.status_code == 200
    assert f"artefacts/#artefact-{second.pk}".encode() in room_page.content  # not bob's chat
    assert client_for(charlie).get(reverse("live:artefacts", args=[lobby.pk])).status_code == 404
    assert Room.objects.filter(closed_at__isnull=True).count() == 0


def test_a_study_groups_page_shows_its_sessions(alice, bob):
    from groups import actions as group_actions
    from tests.groups.conftest import build_group

    group = build_group(alice, name="Night owls")
    group_actions.join_group(bob, group)
    actions.create_session(alice, group, title="Exam prep", start=True)
    page = client_for(bob).get(reverse("groups:detail", args=[group.pk]))
    assert b"Exam prep" in page.content
    page = client_for(alice).get(reverse("groups:detail", args=[group.pk]))
    assert b"Start or prepare a live session" in page.content
