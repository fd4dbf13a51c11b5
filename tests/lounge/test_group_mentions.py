"""Group mentions: @here (members online now), @channel and @everyone (every member),
@moderators, and a study group's @organisers; who may use the loud ones; blocks,
muted channels and the author are left out as for any mention."""

import asyncio

import pytest
from django.conf import settings as django_settings

from accounts.models import Notification
from lounge import actions, group_mentions, presence
from lounge.models import Channel, CommunitySettings, Membership, Mention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_presence():
    presence.get_store().clear()
    yield
    presence.get_store().clear()


def online(user, channel=None):
    asyncio.run(presence.get_store().touch(user.pk, f"conn-{user.pk}", presence.ONLINE))


def mentioned(message):
    return set(Mention.objects.filter(message=message).values_list("user__username", flat=True))


def test_here_mentions_the_members_online_now(social, alice, bob, charlie, post):
    actions.join_channel(charlie, social)
    online(bob)
    message = post(alice, social, "@here quiz starts in 5 minutes")
    assert mentioned(message) == {"bob"}
    assert 'class="mention mention--group" data-group="here"' in message.body_html
    assert Notification.objects.filter(recipient=bob, kind="mention").exists()
    assert not Notification.objects.filter(recipient=charlie).exists()


def test_channel_and_everyone_mention_every_member_but_the_author(
    social, alice, bob, charlie, post
):
    actions.join_channel(charlie, social)
    for text in ("@channel room change!", "@everyone room change!"):
        message = post(alice, social, text)
        assert mentioned(message) == {"bob", "charlie"}


def test_blocks_and_muted_channels_still_apply(social, alice, bob, charlie, post):
    actions.join_channel(charlie, social)
    from accounts.actions import block

    block(bob, alice)
    actions.set_channel_muted(charlie, social, True)
    post(alice, social, "@channel hello")
    assert not Notification.objects.filter(recipient__in=[bob, charlie]).exists()


def test_loud_mentions_in_a_large_channel_are_for_moderators(social, alice, bob, post, moderator):
    settings_row = CommunitySettings.load()
    settings_row.group_mention_max_members = 1
    settings_row.save()
    with pytest.raises(actions.InvalidInput, match="only moderators"):
        actions.post_message(bob, social, "@channel look at this")
    assert not social.messages.exists()
    actions.join_channel(moderator, social)
    message = post(moderator, social, "@channel the channel moves tomorrow")
    assert mentioned(message) == {"alice", "bob"}
    # Quiet group mentions are for everyone.
    actions.set_channel_role(social, moderator, Membership.Role.MODERATOR)
    message = post(bob, social, "@moderators could you pin this?")
    assert mentioned(message) == {"moe"}


def test_editing_in_a_loud_mention_follows_the_same_rule(social, alice, bob, post):
    settings_row = CommunitySettings.load()
    settings_row.group_mention_max_members = 1
    settings_row.save()
    message = post(bob, social, "hello")
    with pytest.raises(actions.InvalidInput):
        actions.edit_message(bob, message, "hello @here")
    message.refresh_from_db()
    assert message.body == "hello"


def test_group_mentions_in_code_or_links_stay_text(social, alice, bob, post):
    message = post(alice, social, "`@channel` is how you ping everyone")
    assert mentioned(message) == set()
    assert "mention--group" not in message.body_html


def test_organisers_of_a_study_group(alice, bob, charlie, post):
    from groups import actions as group_actions
    from groups.actions import group_channel
    from tests.groups.conftest import build_group

    group = build_group(alice, name="Stats buddies")
    group_actions.join_group(bob, group)
    group_actions.join_group(charlie, group)
    chat = group_channel(group)
    message = post(bob, chat, "@organisers can we move to Thursday?")
    assert mentioned(message) == {"alice"}
    # Anywhere else @organisers is plain text.
    other = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="elsewhere")
    actions.join_channel(bob, other)
    message = post(bob, other, "@organisers?")
    assert mentioned(message) == set() and "mention" not in message.body_html


def test_nobody_can_have_a_group_mention_as_handle():
    assert set(group_mentions.reserved_names()) <= set(django_settings.ACCOUNT_USERNAME_BLACKLIST)
    from accounts.adapter import AccountAdapter

    assert AccountAdapter().generate_unique_username(["Here", "member"]) != "here"


def test_suggestions_for_the_message_box(social, alice, bob, charlie, client):
    client.force_login(alice)
    url = f"/lounge/c/{social.slug}/people/"
    found = client.get(url, {"q": "bo"}).json()["suggestions"]
    assert found == [{"handle": "bob", "label": bob.display_name}]
    everything = [s["handle"] for s in client.get(url).json()["suggestions"]]
    assert "alice" not in everything and "bob" in everything
    groups = [s["handle"] for s in client.get(url, {"q": "ch"}).json()["suggestions"]]
    assert groups == ["channel"]


def test_suggestions_leave_out_blocked_people(social, alice, bob, client):
    from accounts.actions import block

    block(alice, bob)
    client.force_login(alice)
    found = client.get(f"/lounge/c/{social.slug}/people/", {"q": "bo"}).json()["suggestions"]
    assert found == []


def test_suggestions_are_for_readers_of_the_channel(group_chat, mallory, client):
    client.force_login(mallory)
    assert client.get(f"/lounge/c/{group_chat.slug}/people/").status_code == 404
    assert client.get("/lounge/c/no-such-channel/people/").status_code == 404


def test_reactions_say_which_emoji_in_words(social, alice, bob, post, client):
    message = post(alice, social, "Exam passed")
    actions.toggle_reaction(bob, message, "🏆")
    actions.toggle_reaction(bob, message, "❤️")
    client.force_login(alice)
    page = client.get(social.get_absolute_url()).content.decode()
    assert 'aria-label="trophy, 1: Bob Baptiste"' in page
    assert 'data-name="red heart"' in page
