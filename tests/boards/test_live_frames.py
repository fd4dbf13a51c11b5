"""The board socket's unstored frames, on the real channel layer: a shape while it is
being drawn (preview), a host's view for those following it; who may send them, their
validation and throttling; and a late joiner's board equal to the live one after
compaction, with and without this process's cached state."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache as django_cache

from groups import actions as group_actions
from groups.boards import actions, cache, consumers, items
from groups.boards.models import Operation

from .conftest import add, note, stroke
from .test_consumers import TIMEOUT, join, nothing_more, receive

pytestmark = [pytest.mark.django_db(transaction=True)]


def pen(item_id="p1", points=((10, 10, 0.2), (20, 25, 0.6))):
    return {
        "id": item_id,
        "kind": "stroke",
        "color": "red",
        "width": 6,
        "points": [list(p) for p in points],
    }


@pytest.fixture(autouse=True)
def _fresh_view():
    django_cache.clear()
    yield
    django_cache.clear()


async def test_a_shape_being_drawn_reaches_the_others_and_is_never_stored(board, alice, bob):
    drawer, _ = await join(bob, board)
    watcher, _ = await join(alice, board)
    await drawer.send_json_to({"type": "preview", "item": pen(), "start": 0})
    frame = await receive(watcher, "preview")
    assert frame == {
        "type": "preview",
        "user": bob.pk,
        "item": items.clean_item(pen()),
        "start": 0,
    }
    assert frame["item"]["color"] == "#c0392b"
    # The next piece of the stroke carries only its new points.
    more = pen(points=[(30, 28, 0.9)])
    await drawer.send_json_to({"type": "preview", "item": more, "start": 2})
    frame = await receive(watcher, "preview")
    assert (frame["start"], frame["item"]["points"]) == (2, [[30.0, 28.0, 0.9]])
    # Shapes other than strokes are sent whole.
    box = {"id": "r1", "kind": "rect", "color": "blue", "width": 3, "x": 5, "y": 5, "w": 50}
    await drawer.send_json_to({"type": "preview", "item": {**box, "h": 40}, "start": 0})
    assert (await receive(watcher, "preview"))["item"]["h"] == 40.0
    # Abandoned: the others drop it.
    await drawer.send_json_to({"type": "preview", "id": "r1", "end": True})
    assert await receive(watcher, "preview") == {
        "type": "preview",
        "user": bob.pk,
        "id": "r1",
        "end": True,
    }
    await nothing_more(drawer)  # nobody hears their own previews
    assert await database_sync_to_async(Operation.objects.count)() == 0
    # Finished: the stroke is added as an operation with the preview's id.
    finished = pen(points=[(10, 10, 0.2), (20, 25, 0.6), (30, 28, 0.9)])
    await drawer.send_json_to({"type": "op", "client_id": "c1", "op": add(finished)})
    assert (await receive(watcher, "op"))["items"][0]["id"] == "p1"
    await drawer.disconnect()
    await watcher.disconnect()


async def test_items_being_moved_reach_the_others_until_let_go(board, alice, bob):
    await database_sync_to_async(actions.apply_operation)(bob, board, add(note("n"), pen("p")))
    mover, _ = await join(bob, board)
    watcher, _ = await join(alice, board)
    moved = [note("n", x=300), pen("p", points=[(110, 110, 0.2), (120, 125, 0.6)])]
    await mover.send_json_to({"type": "preview", "items": moved})
    frame = await receive(watcher, "preview")
    assert frame["items"] == [items.clean_item(item) for item in moved]
    await mover.send_json_to({"type": "preview", "id": "moving", "end": True})
    assert (await receive(watcher, "preview"))["end"] is True
    for bad in ([], [note("n")] * (items.MAX_ITEMS_PER_OPERATION + 1), [{"kind": "rect"}], "n"):
        await mover.send_json_to({"type": "preview", "items": bad})
        assert (await receive(mover, "error"))["code"] == "invalid"
    await nothing_more(watcher)
    assert await database_sync_to_async(actions.board_state)(board) == (
        [items.clean_item(note("n")), items.clean_item(pen("p"))],
        1,
    )
    await mover.disconnect()
    await watcher.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "preview", "item": note(), "start": 0},  # typed in a dialog, not drawn
        {"type": "preview", "item": "stroke", "start": 0},
        {"type": "preview", "item": pen(points=[(10, 10, 1.5)]), "start": 0},
        {"type": "preview", "item": pen(points=[(10, 10, "hard")]), "start": 0},
        {"type": "preview", "item": pen(points=[(-3, 10)]), "start": 0},
        {"type": "preview", "item": {**pen(), "color": "url(javascript:alert(1))"}, "start": 0},
        {"type": "preview", "item": {**pen(), "id": "<img src=x>"}, "start": 0},
        {"type": "preview", "item": pen(), "start": items.MAX_POINTS},
        {"type": "preview", "item": pen(), "start": -1},
        {
            "type": "preview",
            "item": {
                "id": "l",
                "kind": "line",
                "color": "red",
                "width": 2,
                "points": [[1, 1], [5, 5]],
            },
            "start": 5,
        },
        {"type": "preview", "end": True},
    ],
)
async def test_bad_previews_get_error_frames_and_reach_nobody(board, alice, bob, frame):
    drawer, _ = await join(bob, board)
    watcher, _ = await join(alice, board)
    await drawer.send_json_to(frame)
    assert (await receive(drawer, "error"))["code"] == "invalid"
    await nothing_more(watcher)
    await drawer.disconnect()
    await watcher.disconnect()


async def test_previews_from_someone_who_may_not_draw_are_refused_live(board, alice, bob):
    drawer, _ = await join(bob, board)
    watcher, _ = await join(alice, board)
    await database_sync_to_async(actions.set_read_only)(alice, board, True)
    assert (await receive(drawer, "access"))["can_draw"] is False
    await receive(watcher, "access")
    await drawer.send_json_to({"type": "preview", "item": pen(), "start": 0})
    assert (await receive(drawer, "error"))["code"] == "read_only"
    await database_sync_to_async(actions.set_read_only)(alice, board, False)
    await database_sync_to_async(actions.set_drawing)(alice, board, bob, False)
    await receive(drawer, "access")
    assert (await receive(drawer, "access"))["can_draw"] is False
    await drawer.send_json_to({"type": "preview", "item": pen(), "start": 0})
    assert (await receive(drawer, "error"))["code"] == "drawing_revoked"
    await receive(watcher, "access")
    await nothing_more(watcher)
    # Taking away a shape begun before is still allowed.
    await drawer.send_json_to({"type": "preview", "id": "p1", "end": True})
    assert (await receive(watcher, "preview"))["end"] is True
    # Allowed again: the next preview goes through, without a reload.
    await database_sync_to_async(actions.set_drawing)(alice, board, bob, True)
    assert (await receive(drawer, "access"))["can_draw"] is True
    await drawer.send_json_to({"type": "preview", "item": pen(), "start": 0})
    assert (await receive(watcher, "preview"))["user"] == bob.pk
    await drawer.disconnect()
    await watcher.disconnect()


async def test_a_preview_flood_is_dropped_without_slowing_the_others(
    board, alice, bob, mallory, group
):
    await database_sync_to_async(group_actions.join_group)(mallory, group)
    flooder, _ = await join(mallory, board)
    drawer, _ = await join(bob, board)
    watcher, _ = await join(alice, board)
    sent = 400
    started = asyncio.get_running_loop().time()
    for i in range(sent):
        await flooder.send_json_to({"type": "preview", "item": pen(f"m{i}"), "start": 0})
    await drawer.send_json_to({"type": "preview", "item": pen("bob"), "start": 0})
    await drawer.send_json_to({"type": "op", "client_id": "b1", "op": add(stroke("b"))})
    passed = 0
    while True:
        frame = json.loads(await watcher.receive_from(timeout=TIMEOUT))
        if frame["type"] == "preview" and frame["user"] == mallory.pk:
            passed += 1
        elif frame["type"] == "op":
            break
    # Bob's operation is not held up behind the flood, and most of it was dropped.
    elapsed = asyncio.get_running_loop().time() - started
    assert elapsed < 3
    assert passed <= consumers.PREVIEW_BURST + consumers.PREVIEWS_PER_SECOND * (elapsed + 0.5)
    assert passed < sent / 4
    await flooder.disconnect()
    await drawer.disconnect()
    await watcher.disconnect()


async def test_a_hosts_view_reaches_the_others_and_a_page_that_opens_later(
    board, alice, bob, instructor
):
    host, _ = await join(alice, board)
    member, _ = await join(bob, board)
    await host.send_json_to({"type": "view", "x": 400, "y": 250, "w": 800, "h": 500})
    view = {"user": alice.pk, "name": "Alice Ames", "x": 400, "y": 250, "w": 800, "h": 500}
    assert await receive(member, "view") == {"type": "view", **view}
    await nothing_more(host)
    # A page opened later gets the last view with its access.
    late, _ = await join(instructor, board)
    assert await receive(late, "view") == {"type": "view", **view}
    # The host leaves: the others hear it, and a page opened afterwards gets no view.
    await host.disconnect()
    assert (await receive(member, "cursor", skip=()))["gone"] is True
    again, _ = await join(bob, board)
    await nothing_more(again)
    for socket in (member, late, again):
        await socket.disconnect()


@pytest.mark.parametrize(
    "frame, code",
    [
        ({"type": "view", "x": 1500, "y": 0, "w": 800, "h": 500}, "invalid"),
        ({"type": "view", "x": -1, "y": 0, "w": 800, "h": 500}, "invalid"),
        ({"type": "view", "x": 0, "y": 0, "w": 0, "h": 500}, "invalid"),
        ({"type": "view", "x": "<b>", "y": 0, "w": 800, "h": 500}, "invalid"),
        ({"type": "view", "x": 0, "y": 0}, "invalid"),
    ],
)
async def test_bad_views_get_error_frames(board, alice, bob, frame, code):
    host, _ = await join(alice, board)
    member, _ = await join(bob, board)
    await host.send_json_to(frame)
    assert (await receive(host, "error"))["code"] == code
    await nothing_more(member)
    await host.disconnect()
    await member.disconnect()


async def test_only_hosts_share_their_view(board, alice, bob):
    host, _ = await join(alice, board)
    member, _ = await join(bob, board)
    await member.send_json_to({"type": "view", "x": 0, "y": 0, "w": 800, "h": 500})
    assert (await receive(member, "error"))["code"] == "forbidden"
    await nothing_more(host)
    assert await database_sync_to_async(django_cache.get)(consumers.view_key(board.pk)) is None
    await host.disconnect()
    await member.disconnect()


async def test_a_late_joiner_sees_the_live_board_after_compaction(board, alice, bob, monkeypatch):
    monkeypatch.setattr(actions, "COMPACT_EVERY", 4)
    live, _ = await join(alice, board)
    other, _ = await join(bob, board)
    state = {}

    def follow(frame):
        if frame["kind"] == "delete":
            for item_id in frame["ids"]:
                state.pop(item_id)
        elif frame["kind"] == "clear":
            state.clear()
        else:
            state.update({item["id"]: item for item in frame["items"]})

    ops = [
        add(pen("a")),
        add(note("n")),
        {"kind": "update", "items": [note("n", text="moved", x=400)]},
        add(stroke("b"), stroke("c")),
        {"kind": "delete", "ids": ["a"]},
        add(note("m", text="<script>alert(1)</script>")),
        {"kind": "update", "items": [stroke("b", points=[(100, 100), (200, 150)])]},
    ]
    for i, op in enumerate(ops):
        socket = live if i % 2 else other
        await socket.send_json_to({"type": "op", "client_id": f"c{i}", "op": op})
        follow(await receive(live, "op"))
    await other.send_json_to({"type": "undo"})
    follow(await receive(live, "op"))
    row = await database_sync_to_async(type(board).objects.get)(pk=board.pk)
    assert row.snapshot_seq == 8 and row.last_seq == 8  # compacted twice on the way

    # A page opening now shows the live state, from the cache and from the snapshot.
    items_now, seq = await database_sync_to_async(actions.board_state)(board)
    assert {item["id"]: item for item in items_now} == state and seq == 8
    cache.clear()
    items_cold, seq_cold = await database_sync_to_async(actions.board_state)(board)
    assert items_cold == items_now and seq_cold == 8
    # And one that resumes from before the snapshot gets the operations since.
    late, _ = await join(bob, board)
    await late.send_json_to({"type": "resume", "after": 3})
    resumed = await receive(late, "ops")
    assert [op["seq"] for op in resumed["ops"]] == list(range(4, 9))
    for socket in (live, other, late):
        await socket.disconnect()
