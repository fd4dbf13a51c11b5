"""The lounge websocket on the real channel layer (Redis when REDIS_URL is set):
send/receive, edit, delete, reactions, resume, duplicates, authorisation on connect
and on every frame, hostile frames, rate limits, typing and presence."""

import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from config.asgi import application
from lounge import actions, presence
from lounge.models import Message

pytestmark = [pytest.mark.django_db(transaction=True)]
TIMEOUT = 3


@pytest.fixture(autouse=True)
def _clean_presence():
    presence.get_store().clear()
    yield
    presence.get_store().clear()


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


async def connect(user, channel):
    communicator, connected, _ = await open_socket(user, f"/ws/me/channels/{channel.pk}/")
    assert connected
    snapshot = await receive_json(communicator, "presence")
    return communicator, snapshot


async def receive(communicator):
    """Every frame is a JSON object with a type."""
    frame = json.loads(await communicator.receive_from(timeout=TIMEOUT))
    assert isinstance(frame, dict) and isinstance(frame["type"], str), frame
    return frame


def is_bell(frame):
    """The notification centre's own frames (the bell's badge, a browser notification)."""
    return frame["type"] == "notification" or (
        frame["type"] == "swap" and frame["html"].startswith('<span id="notification-badge"')
    )


async def receive_json(communicator, kind):
    """The next frame of type `kind`, skipping presence/typing chatter and the bell."""
    while True:
        frame = await receive(communicator)
        if frame["type"] == kind and not (kind == "swap" and is_bell(frame)):
            return frame
        if frame["type"] in ("presence", "typing", "pong") or is_bell(frame):
            continue
        raise AssertionError(f"expected {kind}, got {frame!r}")


async def receive_fragment(communicator):
    """The next frame carrying HTML (a message row, or fragments to swap in by id)."""
    while True:
        frame = await receive(communicator)
        if is_bell(frame):
            continue
        if frame["type"] in ("message", "swap"):
            return frame
        if frame["type"] not in ("presence", "typing", "resumed", "ack", "pong"):
            raise AssertionError(f"expected HTML, got {frame!r}")


async def receive_html(communicator):
    return (await receive_fragment(communicator))["html"]


async def drain(communicator):
    """Every frame that arrives within half a second (without cancelling the app)."""
    frames = []
    while not await communicator.receive_nothing(timeout=0.5):
        frames.append(await receive(communicator))
    return frames


async def send(communicator, **frame):
    await communicator.send_to(text_data=json.dumps(frame))


async def test_post_reaches_everyone_in_the_channel(social, alice, bob):
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    await send(alice_ws, type="post", body="Hola **todos**", client_id="a1")
    ack = await receive_json(alice_ws, "ack")
    assert ack["client_id"] == "a1" and ack["seq"] == 1 and not ack["duplicate"]
    frame = await receive_fragment(bob_ws)
    assert frame["type"] == "message" and frame["new"] and frame["seq"] == 1
    assert "Hola <strong>todos</strong>" in frame["html"] and 'data-seq="1"' in frame["html"]
    assert "Hola" in await receive_html(alice_ws)
    assert await database_sync_to_async(Message.objects.count)() == 1
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_duplicate_client_id_is_not_stored_twice(social, alice):
    ws, _ = await connect(alice, social)
    await send(ws, type="post", body="once", client_id="same")
    await receive_json(ws, "ack")
    await receive_html(ws)
    await send(ws, type="post", body="once", client_id="same")
    ack = await receive_json(ws, "ack")
    assert ack["duplicate"] is True
    assert "once" in await receive_html(ws)  # re-sent to this socket in case it was missed
    assert await database_sync_to_async(Message.objects.count)() == 1
    await ws.disconnect()


