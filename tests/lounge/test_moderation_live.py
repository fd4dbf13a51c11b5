"""Moderation on open sockets, on the real channel layer (Redis when REDIS_URL is set):
a hidden message disappears live, a muted person's frames are refused with an error
frame saying until when, pending messages reach only their author and moderators, and
rows from a blocked person arrive marked with their author for the page to collapse."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async

from accounts.actions import block
from lounge import actions, presence
from lounge.models import CommunitySettings, Message

from .test_consumers import connect, drain, receive_html, receive_json, send

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _clean_presence():
    presence.get_store().clear()
    yield
    presence.get_store().clear()


async def test_hidden_message_disappears_live_for_everyone(social, alice, bob, moderator):
    message, _ = await database_sync_to_async(actions.post_message)(alice, social, "nasty words")
    bob_ws, _ = await connect(bob, social)
    alice_ws, _ = await connect(alice, social)
    await database_sync_to_async(actions.hide_message)(moderator, message, "harassment")
    for ws in (bob_ws, alice_ws):
        html = await receive_html(ws)
        assert f'id="message-{message.pk}"' in html
        assert " hidden" in html and "nasty" not in html
    # and it does not come back on resume
    await send(bob_ws, type="resume", after=0)
    html = await receive_html(bob_ws)
    assert "nasty" not in html and 'data-seq="1"' in html
    await bob_ws.disconnect()
    await alice_ws.disconnect()


async def test_muted_person_is_refused_with_an_error_frame(social, alice, bob, moderator):
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    await database_sync_to_async(actions.mute_in_channel)(
        moderator, social, alice, timedelta(hours=1), "cool off"
    )
    posting = await receive_json(alice_ws, "posting")
    assert posting["allowed"] is False and "muted" in posting["message"]
    await send(alice_ws, type="post", body="can I?", client_id="m1")
    error = await receive_json(alice_ws, "error")
    assert error["code"] == "muted" and error["client_id"] == "m1"
    assert error["message"].startswith("You are muted in #cultural-exchange until ")
    assert "Europe/Berlin" in error["message"]
    message, _ = await database_sync_to_async(actions.post_message)(bob, social, "hi")
    await receive_html(alice_ws)
    await send(alice_ws, type="react", message=message.pk, emoji="👍")
    assert (await receive_json(alice_ws, "error"))["code"] == "muted"
    await send(alice_ws, type="typing")
    frames = await drain(bob_ws)
    assert not any(isinstance(f, dict) and f["type"] == "typing" for f in frames)
    assert await database_sync_to_async(Message.objects.filter(author=alice).count)() == 0
    await alice_ws.disconnect()
    await bob_ws.disconnect()


def test_muted_person_http_post_is_refused(social, alice, moderator, client):
    actions.mute_in_channel(moderator, social, alice, timedelta(hours=1), "cool off")
    client.force_login(alice)
    response = client.post(
        f"{social.get_absolute_url()}post/", {"body": "hello", "client_id": "x1"}
    )
    assert response.status_code == 400
    assert "You are muted in #cultural-exchange until" in response.content.decode()
    response = client.post(
        f"{social.get_absolute_url()}post/",
        {"body": "hello", "client_id": "x2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "muted" in response.content.decode()
    assert not Message.objects.exists()


async def test_pending_message_reaches_only_author_and_moderators(social, alice, bob, moderator):
    await database_sync_to_async(CommunitySettings.objects.create)(premoderate_first_messages=1)
    await database_sync_to_async(actions.join_channel)(moderator, social)
    alice_ws, _ = await connect(alice, social)
    bob_ws, _ = await connect(bob, social)
    mod_ws, _ = await connect(moderator, social)
    await send(alice_ws, type="post", body="my first words", client_id="p1")
    await receive_json(alice_ws, "ack")
    stub = await receive_html(bob_ws)
    assert "my first words" not in stub and " hidden" in stub
    bob_frames = await drain(bob_ws)
    assert not any("my first words" in str(f) for f in bob_frames)
    alice_frames = [await receive_html(alice_ws), await receive_html(alice_ws)]
    assert any("waiting for approval" in f for f in alice_frames)
    mod_frames = [await receive_html(mod_ws), await receive_html(mod_ws)]
    assert any("my first words" in f for f in mod_frames)
    message = await database_sync_to_async(Message.objects.get)()
    await database_sync_to_async(actions.approve_message)(moderator, message, "welcome")
    html = await receive_html(bob_ws)
    assert "my first words" in html and "waiting for approval" not in html
    for ws in (alice_ws, bob_ws, mod_ws):
        await ws.disconnect()


async def test_a_pending_row_reaches_only_its_authors_page_on_that_channel(
    social, group_chat, alice, moderator
):
    """The author's other open pages (another channel, /ws/me/) are not sent the row."""
    from .test_consumers import open_socket

    await database_sync_to_async(CommunitySettings.objects.create)(premoderate_first_messages=1)
    here, _ = await connect(alice, social)
    elsewhere, _ = await connect(alice, group_chat)
    home, connected, _ = await open_socket(alice, "/ws/me/")
    assert connected
    await drain(elsewhere)
    await drain(home)
    await send(here, type="post", body="my first words", client_id="p2")
    await receive_json(here, "ack")
    for ws in (elsewhere, home):
        assert not [f for f in await drain(ws) if f["type"] == "message"]
    for ws in (here, elsewhere, home):
        await ws.disconnect()


async def test_rows_from_a_blocked_person_arrive_marked_for_collapse(social, alice, bob):
    await database_sync_to_async(block)(alice, bob)
    alice_ws, _ = await connect(alice, social)
    await database_sync_to_async(actions.post_message)(bob, social, "from bob")
    html = await receive_html(alice_ws)
    # The page's per-viewer style collapses rows with this author (see test_moderation).
    assert f'data-author="{bob.pk}"' in html
    assert "Message from a blocked person — show" in html
    await alice_ws.disconnect()


async def test_locking_a_channel_tells_open_pages_at_once(social, alice, bob, moderator):
    bob_ws, _ = await connect(bob, social)

    await database_sync_to_async(actions.lock_channel)(moderator, social, "Cooling down")
    posting = await receive_json(bob_ws, "posting")
    assert posting["allowed"] is False and posting["code"] == "locked"

    await database_sync_to_async(actions.unlock_channel)(moderator, social, "Calm again")
    assert (await receive_json(bob_ws, "posting"))["allowed"] is True
    await bob_ws.disconnect()


async def test_archiving_a_channel_turns_open_pages_read_only_at_once(
    social, alice, bob, moderator
):
    bob_ws, _ = await connect(bob, social)

    await database_sync_to_async(actions.archive_channel)(moderator, social, "Holidays")
    posting = await receive_json(bob_ws, "posting")
    assert posting["allowed"] is False and "archived" in posting["message"]
    await send(bob_ws, type="post", body="anyone?", client_id="late")
    assert (await receive_json(bob_ws, "error"))["client_id"] == "late"

    await database_sync_to_async(actions.unarchive_channel)(moderator, social, "Term starts")
    assert (await receive_json(bob_ws, "posting"))["allowed"] is True
    await bob_ws.disconnect()
