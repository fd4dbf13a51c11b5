"""The lounge verbs on PostgreSQL: numbering, idempotent sends, limits, edits,
deletes, reactions, mentions, read markers and membership."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lounge import actions, permissions
from lounge.models import Channel, Membership, Mention, Message

pytestmark = pytest.mark.django_db


def test_messages_are_numbered_per_channel(social, group_chat, alice, post):
    first = post(alice, social, "hello")
    second = post(alice, social, "again")
    other = post(alice, group_chat, "elsewhere")
    assert (first.seq, second.seq, other.seq) == (1, 2, 1)
    social.refresh_from_db()
    assert social.last_seq == 2


def test_retried_send_with_same_client_id_is_stored_once(social, alice):
    first, created = actions.post_message(alice, social, "hi", client_id="abc")
    again, created_again = actions.post_message(alice, social, "hi", client_id="abc")
    assert created and not created_again
    assert first.pk == again.pk
    assert Message.objects.count() == 1


def test_client_ids_of_different_people_do_not_clash(social, alice, bob):
    actions.post_message(alice, social, "hi", client_id="same")
    actions.post_message(bob, social, "hi", client_id="same")
    assert Message.objects.count() == 2


def test_outsider_cannot_post(social, charlie):
    with pytest.raises(actions.NotAllowed):
        actions.post_message(charlie, social, "let me in")
    assert not Message.objects.exists()


def test_group_channel_is_members_only(group_chat, charlie):
    with pytest.raises(actions.NotAllowed):
        actions.post_message(charlie, group_chat, "hello?")
    with pytest.raises(actions.NotAllowed):
        actions.join_channel(charlie, group_chat)


def test_too_long_message_has_a_clear_error(social, alice):
    with pytest.raises(actions.MessageTooLong, match="at most 4,000 characters"):
        actions.post_message(alice, social, "x" * 4001)
    message, _ = actions.post_message(alice, social, "x" * 4000)
    assert len(message.body) == 4000


@pytest.mark.parametrize("body", ["", "   ", "\x00\x00"])
def test_empty_message_is_refused(social, alice, body):
    with pytest.raises(actions.InvalidInput):
        actions.post_message(alice, social, body)


def test_hostile_markup_is_neutralised(social, mallory):
    actions.join_channel(mallory, social)
    body = (
        '<script>alert(1)</script><img src=x onerror=alert(1)> <div hx-get="/admin/" '
        'hx-trigger="load">x</div> [click](javascript:alert(1)) [ok](https://example.org)'
    )
    message, _ = actions.post_message(mallory, social, body)
    html = message.body_html
    assert "<script" not in html and "<img" not in html and "<div" not in html
    assert "javascript:" not in html.split("href")[-1] or 'href="javascript' not in html
    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="nofollow noopener ugc">ok</a>' in html
    assert "&lt;script&gt;" in html


def test_markdown_subset(social, alice):
    message, _ = actions.post_message(alice, social, "**bold** _it_ `code`\n\n- one\n- two")
    assert "<strong>bold</strong>" in message.body_html
    assert "<em>it</em>" in message.body_html
    assert "<code>code</code>" in message.body_html
    assert "<li>one</li>" in message.body_html


def test_line_breaks_stay_and_bare_addresses_become_safe_links(social, alice):
    message, _ = actions.post_message(
        alice, social, "first line\nsecond line https://example.org/a?b=1 javascript:alert(1)"
    )
    html = message.body_html
    assert "first line<br>" in html
    assert (
        '<a href="https://example.org/a?b=1" rel="nofollow noopener ugc">https://example.org/a?b=1</a>'
        in html
    )
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html


def test_mentions_of_members_are_recorded_and_highlighted(social, alice, bob, charlie):
    message, _ = actions.post_message(alice, social, "hi @bob and @charlie and @Alice")
    assert list(Mention.objects.values_list("user__username", flat=True)) == ["bob"]
    assert f'data-user-id="{bob.pk}">@bob</span>' in message.body_html
    assert (
        "@charlie" in message.body_html and f'data-user-id="{charlie.pk}"' not in message.body_html
    )


def test_rate_limit(social, alice, settings):
    settings.LOUNGE_RATE_LIMIT = (3, 10)
    for n in range(3):
        actions.post_message(alice, social, f"msg {n}")
    with pytest.raises(actions.RateLimited):
        actions.post_message(alice, social, "one too many")
    assert Message.objects.count() == 3


def test_rate_limit_counts_messages_by_when_they_arrived(social, alice, settings):
    """A server that fell behind saves a backlog at once: people who chatted within the
    limit are not refused for it, and each message keeps the time it was sent."""
    settings.LOUNGE_RATE_LIMIT = (3, 10)
    now = timezone.now()
    arrivals = [now - timedelta(seconds=ago) for ago in (20, 16, 12, 8, 4, 0)]
    for n, received_at in enumerate(arrivals):
        actions.post_message(alice, social, f"msg {n}", received_at=received_at)
    assert list(Message.objects.order_by("seq").values_list("created_at", flat=True)) == arrivals
    with pytest.raises(actions.RateLimited):
        for n in range(3):
            actions.post_message(alice, social, f"burst {n}")


def test_a_message_is_never_dated_in_the_future(social, alice):
    later = timezone.now() + timedelta(hours=1)
    message, _ = actions.post_message(alice, social, "hello", received_at=later)
    assert message.created_at <= timezone.now()


def test_slow_mode(social, alice, bob):
    social.slow_mode_seconds = 30
    social.save()
    actions.post_message(bob, social, "first")
    with pytest.raises(actions.SlowMode, match="Slow mode"):
        actions.post_message(bob, social, "second")


def test_edit_own_message_marks_it_edited(social, alice, bob):
    message, _ = actions.post_message(alice, social, "helo")
    edited = actions.edit_message(alice, message, "hello **all**")
    assert edited.edited_at is not None
    assert "<strong>all</strong>" in edited.body_html
    with pytest.raises(actions.NotAllowed):
        actions.edit_message(bob, message, "hijack")


def test_edit_window_closes(social, alice, settings):
    settings.LOUNGE_EDIT_WINDOW_SECONDS = 60
    message, _ = actions.post_message(alice, social, "old")
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    message.refresh_from_db()
    with pytest.raises(actions.EditWindowClosed):
        actions.edit_message(alice, message, "new")


def test_soft_delete_keeps_the_row_without_text(social, alice, bob, moderator):
    message, _ = actions.post_message(alice, social, "oops @bob")
    with pytest.raises(actions.NotAllowed):
        actions.delete_message(bob, message)
    deleted = actions.delete_message(alice, message)
    assert deleted.deleted_at and deleted.body == "" and deleted.body_html == ""
    assert not Mention.objects.exists()
    other, _ = actions.post_message(bob, social, "rude")
    # Moderators hide (logged, with a reason) rather than delete others' messages.
    with pytest.raises(actions.NotAllowed):
        actions.delete_message(moderator, other)


def test_reactions_toggle(social, alice, bob):
    message, _ = actions.post_message(alice, social, "hi")
    assert actions.toggle_reaction(bob, message, "👍") is True
    assert actions.toggle_reaction(alice, message, "👍") is True
    assert message.reactions.count() == 2
    assert actions.toggle_reaction(bob, message, "👍") is False
    assert list(message.reactions.values_list("user__username", flat=True)) == ["alice"]


@pytest.mark.parametrize("emoji", ["", "a", "<b>", "👍" * 20, "1", "&amp;", "👍a"])
def test_reaction_must_be_an_emoji(social, alice, emoji):
    message, _ = actions.post_message(alice, social, "hi")
    with pytest.raises(actions.InvalidInput):
        actions.toggle_reaction(alice, message, emoji)


def test_reply_must_be_in_same_channel(social, group_chat, alice):
    elsewhere, _ = actions.post_message(alice, group_chat, "private")
    with pytest.raises(actions.InvalidInput):
        actions.post_message(alice, social, "re", reply_to_id=elsewhere.pk)
    original, _ = actions.post_message(alice, social, "question")
    reply, _ = actions.post_message(alice, social, "answer", reply_to_id=original.pk)
    assert reply.reply_to == original


def test_read_marker_only_moves_forward(social, alice, bob):
    for n in range(3):
        actions.post_message(alice, social, f"m{n}")
    assert actions.mark_read(bob, social, 2) == 2
    assert actions.mark_read(bob, social, 1) == 2
    social.refresh_from_db()
    assert actions.mark_read(bob, social, 99) == 3


def test_unread_and_mention_counts(social, alice, bob):
    actions.post_message(alice, social, "hi")
    actions.post_message(alice, social, "@bob look")
    actions.post_message(bob, social, "mine")  # posting reads up to it
    actions.post_message(alice, social, "after")
    membership = Membership.objects.with_unread().get(user=bob, channel=social)
    assert (membership.unread, membership.unread_mentions) == (1, 0)
    alice_view = Membership.objects.with_unread().get(user=alice, channel=social)
    assert alice_view.unread == 0


def test_hidden_messages_do_not_count_as_unread(social, alice, bob, moderator):
    spam, _ = actions.post_message(alice, social, "buy cheap essays")
    actions.post_message(alice, social, "sorry, wrong channel")

    actions.hide_message(moderator, spam, "Spam")

    membership = Membership.objects.with_unread().get(user=bob, channel=social)
    assert membership.unread == 1


def test_only_moderators_archive_a_community_channel_not_its_creator(social, alice, bob, moderator):
    for person in (bob, alice):  # a member; the student who created it
        with pytest.raises(actions.NotAllowed):
            actions.archive_channel(person, social)
    actions.archive_channel(moderator, social, "Moved to #study-tips")
    with pytest.raises(actions.NotAllowed):
        actions.post_message(alice, social, "too late")
    with pytest.raises(actions.InvalidInput):
        actions.archive_channel(moderator, social, "again")


def test_a_channels_own_moderator_archives_it_and_a_moderator_brings_it_back(
    social, alice, bob, moderator, audit_log
):
    actions.set_channel_role(social, bob, Membership.Role.MODERATOR)
    actions.archive_channel(bob, social, "Quiet for the holidays")
    assert social.is_archived
    with pytest.raises(actions.NotAllowed):
        actions.unarchive_channel(alice, social)
    actions.unarchive_channel(moderator, social, "Back for term")
    social.refresh_from_db()
    assert not social.is_archived
    actions.post_message(alice, social, "hello again")
    assert [entry[1] for entry in audit_log()] == ["archive_channel", "unarchive_channel"]
    with pytest.raises(actions.InvalidInput):
        actions.unarchive_channel(moderator, social, "not archived")


def test_moderator_archives_anyones_channel_with_a_reason_that_is_recorded(
    bob, moderator, audit_log
):
    channel = actions.create_channel(bob, kind=Channel.Kind.SOCIAL, name="bobs")
    actions.archive_channel(moderator, channel, "Spam channel")
    assert channel.is_archived
    assert audit_log() == [(moderator, "archive_channel", None, channel, "Spam channel")]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_moderator_archiving_without_a_reason_changes_nothing(bob, moderator, reason, audit_log):
    channel = actions.create_channel(bob, kind=Channel.Kind.SOCIAL, name="bobs")
    with pytest.raises(actions.ReasonRequired):
        actions.archive_channel(moderator, channel, reason)
    channel.refresh_from_db()
    assert not channel.is_archived
    assert audit_log() == []


def test_a_moderator_archives_their_own_channel_without_a_reason(moderator, audit_log):
    mine = actions.create_channel(moderator, kind=Channel.Kind.SOCIAL, name="moes")
    actions.archive_channel(moderator, mine)
    assert mine.is_archived
    assert audit_log() == []


def test_direct_channel_is_reused(alice, bob, charlie):
    first = actions.open_direct_channel(alice, [bob])
    again = actions.open_direct_channel(bob, [alice])
    group = actions.open_direct_channel(alice, [bob, charlie])
    assert first == again and group != first
    assert set(group.memberships.values_list("user__username", flat=True)) == {
        "alice",
        "bob",
        "charlie",
    }
    with pytest.raises(actions.InvalidInput):
        actions.open_direct_channel(alice, [alice])


def test_owned_channel_membership_is_kept_in_step(alice, bob, charlie):
    owner = charlie.profile  # any model instance stands in for a course or group
    channel = actions.ensure_owned_channel(
        owner, Channel.Kind.COURSE, name="STAT101", people=lambda: [(alice, False)]
    )
    again = actions.ensure_owned_channel(
        owner, Channel.Kind.COURSE, name="STAT101", people=lambda: [(bob, True)]
    )
    assert again == channel
    assert Channel.objects.owned_by(owner, Channel.Kind.COURSE).get() == channel
    actions.sync_owned_member(channel, bob, member=True)
    actions.sync_owned_member(channel, bob, member=True)
    assert channel.memberships.count() == 2
    actions.sync_owned_member(channel, bob, member=True, moderator=True)
    assert permissions.can_moderate_channel(bob, channel)
    actions.sync_owned_member(channel, bob, member=False)
    assert not permissions.is_member(bob, channel)
    with pytest.raises(actions.NotAllowed):
        actions.post_message(bob, channel, "still here?")
    assert not permissions.can_leave_channel(alice, channel)
    with pytest.raises(actions.NotAllowed, match="Leave the course or group"):
        actions.leave_channel(alice, channel)


def test_social_channels_and_conversations_can_be_left(alice, bob, charlie, social):
    assert permissions.can_leave_channel(alice, social)
    actions.leave_channel(alice, social)
    assert not permissions.can_leave_channel(alice, social)
    with pytest.raises(actions.NotAllowed):
        actions.leave_channel(alice, social)
    group_talk = actions.open_direct_channel(alice, [bob, charlie])
    assert permissions.can_leave_channel(bob, group_talk)
    # Two people: leaving would leave the other talking to nobody; they mute or block.
    pair = actions.open_direct_channel(alice, [bob])
    assert not permissions.can_leave_channel(bob, pair)
    with pytest.raises(actions.NotAllowed, match="mute it"):
        actions.leave_channel(bob, pair)


def test_social_channel_needs_a_name(alice):
    with pytest.raises(actions.InvalidInput):
        actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="  ")
    with pytest.raises(actions.InvalidInput):
        actions.create_channel(alice, kind="bogus", name="x")


def test_channel_name_with_markup_is_stored_as_text(mallory):
    channel = actions.create_channel(
        mallory, kind=Channel.Kind.SOCIAL, name="<script>x</script>", topic="<b>hi</b>"
    )
    assert channel.name == "<script>x</script>"
    assert channel.slug == "scriptxscript"
