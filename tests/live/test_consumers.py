"""The session's socket (/ws/me/live/<id>/) and the rooms' boards (/ws/live/boards/<id>/)
on the real channel layer: people are taken into their rooms and back, the timer's
expiry returns everyone, a participant of room A cannot read or write room B's chat or
board by URL or by frame, and hostile frames get error frames and change nothing."""

import asyncio
import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from config.asgi import application
from groups.boards import actions as board_actions
from groups.live import actions
from groups.live.models import Participant

from .conftest import seat_room

pytestmark = [pytest.mark.django_db(transaction=True)]
TIMEOUT = 3
STROKE = {
    "kind": "add",
    "items": [
        {"id": "s1", "kind": "stroke", "color": "blue", "width": 3, "points": [[1, 1], [9, 9]]}
    ],
}


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


async def open_socket(user, path):
    headers = [(b"origin", b"http://localhost")]
    if user is not None:
        cookie = await database_sync_to_async(_session_cookie)(user)
        headers.append((b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=TIMEOUT)
    return communicator, connected, code


async def receive(communicator, kind):
    """The next frame of type `kind`, skipping the page socket's other chatter."""
    while True:
        frame = json.loads(await communicator.receive_from(timeout=TIMEOUT))
        if frame["type"] == kind:
            return frame
        if frame["type"] == "error" and kind != "error":
            raise AssertionError(f"expected {kind}, got {frame!r}")


async def state_where(communicator, check):
    """The first live_state frame for which `check(frame)` holds (renders coalesce)."""
    while True:
        frame = await receive(communicator, "live_state")
        if check(frame):
            return frame


async def join(user, session):
    communicator, connected, code = await open_socket(user, f"/ws/me/live/{session.pk}/")
    assert connected, code
    return communicator, await receive(communicator, "live_state")


def db(function, *args, **kwargs):
    return database_sync_to_async(function)(*args, **kwargs)


async def test_only_the_sessions_people_open_its_socket(lobby, alice, charlie):
    socket, state = await join(alice, lobby)
    assert state["room"] is None and state["status"] == "live" and not state["host"]
    assert f'id="live-status-{lobby.pk}"' in state["html"]
    await socket.disconnect()
    for person, code in ((charlie, 4403), (None, 4401)):
        _, connected, close_code = await open_socket(person, f"/ws/me/live/{lobby.pk}/")
        assert (connected, close_code) == (False, code)
    _, connected, close_code = await open_socket(alice, f"/ws/me/live/{lobby.pk + 999}/")
    assert (connected, close_code) == (False, 4403)


async def test_presence_counts_open_pages_and_the_host_sees_people_arrive(lobby, instructor, alice):
    await db(actions.join_session, instructor, lobby)
    host, _ = await join(instructor, lobby)
    alice_socket, _ = await join(alice, lobby)
    frame = await state_where(host, lambda f: "here: </span>Alice Ames" in f["html"])
    assert "Alice Ames" in frame["html"]
    assert (await db(Participant.objects.get, user=alice)).sockets == 1
    await alice_socket.disconnect()
    await state_where(host, lambda f: "here: </span>Alice Ames" not in f["html"])
    assert (await db(Participant.objects.get, user=alice)).sockets == 0
    await host.disconnect()


async def test_opening_rooms_takes_people_in_and_the_timer_brings_everyone_back(
    lobby, instructor, alice, bob, mallory
):
    sockets = {}
    for person in (alice, bob, mallory):
        sockets[person.pk], _ = await join(person, lobby)
    await db(actions.set_up_rooms, instructor, lobby, count=2, mode="random")
    await db(actions.open_rooms, instructor, lobby, minutes=3)
    placed = {}
    for person in (alice, bob, mallory):
        frame = await state_where(sockets[person.pk], lambda f: f["room"] is not None)
        room = await db(seat_room, lobby, person)
        assert frame["room"] == {"id": room.pk, "url": f"/live/rooms/{room.pk}/", "name": room.name}
        assert 170 <= frame["seconds_left"] <= 180 and frame["rooms_open"]
        placed[person.pk] = room
    await lobby.arefresh_from_db()
    # The one-minute warning, then expiry: everyone is returned to the lobby.
    await db(actions.run_timer, lobby.pk, lobby.rooms_close_at - timedelta(seconds=59))
    for person in (alice, bob, mallory):
        assert "close_at" in await receive(sockets[person.pk], "live_warning")
    await db(actions.run_timer, lobby.pk, lobby.rooms_close_at + timedelta(seconds=1))
    for person in (alice, bob, mallory):
        frame = await state_where(sockets[person.pk], lambda f: f["room"] is None)
        assert frame["returned"] and not frame["rooms_open"]
    for socket in sockets.values():
        await socket.disconnect()


async def test_a_page_whose_countdown_ran_out_closes_only_rooms_that_are_due(
    lobby, instructor, alice
):
    await db(actions.set_up_rooms, instructor, lobby, count=1, mode="random")
    await db(actions.open_rooms, instructor, lobby, minutes=5)
    socket, _ = await join(alice, lobby)
    await socket.send_json_to({"type": "live_expired"})  # too early: the server's clock decides
    await asyncio.sleep(0.3)
    await lobby.arefresh_from_db()
    assert lobby.rooms_open
    from django.utils import timezone

    from groups.live.models import LiveSession

    await db(
        LiveSession.objects.filter(pk=lobby.pk).update,
        rooms_close_at=timezone.now() - timedelta(seconds=1),
    )
    await socket.send_json_to({"type": "live_expired"})
    frame = await state_where(socket, lambda f: not f["rooms_open"])
    assert frame["room"] is None and frame["returned"]
    await socket.disconnect()


async def test_a_move_by_the_host_reaches_the_moved_person(lobby, instructor, alice):
    first, second = await db(actions.set_up_rooms, instructor, lobby, count=2, mode="manual")
    await db(actions.open_rooms, instructor, lobby)
    socket, _ = await join(alice, lobby)
    await db(actions.place_person, instructor, lobby, alice, first)
    assert (await state_where(socket, lambda f: f["room"] is not None))["room"]["id"] == first.pk
    host, _ = await join(instructor, lobby)
    await host.send_json_to({"type": "live_move", "user": alice.pk, "room": second.pk})
    frame = await state_where(socket, lambda f: f["room"] and f["room"]["id"] == second.pk)
    assert frame["room"]["name"] == "Room 2"
    await socket.disconnect()
    await host.disconnect()


@pytest.mark.parametrize(
    "frame, code",
    [
        ({"type": "live_move", "user": "alice", "room": 1}, "invalid"),
        ({"type": "live_move", "user": 1, "room": -1}, "invalid"),
        ({"type": "live_choose", "room": "<script>"}, "invalid"),
        ({"type": "live_choose", "room": 10**9}, "invalid"),
        ({"type": "live_open_all_rooms"}, "unknown_type"),
        ({"type": "__init__"}, "unknown_type"),
        ({"type": ["live_help"]}, "malformed"),
    ],
)
async def test_hostile_frames_get_error_frames_and_change_nothing(
    lobby, instructor, mallory, frame, code
):
    await db(actions.set_up_rooms, instructor, lobby, count=2, mode="manual")
    await db(actions.open_rooms, instructor, lobby)
    socket, _ = await join(mallory, lobby)
    await socket.send_json_to(frame)
    assert (await receive(socket, "error"))["code"] == code
    await socket.send_to(text_data="{" * 40)
    assert (await receive(socket, "error"))["code"] == "malformed"
    await socket.send_to(text_data="x" * 20000)
    assert (await receive(socket, "error"))["code"] == "too_large"
    assert await db(seat_room, lobby, mallory) is None
    await socket.disconnect()


async def test_a_participant_cannot_move_anyone_or_choose_by_frame(
    lobby, instructor, alice, mallory
):
    first, second = await db(actions.set_up_rooms, instructor, lobby, count=2, mode="manual")
    await db(actions.open_rooms, instructor, lobby)
    await db(actions.place_person, instructor, lobby, alice, first)
    socket, _ = await join(mallory, lobby)
    for frame in (
        {"type": "live_move", "user": alice.pk, "room": second.pk},
        {"type": "live_move", "user": mallory.pk, "room": first.pk},
        {"type": "live_move", "user": alice.pk, "room": 0},
        {"type": "live_choose", "room": first.pk},
    ):
        await socket.send_json_to(frame)
        assert (await receive(socket, "error"))["code"] == "forbidden"
    assert (await db(seat_room, lobby, alice)).pk == first.pk
    assert await db(seat_room, lobby, mallory) is None
    await socket.send_json_to({"type": "live_help"})
    frame = await state_where(socket, lambda f: "You asked for help" in f["html"])
    assert frame["room"] is None
    await socket.disconnect()


# Rooms' boards and chats --------------------------------------------------------------


async def board_socket(user, board):
    return await open_socket(user, f"/ws/live/boards/{board.pk}/")


async def test_room_a_cannot_read_or_write_room_bs_board(lobby, instructor, alice, bob):
    first, second = await db(actions.set_up_rooms, instructor, lobby, count=2, mode="manual")
    await db(actions.open_rooms, instructor, lobby)
    await db(actions.place_person, instructor, lobby, alice, first)
    await db(actions.place_person, instructor, lobby, bob, second)
    board_a = await db(actions.room_board, first)
    board_b = await db(actions.room_board, second)
    alice_a, connected, _ = await board_socket(alice, board_a)
    assert connected
    access = await receive(alice_a, "access")
    assert (access["can_draw"], access["read_only"], access["host"]) == (True, False, False)
    _, connected, code = await board_socket(alice, board_b)
    assert (connected, code) == (False, 4403)
    # Nor by the standing rooms' route, which knows no breakout boards.
    _, connected, code = await open_socket(alice, f"/ws/boards/{board_b.pk}/")
    assert (connected, code) == (False, 4403)
    await alice_a.send_json_to({"type": "op", "client_id": "a-1", "op": STROKE})
    assert (await receive(alice_a, "op"))["op"]["seq"] == 1
    assert (await db(board_actions.board_state, board_b)) == ([], 0)
    host_b, connected, _ = await board_socket(instructor, board_b)
    assert connected and (await receive(host_b, "access"))["host"] is True
    await host_b.disconnect()
    await alice_a.disconnect()


async def test_a_moved_person_loses_the_old_rooms_board_and_chat_at_once(lobby, instructor, alice):
    first, second = await db(actions.set_up_rooms, instructor, lobby, count=2, mode="manual")
    await db(actions.open_rooms, instructor, lobby)
    await db(actions.place_person, instructor, lobby, alice, first)
    board_a = await db(actions.room_board, first)
    chat_a = await db(actions.room_channel, first)
    chat_b = await db(actions.room_channel, second)
    board, _, _ = await board_socket(alice, board_a)
    await receive(board, "access")
    chat, connected, _ = await open_socket(alice, f"/ws/me/channels/{chat_a.pk}/")
    assert connected
    _, connected, code = await open_socket(alice, f"/ws/me/channels/{chat_b.pk}/")
    assert (connected, code) == (False, 4403)
    await db(actions.place_person, instructor, lobby, alice, second)
    await receive(board, "revoked")
    assert (await board.receive_output(timeout=TIMEOUT))["code"] == 4403
    await receive(chat, "revoked")
    # Posting to the old room's chat by frame on a fresh socket is refused at the door.
    _, connected, code = await open_socket(alice, f"/ws/me/channels/{chat_a.pk}/")
    assert (connected, code) == (False, 4403)


async def test_when_the_rooms_close_their_boards_turn_read_only_live(lobby, instructor, alice):
    first, _ = await db(actions.set_up_rooms, instructor, lobby, count=2, mode="manual")
    await db(actions.open_rooms, instructor, lobby)
    await db(actions.place_person, instructor, lobby, alice, first)
    board, _, _ = await board_socket(alice, await db(actions.room_board, first))
    await receive(board, "access")
    await db(actions.close_rooms, instructor, lobby)
    access = await receive(board, "access")
    assert (access["can_draw"], access["read_only"]) == (False, True)
    await board.send_json_to({"type": "op", "client_id": "late", "op": STROKE})
    error = await receive(board, "error")
    assert (error["code"], error["client_id"]) == ("archived", "late")
    await board.disconnect()
