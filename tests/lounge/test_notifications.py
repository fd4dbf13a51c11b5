"""The lounge tells people of mentions, replies to them and direct messages: once per
person per message, never across a block, and no longer once they read the chat."""

import pytest
from channels.db import database_sync_to_async

from accounts.actions import block
from accounts.models import Notification
from lounge import actions
from tests.notices import notice_texts

from .test_consumers import connect, receive


def kinds_of(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def test_a_mention_tells_the_person_with_a_link_to_the_message(social, alice, bob):
    message, _ = actions.post_message(alice, social, "hey @bob <b>look</b>")
    [notice] = Notification.objects.filter(recipient=bob)
    assert notice.kind == "mention" and notice.actor == alice and notice.target == message
    assert notice.params["url"] == f"{social.get_absolute_url()}#message-{message.pk}"
    assert notice_texts(bob) == [
        "Alice Ames mentioned you in #cultural-exchange: “hey @bob <b>look</b>”"
    ]


def test_a_reply_tells_the_author_of_the_message_replied_to(social, alice, bob):
    first, _ = actions.post_message(bob, social, "anyone up for stats?")
    actions.post_message(alice, social, "me!", reply_to_id=first.pk)
    assert kinds_of(bob) == ["reply"]
    assert kinds_of(alice) == []


def test_a_mention_in_a_reply_is_told_once(social, alice, bob):
    first, _ = actions.post_message(bob, social, "question")
    actions.post_message(alice, social, "@bob answer", reply_to_id=first.pk)
    assert kinds_of(bob) == ["mention"]


def test_a_dm_tells_the_other_person_until_they_read_it(dm, alice, bob):
    message, _ = actions.post_message(alice, dm, "hi bob")
    assert kinds_of(bob) == ["dm"] and kinds_of(alice) == []
    actions.mark_read(bob, dm, message.seq)
    assert Notification.objects.get(recipient=bob).read_at is not None


@pytest.mark.parametrize(
    ("bobs_page", "told"),
    [
        ("this conversation, in front of him", []),
        ("this conversation, in a hidden tab", ["dm"]),
        ("another channel", ["dm"]),
        ("no page at all", ["dm"]),
    ],
)
def test_a_dm_is_not_notified_to_someone_looking_at_the_conversation(
    dm, social, alice, bob, bobs_page, told
):
    from asgiref.sync import async_to_sync

    from lounge import presence

    store = presence.get_store()
    store.clear()
    where = {
        "this conversation, in front of him": (presence.ONLINE, dm.pk),
        "this conversation, in a hidden tab": (presence.IDLE, dm.pk),
        "another channel": (presence.ONLINE, social.pk),
    }.get(bobs_page)
    if where is not None:
        async_to_sync(store.touch)(bob.pk, "bobs-page", *where)
    actions.post_message(alice, dm, "are you there?")
    assert kinds_of(bob) == told
    store.clear()


def test_a_chat_the_person_muted_tells_them_nothing(social, alice, bob):
    actions.set_channel_muted(bob, social, True)
    actions.post_message(alice, social, "hey @bob")
    assert kinds_of(bob) == []


def test_a_blocked_person_reaches_nobody_by_dm_or_reply(social, dm, alice, bob):
    first, _ = actions.post_message(bob, social, "question")
    block(bob, alice)
    actions.post_message(alice, social, "answer", reply_to_id=first.pk)
    assert kinds_of(bob) == []


def test_leaving_a_private_chat_hides_what_it_told(group_chat, alice, bob):
    actions.post_message(alice, group_chat, "@bob the secret plan")
    assert "secret plan" in notice_texts(bob)[0]
    actions.sync_owned_member(group_chat, bob, member=False)
    assert notice_texts(bob) == ["About something you can no longer see."]


@pytest.mark.django_db(transaction=True)
async def test_the_bell_goes_up_live_and_offers_a_browser_notification(social, alice, bob):
    bob_ws, _ = await connect(bob, social)
    await database_sync_to_async(actions.post_message)(alice, social, "hey @bob")
    frames = []
    while not any(f["type"] == "notification" for f in frames):
        frames.append(await receive(bob_ws))
    [badge] = [f for f in frames if f["type"] == "swap" and "notification-badge" in f["html"]]
    assert 'data-unread="1"' in badge["html"]
    [offer] = [f for f in frames if f["type"] == "notification"]
    assert offer["category"] == "mention" and "hey @bob" in offer["text"]
    await bob_ws.disconnect()


def test_a_held_message_tells_nobody_until_approved(social, alice, bob, moderator):
    from lounge.models import CommunitySettings

    CommunitySettings.objects.update_or_create(pk=1, defaults={"premoderate_first_messages": 5})
    message, _ = actions.post_message(alice, social, "hey @bob")
    assert message.pending
    assert kinds_of(bob) == []
    actions.approve_message(moderator, message, "fine")
    assert kinds_of(bob) == ["mention"]