async def test_edit_delete_and_react_are_broadcast(social, alice, bob):
    message = await database_sync_to_async(actions.post_message)(alice, social, "frist")
    message = message[0]
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    await send(alice_ws, type="edit", message=message.pk, body="first")
    frame = await receive_fragment(bob_ws)
    assert frame["type"] == "message" and not frame["new"]
    assert f'id="message-{message.pk}"' in frame["html"]
    assert "first" in frame["html"] and "(edited)" in frame["html"]
    assert "(edited)" in await receive_html(alice_ws)
    await send(bob_ws, type="react", message=message.pk, emoji="👍")
    html = await receive_html(alice_ws)
    assert 'class="reaction"' in html and f'data-user-ids="{bob.pk}"' in html
    assert 'class="reaction"' in await receive_html(bob_ws)
    await send(bob_ws, type="delete", message=message.pk)
    error = await receive_json(bob_ws, "error")
    assert error["code"] == "forbidden"
    await send(alice_ws, type="delete", message=message.pk)
    html = await receive_html(bob_ws)
    assert "message deleted" in html and "first" not in html
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_resume_sends_everything_missed_in_order(social, alice, bob):
    for n in range(1, 6):
        await database_sync_to_async(actions.post_message)(alice, social, f"missed {n}")
    ws, _ = await connect(bob, social)
    await send(ws, type="resume", after=2)
    frames = [await receive_html(ws) for _ in range(3)]
    assert [f'data-seq="{n}"' in frame for n, frame in zip((3, 4, 5), frames, strict=True)]
    assert all(f"missed {n}" in frame for n, frame in zip((3, 4, 5), frames, strict=True))
    done = await receive_json(ws, "resumed")
    assert done["count"] == 3
    await ws.disconnect()


async def test_resume_after_too_many_missed_asks_for_reload(social, alice, bob, monkeypatch):
    monkeypatch.setattr("lounge.consumers.RESUME_LIMIT", 2)
    for n in range(4):
        await database_sync_to_async(actions.post_message)(alice, social, f"m{n}")
    ws, _ = await connect(bob, social)
    await send(ws, type="resume", after=0)
    assert (await receive_json(ws, "reload"))["reason"] == "too_many_missed"
    await ws.disconnect()


async def test_reconnect_loses_nothing(social, alice, bob):
    bob_ws, _ = await connect(bob, social)
    await send(bob_ws, type="post", body="before", client_id="b1")
    await receive_json(bob_ws, "ack")
    await receive_html(bob_ws)
    await bob_ws.disconnect()
    await database_sync_to_async(actions.post_message)(alice, social, "while you were away")
    bob_ws, _ = await connect(bob, social)
    await send(bob_ws, type="resume", after=1)
    assert "while you were away" in await receive_html(bob_ws)
    await bob_ws.disconnect()


async def test_reconnect_brings_edits_and_hidden_messages_made_while_away(
    social, alice, bob, moderator
):
    """Changes to messages the client already had arrive on resume too, as replacements."""
    kept, _ = await database_sync_to_async(actions.post_message)(alice, social, "first draft")
    rude, _ = await database_sync_to_async(actions.post_message)(alice, social, "rude words")
    await database_sync_to_async(actions.post_message)(alice, social, "fine")
    # Posted an hour ago, long before bob's last sync (which allows a couple of seconds).
    await database_sync_to_async(
        lambda: Message.objects.update(changed_at=timezone.now() - timedelta(hours=1))
    )()
    bob_ws, _ = await connect(bob, social)
    await send(bob_ws, type="resume", after=3)
    synced_at = (await receive_json(bob_ws, "resumed"))["at"]
    await bob_ws.disconnect()

    await database_sync_to_async(actions.edit_message)(alice, kept, "final wording")
    await database_sync_to_async(actions.hide_message)(moderator, rude, "Insults")

    bob_ws, _ = await connect(bob, social)
    await send(bob_ws, type="resume", after=3, changed_since=synced_at)
    frames = [await receive_html(bob_ws) for _ in range(2)]
    done = await receive_json(bob_ws, "resumed")
    assert (done["count"], done["changed"]) == (0, 2)
    assert 'data-seq="1"' in frames[0] and "final wording" in frames[0]
    assert 'data-seq="2"' in frames[1] and "rude words" not in frames[1]
    assert not any("fine" in frame for frame in frames)
    await bob_ws.disconnect()


