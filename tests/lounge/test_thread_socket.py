"""Threads over the channel page's socket: a reply reaches the open pages marked with
its thread, the first message's row follows with the new count, resuming after a
reconnect brings thread replies too, and a thread of another channel is refused."""

import json

import pytest
from channels.db import database_sync_to_async

from lounge import actions
from lounge.models import Channel, Message

from .test_consumers import connect, drain, receive_fragment, receive_json, send

pytestmark = [pytest.mark.django_db(transaction=True)]


async def post(user, channel, body, **kwargs):
    message, _ = await database_sync_to_async(actions.post_message)(user, channel, body, **kwargs)
    return message


async def test_a_reply_arrives_with_its_thread_and_the_count_follows(social, alice, bob):
    root = await post(alice, social, "Study plan for the exam?")
    alice_ws, _ = await connect(alice, social)
    await send(
        alice_ws,
        type="post",
        body="Week by week",
        client_id="t1",
        thread_root=root.pk,
        also_in_channel=False,
    )
    ack = await receive_json(alice_ws, "ack")
    frames = [frame for frame in await drain(alice_ws) if frame["type"] == "message"]
    new = next(frame for frame in frames if frame["new"])
    assert new["id"] == ack["id"] and new["thread"] == root.pk and new["in_channel"] is False
    changed = next(frame for frame in frames if not frame["new"])
    assert changed["id"] == root.pk and changed["thread"] is None
    assert "1 reply" in changed["html"]
    await alice_ws.disconnect()


async def test_also_in_channel_is_marked_for_the_channel_list(social, alice, bob):
    root = await post(alice, social, "Question")
    bob_ws, _ = await connect(bob, social)
    await post(alice, social, "Answer for all", thread_root_id=root.pk, also_in_channel=True)
    frame = await receive_fragment(bob_ws)
    assert frame["new"] and frame["thread"] == root.pk and frame["in_channel"] is True
    assert "replied in a thread" in frame["html"]
    await bob_ws.disconnect()


async def test_resume_brings_thread_replies_and_the_changed_count(social, alice, bob):
    root = await post(alice, social, "Root")
    bob_ws, _ = await connect(bob, social)
    await bob_ws.disconnect()
    synced = await database_sync_to_async(lambda: Message.objects.get(pk=root.pk).changed_at)()
    await post(alice, social, "while away, in the thread", thread_root_id=root.pk)
    bob_ws, _ = await connect(bob, social)
    await send(bob_ws, type="resume", after=root.seq, changed_since=synced.isoformat())
    frames = [frame for frame in await drain(bob_ws) if frame["type"] == "message"]
    assert any(f["new"] and f["thread"] == root.pk for f in frames)
    assert any(not f["new"] and f["id"] == root.pk and "1 reply" in f["html"] for f in frames)
    await bob_ws.disconnect()


async def test_a_thread_of_another_channel_is_refused_by_frame(social, alice, bob):
    other = await database_sync_to_async(actions.create_channel)(
        alice, kind=Channel.Kind.GROUP, name="private", members=[alice]
    )
    secret = await post(alice, other, "private root")
    bob_ws, _ = await connect(bob, social)
    await send(bob_ws, type="post", body="peek", client_id="x", thread_root=secret.pk)
    error = await receive_json(bob_ws, "error")
    assert error["client_id"] == "x" and "thread" in error["message"]
    assert not await database_sync_to_async(Message.objects.filter(body="peek").exists)()
    await send(bob_ws, type="post", body="bad", client_id="y", thread_root="'; drop")
    error = await receive_json(bob_ws, "error")
    assert error["code"] == "invalid"
    await bob_ws.disconnect()


async def test_thread_frames_do_not_leak_to_outsiders_pages(group_chat, social, alice, charlie):
    root = await post(alice, group_chat, "members only")
    charlie_ws, _ = await connect(charlie, social)
    await post(alice, group_chat, "secret reply", thread_root_id=root.pk)
    frames = await drain(charlie_ws)
    assert not any("secret reply" in json.dumps(frame) for frame in frames)
    await charlie_ws.disconnect()
