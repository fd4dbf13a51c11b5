"""Lounge pages without JavaScript: plain forms, redirects, and 404 for outsiders."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lounge import actions
from lounge.models import Channel, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def test_index_lists_social_channels(alice_client, social, group_chat):
    response = alice_client.get(reverse("lounge:index"))
    assert response.status_code == 200
    assert b"#cultural-exchange" in response.content
    assert b"Stats buddies" in response.content  # in alice's own sidebar only


def test_index_does_not_show_others_private_channels(client, charlie, group_chat):
    client.force_login(charlie)
    response = client.get(reverse("lounge:index"))
    assert b"Stats buddies" not in response.content


def test_anonymous_is_sent_to_login(client, social):
    response = client.get(social.get_absolute_url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_create_channel(alice_client):
    response = alice_client.post(
        reverse("lounge:channel_create"), {"name": "night owls", "topic": "Late study"}
    )
    channel = Channel.objects.get(name="night owls")
    assert response.status_code == 302 and response["Location"] == channel.get_absolute_url()
    assert channel.memberships.filter(user__username="alice").exists()


def test_create_channel_invalid(alice_client):
    response = alice_client.post(reverse("lounge:channel_create"), {"name": "x" * 81})
    assert response.status_code == 400
    assert not Channel.objects.exists()


def test_channel_page_shows_messages_and_marks_read(bob_client, social, alice, bob):
    for n in range(3):
        actions.post_message(alice, social, f"note {n}")
    response = bob_client.get(social.get_absolute_url())
    assert response.status_code == 200
    assert b"note 2" in response.content
    assert b"Jump to first unread" in response.content
    assert social.memberships.get(user=bob).last_read_seq == 3


def test_post_without_js_redirects_to_message(bob_client, social):
    response = bob_client.post(
        reverse("lounge:message_post", args=[social.slug]), {"body": "hi all", "client_id": "c1"}
    )
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#message-{message.pk}")
    # A double-submitted form (same client id) stores nothing new.
    bob_client.post(
        reverse("lounge:message_post", args=[social.slug]), {"body": "hi all", "client_id": "c1"}
    )
    assert Message.objects.count() == 1


def test_post_too_long_shows_clear_error(bob_client, social):
    response = bob_client.post(
        reverse("lounge:message_post", args=[social.slug]), {"body": "y" * 4001}
    )
    assert response.status_code == 400
    assert "at most 4,000 characters" in response.content.decode()
    assert not Message.objects.exists()


def test_post_with_htmx_returns_composer_and_row(bob_client, social):
    response = bob_client.post(
        reverse("lounge:message_post", args=[social.slug]),
        {"body": "**live**", "client_id": "h1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="composer"' in html
    assert "<strong>live</strong>" in html and 'hx-swap-oob="beforeend"' in html


def test_message_body_is_wrapped_with_hx_disable(bob_client, social, bob):
    actions.post_message(bob, social, "hello")
    html = bob_client.get(social.get_absolute_url()).content.decode()
    assert re.search(r'<div class="msg__body" hx-disable>\s*<p>hello</p>', html)


def test_history_pages(bob_client, social, alice, settings):
    for n in range(60):
        Message.objects.create(
            channel=social, seq=n + 1, author=alice, body=f"m{n}", body_html=f"<p>m{n}</p>"
        )
    Channel.objects.filter(pk=social.pk).update(last_seq=60)
    html = bob_client.get(social.get_absolute_url()).content.decode()
    assert "<p>m59</p>" in html and "<p>m9</p>" not in html and "?before=11" in html
    older = bob_client.get(social.get_absolute_url() + "?before=11", headers={"HX-Request": "true"})
    assert "<p>m0</p>" in older.content.decode() and "<p>m10</p>" not in older.content.decode()
    full = bob_client.get(social.get_absolute_url() + "?before=11")
    assert "<p>m0</p>" in full.content.decode() and "<html" in full.content.decode()


def test_edit_flow(bob_client, social, bob):
    message, _ = actions.post_message(bob, social, "tpyo")
    url = reverse("lounge:message_edit", args=[message.pk])
    assert bob_client.get(url).status_code == 200
    response = bob_client.post(url, {"body": "typo fixed"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "typo fixed" and message.edited_at


def test_cannot_edit_others_message(bob_client, social, alice):
    message, _ = actions.post_message(alice, social, "mine")
    response = bob_client.post(reverse("lounge:message_edit", args=[message.pk]), {"body": "x"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "mine"


def test_delete_and_react(bob_client, social, alice, bob):
    message, _ = actions.post_message(bob, social, "bye")
    theirs, _ = actions.post_message(alice, social, "stay")
    assert (
        bob_client.post(
            reverse("lounge:message_react", args=[theirs.pk]), {"emoji": "🎉"}
        ).status_code
        == 302
    )
    assert theirs.reactions.filter(user=bob, emoji="🎉").exists()
    bob_client.post(reverse("lounge:message_delete", args=[message.pk]))
    message.refresh_from_db()
    assert message.is_deleted
    html = bob_client.get(social.get_absolute_url()).content.decode()
    assert "message deleted" in html
    bob_client.post(reverse("lounge:message_delete", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert not theirs.is_deleted


def test_react_with_hostile_emoji(bob_client, social, alice):
    message, _ = actions.post_message(alice, social, "x")
    response = bob_client.post(
        reverse("lounge:message_react", args=[message.pk]),
        {"emoji": "<img src=x>"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert not message.reactions.exists()


def test_join_leave_and_no_archiving_for_members_or_the_creator(client, charlie, social, alice):
    client.force_login(charlie)
    client.post(reverse("lounge:channel_join", args=[social.slug]))
    assert social.memberships.filter(user=charlie).exists()
    client.post(reverse("lounge:channel_archive", args=[social.slug]))
    social.refresh_from_db()
    assert not social.is_archived
    client.post(reverse("lounge:channel_leave", args=[social.slug]))
    assert not social.memberships.filter(user=charlie).exists()
    client.force_login(alice)  # who created it: the channel is the community's
    page = client.get(reverse("lounge:channel", args=[social.slug])).content
    assert reverse("lounge:channel_archive", args=[social.slug]).encode() not in page
    client.post(reverse("lounge:channel_archive", args=[social.slug]))
    social.refresh_from_db()
    assert not social.is_archived


def test_a_moderator_archives_someone_elses_channel_from_its_page_with_a_reason(
    client, moderator, social, audit_log
):
    client.force_login(moderator)
    url = reverse("lounge:channel_archive", args=[social.slug])
    page = client.get(reverse("lounge:channel", args=[social.slug]))
    assert url.encode() in page.content  # a link to the page that asks first
    confirm = client.get(url)
    assert b'name="reason"' in confirm.content and b"Keep it open" in confirm.content
    social.refresh_from_db()
    assert not social.is_archived  # asking changes nothing

    refused = client.post(url, {"reason": " "}, follow=True)
    social.refresh_from_db()
    assert not social.is_archived and audit_log() == []
    assert b"Give a reason" in refused.content

    client.post(url, {"reason": "Duplicate of #introductions"})
    social.refresh_from_db()
    assert social.is_archived
    assert audit_log() == [
        (moderator, "archive_channel", None, social, "Duplicate of #introductions")
    ]


def test_a_moderator_brings_an_archived_channel_back_from_its_page(
    client, moderator, social, alice, audit_log
):
    client.force_login(moderator)
    client.post(reverse("lounge:channel_archive", args=[social.slug]), {"reason": "Spam"})
    page = client.get(reverse("lounge:channel", args=[social.slug])).content
    assert b"Bring it back" in page
    client.force_login(alice)
    assert b"Bring it back" not in client.get(reverse("lounge:channel", args=[social.slug])).content
    client.post(reverse("lounge:channel_unarchive", args=[social.slug]), {"reason": "mine"})
    social.refresh_from_db()
    assert social.is_archived
    client.force_login(moderator)
    client.post(reverse("lounge:channel_unarchive", args=[social.slug]), {"reason": "Cleaned"})
    social.refresh_from_db()
    assert not social.is_archived
    assert [entry[1] for entry in audit_log()] == ["archive_channel", "unarchive_channel"]


def test_direct_message_form(alice_client, bob):
    response = alice_client.post(reverse("lounge:direct"), {"handles": "@bob"})
    channel = Channel.objects.get(kind=Channel.Kind.DIRECT)
    assert response["Location"] == channel.get_absolute_url()
    response = alice_client.post(reverse("lounge:direct"), {"handles": "nobody"})
    assert response.status_code == 400


def test_preferences(alice_client, alice):
    response = alice_client.post(reverse("lounge:preferences"), {"appear_offline": "on"})
    assert response.status_code == 302
    assert alice.chat_preferences.appear_offline and not alice.chat_preferences.share_typing


def test_channel_page_queries_do_not_grow_with_messages_or_reactions(
    bob_client, social, alice, bob, charlie, settings
):
    """Session and user plus 16: the page, its rows with their reactions, quotes and
    files, members, presence, posting state, the sidebar and the header's counts, the chat's
    coming meetups and those happening now or soon. The same for 40 messages with
    reactions and replies as for 2."""
    settings.LOUNGE_RATE_LIMIT = (100, 10)
    actions.join_channel(charlie, social)
    actions.open_direct_channel(bob, [alice])  # the sidebar shows a conversation
    url = social.get_absolute_url()

    def page_queries():
        bob_client.get(url)  # marks the channel read: the next visit is the usual one
        with CaptureQueriesContext(connection) as queries:
            assert bob_client.get(url).status_code == 200
        return len(queries)

    actions.post_message(alice, social, "hello")
    actions.post_message(bob, social, "hi")
    few = page_queries()
    previous = None
    for n in range(38):
        author = (alice, bob, charlie)[n % 3]
        message, _ = actions.post_message(author, social, f"m{n} @bob", reply_to_id=previous)
        for person, emoji in ((alice, "👍"), (charlie, "👍"), (bob, "🎉")):
            actions.toggle_reaction(person, message, emoji)
        previous = message.pk
    many = page_queries()
    assert many == few <= 18


# Every view and its outsider --------------------------------------------------


@pytest.fixture
def private_things(group_chat, alice):
    message, _ = actions.post_message(alice, group_chat, "secret plans")
    return group_chat, message


@pytest.mark.parametrize(
    ("method", "name", "kind"),
    [
        ("get", "lounge:channel", "slug"),
        ("post", "lounge:message_post", "slug"),
        ("post", "lounge:channel_join", "slug"),
        ("post", "lounge:channel_leave", "slug"),
        ("post", "lounge:channel_archive", "slug"),
        ("get", "lounge:message_actions", "pk"),
        ("get", "lounge:message_edit", "pk"),
        ("post", "lounge:message_edit", "pk"),
        ("post", "lounge:message_delete", "pk"),
        ("post", "lounge:message_react", "pk"),
    ],
)
def test_outsider_gets_404_everywhere(client, charlie, private_things, method, name, kind):
    channel, message = private_things
    client.force_login(charlie)
    arg = channel.slug if kind == "slug" else message.pk
    response = getattr(client, method)(reverse(name, args=[arg]), {"body": "x", "emoji": "👍"})
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.body == "secret plans" and not message.reactions.exists()
    assert Message.objects.count() == 1


def test_message_actions_page_offers_what_the_viewer_may_do(client, social, alice, bob, charlie):
    """The no-JavaScript actions page: react, reply, edit and delete on my own message,
    react, reply and report on someone else's, only report for a reader who has not
    joined."""
    mine, _ = actions.post_message(bob, social, "mine")
    theirs, _ = actions.post_message(alice, social, "theirs")

    def links(user, message):
        client.force_login(user)
        response = client.get(reverse("lounge:message_actions", args=[message.pk]))
        assert response.status_code == 200
        assert "hx-disable" in response.text  # plain forms: each leads back to the channel
        urls = {
            "react": f'action="{reverse("lounge:message_react", args=[message.pk])}"',
            "edit": f'href="{reverse("lounge:message_edit", args=[message.pk])}"',
            "delete": f'action="{reverse("lounge:message_delete", args=[message.pk])}"',
            "report": f'href="{reverse("lounge:report_message", args=[message.pk])}"',
            "reply": f'href="{social.get_absolute_url()}?reply={message.pk}#composer"',
        }
        return {name for name, link in urls.items() if link in response.text}

    assert links(bob, mine) == {"react", "reply", "edit", "delete"}
    assert links(bob, theirs) == {"react", "reply", "report"}
    assert links(charlie, theirs) == {"report"}  # social channels are readable by all


def test_message_actions_page_is_404_for_missing_hidden_and_deleted_messages(
    client, social, alice, bob, moderator
):
    hidden, _ = actions.post_message(alice, social, "hidden")
    actions.hide_message(moderator, hidden, "spam")
    deleted, _ = actions.post_message(bob, social, "deleted")
    actions.delete_message(bob, deleted)
    client.force_login(bob)
    for pk in (hidden.pk, deleted.pk, deleted.pk + 1000):
        assert client.get(reverse("lounge:message_actions", args=[pk])).status_code == 404


def test_outsider_cannot_read_a_dm(client, charlie, dm, alice):
    actions.post_message(alice, dm, "just us")
    client.force_login(charlie)
    assert client.get(dm.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("name", ["lounge:index", "lounge:direct", "lounge:preferences"])
def test_own_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302


@pytest.mark.parametrize("blocker_name", ["alice", "bob"])
def test_pages_show_no_presence_across_a_block(client, alice, bob, social, blocker_name):
    """The member list and the DM sidebar show someone with a block either way as offline."""
    from asgiref.sync import async_to_sync

    from accounts import actions as account_actions
    from lounge import presence

    store = presence.get_store()
    store.clear()
    async_to_sync(store.touch)(bob.pk, "bob-page", presence.ONLINE)
    client.force_login(alice)
    actions.open_direct_channel(alice, [bob])
    dot = f'data-presence-user="{bob.pk}"'
    online = re.compile(rf'presence--online" {dot}')
    assert online.search(client.get(social.get_absolute_url()).text)

    blocker, other = (alice, bob) if blocker_name == "alice" else (bob, alice)
    account_actions.block(blocker, other)
    page = client.get(social.get_absolute_url()).text
    assert dot in page and not online.search(page)
    store.clear()


def test_chat_card_previews_show_words_not_markdown(client, alice, bob):
    from groups.actions import group_channel
    from tests.groups.conftest import build_group

    group = build_group(alice, name="Markdown fans")
    actions.post_message(alice, group_channel(group), "**Groups** are _great_ <b>x</b>")
    client.force_login(alice)
    page = client.get(group.get_absolute_url()).text
    assert "Groups are great &lt;b&gt;x&lt;/b&gt;" in page
    assert "**Groups**" not in page


def test_a_conversation_is_titled_by_the_others_and_two_cannot_leave(client, dm, alice, bob):
    client.force_login(alice)
    page = client.get(dm.get_absolute_url()).text
    assert '<h1 id="channel-title">Bob Baptiste</h1>' in page
    assert f"/lounge/c/{dm.slug}/leave/" not in page
    assert client.post(f"/lounge/c/{dm.slug}/leave/").status_code in (302, 403, 404)
    assert dm.memberships.filter(user=alice).exists()