async def test_unauthenticated_connect_is_refused(social):
    _, connected, _ = await open_socket(None, f"/ws/me/channels/{social.pk}/")
    assert not connected


async def test_outsider_connect_is_refused(group_chat, charlie):
    _, connected, _ = await open_socket(charlie, f"/ws/me/channels/{group_chat.pk}/")
    assert not connected
    _, connected, _ = await open_socket(charlie, "/ws/me/channels/999999/")
    assert not connected


async def test_outsider_may_read_social_but_not_post(social, charlie):
    ws, _ = await connect(charlie, social)
    await send(ws, type="post", body="hi", client_id="c")
    error = await receive_json(ws, "error")
    assert error["code"] == "forbidden" and error["client_id"] == "c"
    await ws.disconnect()


async def test_removed_member_is_cut_off_at_once(group_chat, alice, bob):
    bob_ws, _ = await connect(bob, group_chat)

    def remove():
        from django.db import transaction

        with transaction.atomic():
            actions.remove_channel_member(group_chat, bob)

    await database_sync_to_async(remove)()
    assert (await receive_json(bob_ws, "revoked"))["type"] == "revoked"
    output = await bob_ws.receive_output(timeout=TIMEOUT)
    assert output == {"type": "websocket.close", "code": 4403}


async def test_frame_after_removal_is_refused(group_chat, alice, bob, monkeypatch):
    bob_ws, _ = await connect(bob, group_chat)
    # Lose the revocation event (the layer is at-most-once): the per-frame check still holds.
    monkeypatch.setattr("lounge.realtime.membership_revoked", lambda channel, user: None)
    await database_sync_to_async(actions.remove_channel_member)(group_chat, bob)
    await send(bob_ws, type="post", body="still here?", client_id="x")
    assert (await receive_json(bob_ws, "revoked"))["type"] == "revoked"
    output = await bob_ws.receive_output(timeout=TIMEOUT)
    assert output["type"] == "websocket.close"
    assert await database_sync_to_async(Message.objects.count)() == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "malformed"),
        ("[1, 2]", "malformed"),
        ('{"no": "type"}', "malformed"),
        ('{"type": "explode"}', "unknown_type"),
        ('{"type": "post"}', "invalid"),
        ('{"type": "post", "body": {"nested": true}}', "invalid"),
        ('{"type": "edit", "message": "abc", "body": "x"}', "invalid"),
        ('{"type": "react", "message": 99999, "emoji": "👍"}', "not_found"),
        ('{"type": "resume", "after": -1}', "invalid"),
        ('{"type": "heartbeat", "state": "<script>"}', "invalid"),
        ("[" * 5000 + "]" * 5000, "malformed"),
        ('{"type": "post", "body": "' + "z" * 20000 + '"}', "too_large"),
    ],
)
async def test_hostile_frames_get_error_frames_and_socket_survives(social, alice, text, code):
    ws, _ = await connect(alice, social)
    await ws.send_to(text_data=text)
    error = await receive_json(ws, "error")
    assert error["code"] == code
    await send(ws, type="post", body="still alive", client_id="alive")
    assert (await receive_json(ws, "ack"))["client_id"] == "alive"
    await ws.disconnect()


async def test_binary_frame_is_refused(social, alice):
    ws, _ = await connect(alice, social)
    await ws.send_to(bytes_data=b"\x00\x01")
    assert (await receive_json(ws, "error"))["code"] == "malformed"
    await ws.disconnect()


async def test_too_long_message_error(social, alice):
    ws, _ = await connect(alice, social)
    await send(ws, type="post", body="x" * 4001, client_id="long")
    error = await receive_json(ws, "error")
    assert error["code"] == "too_long" and "4,000" in error["message"]
    await ws.disconnect()


