"""The board socket on the real channel layer (Redis when REDIS_URL is set): who may
open it and send on it, validation errors, operations reaching everyone in order,
undo, live read-only and drawing changes, leaving the group, late joiners, cursors and
flood throttling."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from config.asgi import application
from groups import actions as group_actions
from groups.boards import actions, consumers

from .conftest import add, note, stroke

pytestmark = [pytest.mark.django_db(transaction=True)]
TIMEOUT = 3


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


async def open_socket(user, board_id):
    headers = [(b"origin", b"http://localhost")]
    if user is not None:
        cookie = await database_sync_to_async(_session_cookie)(user)
        headers.append((b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, f"/ws/boards/{board_id}/", headers=headers)
    connected, code = await communicator.connect(timeout=TIMEOUT)
    return communicator, connected, code


async def receive(communicator, kind, skip=("cursor", "pong")):
    """The next frame of type `kind`, skipping others' cursors; an "op" frame's
    operation."""
    while True:
        frame = json.loads(await communicator.receive_from(timeout=TIMEOUT))
        if frame["type"] == kind:
            return frame["op"] if kind == "op" else frame
        if frame["type"] not in skip:
            raise AssertionError(f"expected {kind}, got {frame!r}")


async def join(user, board):
    communicator, connected, code = await open_socket(user, board.pk)
    assert connected, code
    access = await receive(communicator, "access")
    return communicator, access


async def nothing_more(communicator):
    assert await communicator.receive_nothing(timeout=0.2)


async def test_members_and_course_staff_open_it_outsiders_get_refused(
    board, alice, bob, instructor, charlie, mallory
):
    for person, host in ((alice, True), (bob, False), (instructor, True)):
        communicator, access = await join(person, board)
        assert access == {"type": "access", "read_only": False, "can_draw": True, "host": host}
        await communicator.disconnect()
    for person in (charlie, mallory, None):
        _, connected, code = await open_socket(person, board.pk)
        assert not connected
        assert code == (4401 if person is None else 4403)
    _, connected, code = await open_socket(alice, board.pk + 1000)
    assert (connected, code) == (False, 4403)


async def test_operations_reach_everyone_in_order_with_their_numbers(board, alice, bob):
    alice_socket, _ = await join(alice, board)
    bob_socket, _ = await join(bob, board)
    await alice_socket.send_json_to({"type": "op", "client_id": "a-1", "op": add(stroke("a"))})
    for socket in (alice_socket, bob_socket):
        frame = await receive(socket, "op")
        assert (frame["seq"], frame["kind"], frame["client_id"]) == (1, "add", "a-1")
        assert frame["items"][0]["points"] == [[10.0, 10.0], [20.0, 25.0], [40.0, 30.0]]
    await bob_socket.send_json_to({"type": "op", "client_id": "b-1", "op": add(note("n"))})
    assert (await receive(alice_socket, "op"))["seq"] == 2
    assert (await receive(bob_socket, "op"))["client_id"] == "b-1"
    await alice_socket.send_json_to({"type": "undo", "client_id": "a-2"})
    undone = await receive(bob_socket, "op")
    assert (undone["seq"], undone["kind"], undone["ids"], undone["origin"]) == (
        3,
        "delete",
        ["a"],
        "undo",
    )
    await alice_socket.disconnect()
    await bob_socket.disconnect()


@pytest.mark.parametrize(
    "frame, code",
    [
        (
            {"type": "op", "client_id": "x", "op": add(stroke(color="red; fill: url(evil)"))},
            "invalid",
        ),
        ({"type": "op", "client_id": "x", "op": add(stroke(points=[(9e9, 1)]))}, "invalid"),
        ({"type": "op", "client_id": "x", "op": "add"}, "invalid"),
        ({"type": "op", "client_id": "<b>", "op": add(stroke())}, "invalid"),
        ({"type": "op", "op": {"kind": "update", "items": [stroke("ghost")]}}, "gone"),
        ({"type": "op", "op": {"kind": "clear"}}, "forbidden"),
        ({"type": "redo"}, "nothing_to_redo"),
        ({"type": "cursor", "x": -5, "y": 10}, "invalid"),
        ({"type": "resume", "after": "soon"}, "invalid"),
        ({"type": "draw_everything"}, "unknown_type"),
    ],
)
async def test_bad_frames_get_error_frames_and_change_nothing(board, bob, frame, code):
    socket, _ = await join(bob, board)
    await socket.send_json_to(frame)
    error = await receive(socket, "error")
    assert error["code"] == code
    await socket.send_to(text_data="x" * 20000)
    assert (await receive(socket, "error"))["code"] == "too_large"
    await nothing_more(socket)
    assert await database_sync_to_async(actions.board_state)(board) == ([], 0)
    await socket.disconnect()


async def test_read_only_is_toggled_live(board, alice, bob):
    alice_socket, _ = await join(alice, board)
    bob_socket, _ = await join(bob, board)
    await database_sync_to_async(actions.set_read_only)(alice, board, True)
    assert (await receive(bob_socket, "access"))["can_draw"] is False
    host = await receive(alice_socket, "access")
    assert (host["read_only"], host["can_draw"]) == (True, True)

    await bob_socket.send_json_to({"type": "op", "client_id": "b-1", "op": add(stroke("b"))})
    error = await receive(bob_socket, "error")
    assert (error["code"], error["client_id"]) == ("read_only", "b-1")
    await alice_socket.send_json_to({"type": "op", "client_id": "a-1", "op": add(stroke("a"))})
    assert (await receive(bob_socket, "op"))["items"][0]["id"] == "a"

    await database_sync_to_async(actions.set_read_only)(alice, board, False)
    assert (await receive(bob_socket, "access"))["can_draw"] is True
    await bob_socket.send_json_to({"type": "op", "client_id": "b-2", "op": add(stroke("b"))})
    assert (await receive(bob_socket, "op"))["client_id"] == "b-2"
    await alice_socket.disconnect()
    await bob_socket.disconnect()


async def test_revoking_one_persons_drawing_reaches_only_them(board, alice, bob, instructor):
    bob_socket, _ = await join(bob, board)
    staff_socket, _ = await join(instructor, board)
    await database_sync_to_async(actions.set_drawing)(alice, board, bob, False)
    assert (await receive(bob_socket, "access"))["can_draw"] is False
    await nothing_more(staff_socket)
    await bob_socket.send_json_to({"type": "undo"})
    assert (await receive(bob_socket, "error"))["code"] == "drawing_revoked"
    await bob_socket.disconnect()
    await staff_socket.disconnect()


async def test_leaving_the_group_closes_the_socket(board, group, bob):
    socket, _ = await join(bob, board)
    await database_sync_to_async(group_actions.leave_group)(bob, group)
    assert (await receive(socket, "revoked"))["type"] == "revoked"
    assert (await socket.receive_output(timeout=TIMEOUT))["code"] == 4403


async def test_a_member_removed_while_the_event_is_lost_is_refused_on_the_next_frame(
    board, group, alice, bob, monkeypatch
):
    socket, _ = await join(bob, board)
    monkeypatch.setattr(
        "groups.boards.realtime.room_access_changed", lambda group, user_id=None: None
    )
    await database_sync_to_async(group_actions.remove_member)(alice, group, bob)
    await socket.send_json_to({"type": "op", "client_id": "b", "op": add(stroke("b"))})
    assert (await receive(socket, "revoked"))["type"] == "revoked"
    assert await database_sync_to_async(actions.board_state)(board) == ([], 0)


async def test_a_late_joiner_resumes_to_the_live_state(board, alice, bob):
    live, _ = await join(alice, board)
    ops = [
        add(stroke("a")),
        add(note("n")),
        {"kind": "update", "items": [note("n", text="moved", x=400)]},
        add(stroke("b"), stroke("c")),
        {"kind": "delete", "ids": ["a"]},
    ]
    state = {}
    for i, op in enumerate(ops):
        await live.send_json_to({"type": "op", "client_id": f"c{i}", "op": op})
        frame = await receive(live, "op")
        if frame["kind"] == "delete":
            for item_id in frame["ids"]:
                state.pop(item_id)
        else:
            state.update({item["id"]: item for item in frame["items"]})
    await database_sync_to_async(actions.compact_board)(board)
    await live.send_json_to({"type": "undo"})
    frame = await receive(live, "op")
    state.update({item["id"]: item for item in frame["items"]})

    # What the page renders on load, then the socket's resume from that number
    items, seq = await database_sync_to_async(actions.board_state)(board)
    assert {item["id"]: item for item in items} == state
    late, _ = await join(bob, board)
    await late.send_json_to({"type": "resume", "after": seq})
    assert (await receive(late, "ops"))["ops"] == []
    await late.send_json_to({"type": "resume", "after": 2})
    resumed = await receive(late, "ops")
    assert [op["seq"] for op in resumed["ops"]] == list(range(3, seq + 1))
    await late.send_json_to({"type": "resume", "after": 0})
    assert [op["seq"] for op in (await receive(late, "ops"))["ops"]] == list(range(1, seq + 1))
    await live.disconnect()
    await late.disconnect()


async def test_a_page_too_far_behind_gets_the_whole_state(board, bob, monkeypatch):
    monkeypatch.setattr(consumers, "RESUME_LIMIT", 2)
    for i in range(4):
        await database_sync_to_async(actions.apply_operation)(bob, board, add(stroke(f"s{i}")))
    socket, _ = await join(bob, board)
    await socket.send_json_to({"type": "resume", "after": 0})
    frame = await receive(socket, "state")
    assert frame["seq"] == 4 and [i["id"] for i in frame["items"]] == ["s0", "s1", "s2", "s3"]
    await socket.disconnect()


async def test_cursors_carry_names_to_the_others_and_go_away(board, alice, bob):
    alice_socket, _ = await join(alice, board)
    bob_socket, _ = await join(bob, board)
    await bob_socket.send_json_to({"type": "cursor", "x": 300, "y": 200})
    # A second cursor within the interval is dropped
    await bob_socket.send_json_to({"type": "cursor", "x": 301, "y": 200})
    frame = await receive(alice_socket, "cursor", skip=())
    assert frame == {
        "type": "cursor",
        "user": bob.pk,
        "name": "Bob Baptiste",
        "x": 300,
        "y": 200,
    }
    await nothing_more(alice_socket)
    await nothing_more(bob_socket)  # nobody sees their own cursor
    await bob_socket.disconnect()
    assert (await receive(alice_socket, "cursor", skip=()))["gone"] is True
    await alice_socket.disconnect()


async def test_a_flood_is_throttled_without_slowing_the_others(
    board, alice, mallory, group, bob, monkeypatch
):
    # Limits below what this machine's database keeps up with, so the bucket empties
    # however slowly each refused frame's neighbours are stored.
    monkeypatch.setattr(consumers, "OPERATIONS_PER_SECOND", 10)
    monkeypatch.setattr(consumers, "OPERATION_BURST", 20)
    await database_sync_to_async(group_actions.join_group)(mallory, group)
    flooder, _ = await join(mallory, board)
    other, _ = await join(alice, board)
    sent = consumers.OPERATION_BURST + 120
    started = asyncio.get_running_loop().time()
    for i in range(sent):
        await flooder.send_json_to({"type": "op", "client_id": f"m{i}", "op": add(stroke(f"m{i}"))})
    await other.send_json_to({"type": "op", "client_id": "alice", "op": add(stroke("alice"))})
    # alice's operation arrives while the flood is still being refused
    while True:
        frame = await receive(other, "op")
        if frame["client_id"] == "alice":
            break
    assert asyncio.get_running_loop().time() - started < 1
    accepted = refused = 0
    while accepted + refused < sent:
        frame = json.loads(await flooder.receive_from(timeout=TIMEOUT))
        if frame["type"] == "error":
            assert frame["code"] == "rate_limited" and frame["retry_after_ms"] >= 1
            refused += 1
        elif frame["type"] == "op" and frame["op"]["author"] == mallory.pk:
            accepted += 1
    elapsed = asyncio.get_running_loop().time() - started
    assert refused > 0
    assert accepted <= consumers.OPERATION_BURST + consumers.OPERATIONS_PER_SECOND * (elapsed + 1)
    await flooder.disconnect()
    await other.disconnect()
