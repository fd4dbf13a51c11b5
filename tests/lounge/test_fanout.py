"""What one message costs on the socket path, and what reaches each listener: the
sender's queries and thread hops, one delivery per recipient, presence frames that
grow with the room rather than its square, and a lost broadcast that makes pages
resume instead of leaving a silent gap."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lounge import actions
from tests.factories import UserFactory

from .test_consumers import _clean_presence, connect, drain, receive_json, send  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True)]
POST_QUERY_LIMIT = 6


async def test_a_post_costs_one_thread_hop_and_at_most_six_queries(social, alice, bob, monkeypatch):
    """Transaction control (BEGIN, COMMIT) aside: the channel row locked with every fact
    the checks need, the community settings, the sequence number, the row, the
    author's read marker."""
    ws, _ = await connect(alice, social)
    await send(ws, type="post", body="warm up", client_id="w")
    await receive_json(ws, "ack")
    await drain(ws)
    hops = []

    def counted(function):
        hops.append(getattr(function, "__name__", function))
        return database_sync_to_async(function)

    monkeypatch.setattr("core.consumers.database_sync_to_async", counted)
    monkeypatch.setattr("lounge.consumers.database_sync_to_async", counted)
    context = CaptureQueriesContext(connection)
    await database_sync_to_async(context.__enter__)()
    await send(ws, type="post", body="counted", client_id="c")
    await receive_json(ws, "ack")
    await database_sync_to_async(context.__exit__)(None, None, None)
    # The socket's queries run on its database thread: read them there.
    queries = await database_sync_to_async(lambda: context.captured_queries)()
    statements = [q["sql"] for q in queries if q["sql"] not in ("BEGIN", "COMMIT")]
    assert len(statements) <= POST_QUERY_LIMIT, statements
    assert hops == ["post_message"]
    await ws.disconnect()


async def test_events_and_frames_reach_handlers_without_a_database_hop(
    social, alice, bob, monkeypatch
):
    """Channels' per-handler aclose_old_connections() is skipped: handlers reach the
    database only through database_sync_to_async, which closes stale connections."""
    hops = []

    async def counted():
        hops.append(1)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    monkeypatch.setattr("core.consumers.aclose_old_connections", counted)
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    await send(alice_ws, type="post", body="hop-free", client_id="h")
    await receive_json(alice_ws, "ack")
    assert "hop-free" in (await receive_json(bob_ws, "message"))["html"]
    assert hops == []
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_a_channel_page_hears_each_message_once(social, group_chat, alice, bob):
    """The page's socket hears its own channel's rows on the channel group only (no
    activity event for it), while other channels still move its badges."""
    bob_ws, _ = await connect(bob, social)
    await drain(bob_ws)
    await database_sync_to_async(actions.post_message)(alice, social, "once only")
    frames = await drain(bob_ws)
    assert [f["type"] for f in frames] == ["message"]
    await database_sync_to_async(actions.post_message)(alice, group_chat, "elsewhere")
    frames = await drain(bob_ws)
    assert [f["type"] for f in frames] == ["swap"]
    assert f'id="badges-{group_chat.pk}"' in frames[0]["html"]
    await bob_ws.disconnect()


async def test_presence_frames_grow_linearly_when_a_room_connects(social, settings):
    """N sockets opening together cost O(N) presence frames (a snapshot each and a
    coalesced delta per interval), not one frame per pair of people."""
    settings.LOUNGE_PRESENCE_INTERVAL_SECONDS = 1.0
    size = 24

    def make_people():
        people = [UserFactory(username=f"p{n}") for n in range(size)]
        for person in people:
            actions.join_channel(person, social)
        return people

    people = await database_sync_to_async(make_people)()
    opened = await asyncio.gather(*(connect(p, social) for p in people))
    presence_frames = len(opened)  # the snapshots
    for ws, snapshot in opened:
        shown = dict(snapshot["users"])
        for frame in await drain(ws):
            if frame["type"] == "presence":
                presence_frames += 1
                shown.update(frame["users"])
        assert all(shown.get(str(p.pk)) == "online" for p in people)
    assert presence_frames <= 4 * size, presence_frames  # one per pair would be ~size²/2
    for ws, _ in opened:
        await ws.disconnect()


async def test_a_lost_broadcast_tells_the_channel_pages_to_resume(social, alice, bob, monkeypatch):
    """A row whose group_send failed (a busy layer, a timeout) is not silently lost:
    its channel's pages get a `resume` frame and fetch it."""
    from core import realtime as core_realtime

    bob_ws, _ = await connect(bob, social)
    await drain(bob_ws)
    real_send = core_realtime.send

    async def busy_layer(group, event):
        if event.get("type") == "message.changed":
            return False  # what send() returns after its timeout
        return await real_send(group, event)

    monkeypatch.setattr(core_realtime, "send", busy_layer)
    await database_sync_to_async(actions.post_message)(alice, social, "lost in transit")
    hint = await receive_json(bob_ws, "resume")
    assert hint["seq"] == 1 and hint["channel"] == social.pk
    monkeypatch.setattr(core_realtime, "send", real_send)
    await send(bob_ws, type="resume", after=0)
    assert "lost in transit" in (await receive_json(bob_ws, "message"))["html"]
    await bob_ws.disconnect()