async def test_rate_limit_error_frame(social, alice, settings):
    settings.LOUNGE_RATE_LIMIT = (2, 10)
    ws, _ = await connect(alice, social)
    for n in range(2):
        await send(ws, type="post", body=f"m{n}", client_id=f"r{n}")
        await receive_json(ws, "ack")
        await receive_html(ws)
    await send(ws, type="post", body="spam", client_id="r9")
    error = await receive_json(ws, "error")
    assert error["code"] == "rate_limited" and error["retry_after"] == 10
    assert error["client_id"] == "r9"
    await ws.disconnect()


async def test_typing_is_shared_and_throttled(social, alice, bob):
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    await send(alice_ws, type="typing")
    await send(alice_ws, type="typing")
    typing = [f for f in await drain(bob_ws) if f["type"] == "typing"]
    assert typing == [{"type": "typing", "user": alice.pk, "name": "Alice Ames"}]
    assert not [f for f in await drain(alice_ws) if f["type"] == "typing"]  # not echoed
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_typing_opt_out(social, alice, bob):
    await database_sync_to_async(actions.update_chat_preferences)(
        alice, appear_offline=False, share_typing=False
    )
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    await send(alice_ws, type="typing")
    assert not [f for f in await drain(bob_ws) if f["type"] == "typing"]
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_presence_online_idle_offline(social, alice, bob):
    bob_ws, _ = await connect(bob, social)
    alice_ws, snapshot = await connect(alice, social)
    assert snapshot["users"][str(bob.pk)] == "online"
    key = str(alice.pk)
    seen = [f["users"][key] for f in await drain(bob_ws) if key in f.get("users", {})]
    assert seen == ["online"]
    await send(alice_ws, type="heartbeat", state="idle")
    seen = [f["users"][key] for f in await drain(bob_ws) if key in f.get("users", {})]
    assert seen[0] == "idle"
    await alice_ws.disconnect()
    seen = [f["users"][key] for f in await drain(bob_ws) if key in f.get("users", {})]
    assert seen == ["offline"]
    await bob_ws.disconnect()


async def test_appear_offline_is_respected(social, alice, bob):
    await database_sync_to_async(actions.update_chat_preferences)(
        alice, appear_offline=True, share_typing=True
    )
    alice_ws, _ = await connect(alice, social)
    bob_ws, snapshot = await connect(bob, social)
    assert str(alice.pk) not in snapshot["users"]
    states = await presence.get_store().states([alice.pk])
    assert states[alice.pk] == "offline"
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_unread_badge_for_other_channels(social, group_chat, alice, bob):
    bob_ws, _ = await connect(bob, social)
    await database_sync_to_async(actions.post_message)(alice, group_chat, "hey @bob")
    frame = await receive_fragment(bob_ws)
    assert frame["type"] == "swap"
    assert f'id="badges-{group_chat.pk}"' in frame["html"]
    assert ">@1<" in frame["html"] and ">1<" in frame["html"]
    assert 'id="lounge-unread-total"' in frame["html"]
    await bob_ws.disconnect()


async def test_sidebar_socket_and_logout_closes_sockets(social, alice):
    communicator, connected, _ = await open_socket(alice, "/ws/me/")
    assert connected
    await send(communicator, type="post", body="x")
    assert (await receive_json(communicator, "error"))["code"] == "no_channel"
    await communicator.disconnect()


async def test_logout_closes_that_sessions_sockets(social, alice):
    from django.urls import reverse

    cookie = await database_sync_to_async(_session_cookie)(alice)
    headers = [
        (b"origin", b"http://localhost"),
        (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    ws = WebsocketCommunicator(application, f"/ws/me/channels/{social.pk}/", headers=headers)
    assert (await ws.connect(timeout=TIMEOUT))[0]

    def log_out():
        client = Client()
        client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
        assert client.post(reverse("account_logout")).status_code == 302

    await database_sync_to_async(log_out)()
    assert (await receive_json(ws, "signed_out"))["type"] == "signed_out"
    assert (await ws.receive_output(timeout=TIMEOUT)) == {"type": "websocket.close", "code": 4401}


async def test_banned_person_is_disconnected_everywhere(social, mallory):
    await database_sync_to_async(actions.join_channel)(mallory, social)
    ws, _ = await connect(mallory, social)

    def ban():
        mallory.is_active = False
        mallory.save()

    await database_sync_to_async(ban)()
    assert (await receive_json(ws, "signed_out"))["type"] == "signed_out"
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4401


def _seen_states(frames, person):
    key = str(person.pk)
    return [f["users"][key] for f in frames if f["type"] == "presence" and key in f["users"]]


@pytest.mark.parametrize("blocker_name", ["alice", "bob"])
async def test_presence_and_typing_do_not_cross_a_block(social, alice, bob, blocker_name):
    """Either way round, neither sees the other online, idle or typing."""
    blocker, other = (alice, bob) if blocker_name == "alice" else (bob, alice)
    from accounts import actions as account_actions

    await database_sync_to_async(account_actions.block)(blocker, other)
    bob_ws, _ = await connect(bob, social)
    alice_ws, snapshot = await connect(alice, social)
    assert str(bob.pk) not in snapshot["users"]
    assert _seen_states(await drain(bob_ws), alice) == []
    await send(alice_ws, type="typing")
    await send(alice_ws, type="heartbeat", state="idle")
    frames = await drain(bob_ws)
    assert not [f for f in frames if f["type"] == "typing"]
    assert _seen_states(frames, alice) == []
    await alice_ws.disconnect()
    assert _seen_states(await drain(bob_ws), alice) == []
    await bob_ws.disconnect()


async def test_chat_settings_apply_on_open_pages_without_a_reconnect(social, alice, bob):
    """Turning on "appear offline" takes Alice offline for Bob at once, and back; turning
    off "show when I am typing" stops her typing reaching him at once."""
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    await drain(alice_ws)
    await drain(bob_ws)
    update = database_sync_to_async(actions.update_chat_preferences)

    await update(alice, appear_offline=True, share_typing=True)
    assert _seen_states(await drain(bob_ws), alice) == ["offline"]
    await send(alice_ws, type="heartbeat", state="online")
    assert _seen_states(await drain(bob_ws), alice) == []

    await update(alice, appear_offline=False, share_typing=False)
    assert _seen_states(await drain(bob_ws), alice) == ["online"]
    await send(alice_ws, type="typing")
    assert not [f for f in await drain(bob_ws) if f["type"] == "typing"]
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_a_new_block_takes_the_person_offline_on_open_pages(social, alice, bob):
    from accounts import actions as account_actions

    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    assert _seen_states(await drain(alice_ws), bob) == ["online"]
    await drain(bob_ws)

    await database_sync_to_async(account_actions.block)(alice, bob)
    assert _seen_states(await drain(alice_ws), bob) == ["offline"]
    assert _seen_states(await drain(bob_ws), alice) == ["offline"]
    await send(bob_ws, type="typing")
    assert not [f for f in await drain(alice_ws) if f["type"] == "typing"]

    await database_sync_to_async(account_actions.unblock)(alice, bob)
    assert _seen_states(await drain(alice_ws), bob) == ["online"]
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_the_ack_reports_what_was_committed_even_if_rereading_fails(
    social, alice, monkeypatch
):
    """A post that was saved is acknowledged as saved: the page never sends it again
    under a new client id (which would store it twice)."""
    ws, _ = await connect(alice, social)

    def broken_reread(*args, **kwargs):
        raise RuntimeError("database went away after the commit")

    monkeypatch.setattr("lounge.consumers.message_payload", broken_reread)
    await send(ws, type="post", body="saved once", client_id="k1")
    ack = await receive_json(ws, "ack")
    assert ack["client_id"] == "k1" and ack["seq"] == 1 and not ack["duplicate"]
    assert await database_sync_to_async(Message.objects.count)() == 1
    await ws.disconnect()
