"""Moderation where the conversation is: a channel's moderators hide, approve, reject
and mute from a message's menu, and lock or slow the channel from its header. Each
calls the moderation verb (audit log, live update); everyone else gets a 404, whether
they post the form or open the page."""

import pytest
from django.urls import reverse

from accounts.models import ModerationAction
from lounge import actions
from lounge.models import Channel, ChannelMute, Membership, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_chat(alice, bob, instructor):
    channel = actions.create_channel(
        None, kind=Channel.Kind.COURSE, name="STAT101", members=[alice, bob]
    )
    actions.set_channel_role(channel, instructor, Membership.Role.MODERATOR)
    return channel


@pytest.fixture
def rude(course_chat, bob, post):
    return post(bob, course_chat, "You are all idiots")


def moderate(client, message, **data):
    return client.post(reverse("lounge:message_moderate", args=[message.pk]), data)


def test_a_channel_moderator_hides_from_the_menu_with_a_reason(client, instructor, rude):
    client.force_login(instructor)
    page = client.get(rude.channel.get_absolute_url()).content.decode()
    assert "moderate/" in page and "Moderate" in page  # in the menu and the header
    response = moderate(client, rude, action="hide", reason="Insults the class")
    assert response.status_code == 302
    rude.refresh_from_db()
    assert rude.is_hidden and rude.hidden_reason == "Insults the class"
    assert ModerationAction.objects.filter(action="hide_message", actor=instructor).exists()


def test_the_reason_is_required_and_nothing_changes_without_it(client, instructor, rude):
    client.force_login(instructor)
    response = moderate(client, rude, action="hide", reason="  ")
    assert response.status_code == 400
    assert "reason" in response.content.decode().lower()
    rude.refresh_from_db()
    assert not rude.is_hidden


def test_mute_the_author_for_a_chosen_time(client, instructor, rude, bob):
    client.force_login(instructor)
    response = client.post(
        reverse("lounge:message_moderate", args=[rude.pk]),
        {"action": "mute", "duration_minutes": "1440", "reason": "Cool off"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Muted in this channel" in response.content.decode()
    mute = ChannelMute.objects.get(user=bob, channel=rude.channel)
    assert 23.9 < (mute.until - mute.created_at).total_seconds() / 3600 <= 24


def test_approve_and_reject_are_offered_for_held_messages(
    client, instructor, course_chat, alice, settings
):
    held = Message.objects.create(
        channel=course_chat,
        seq=99,
        author=alice,
        body="held",
        body_html="<p>held</p>",
        pending=True,
    )
    client.force_login(instructor)
    page = client.get(reverse("lounge:message_moderate", args=[held.pk])).content.decode()
    assert 'value="approve"' in page and 'value="reject"' in page and 'value="hide"' not in page
    moderate(client, held, action="approve", reason="Fine")
    held.refresh_from_db()
    assert not held.pending and not held.is_hidden


def test_an_action_not_offered_is_refused(client, instructor, rude):
    client.force_login(instructor)
    response = moderate(client, rude, action="approve", reason="sneaky")
    assert response.status_code == 400
    rude.refresh_from_db()
    assert not rude.pending and not rude.is_hidden


@pytest.mark.parametrize("persona", ["alice", "bob", "outsider", "other_moderator"])
def test_everyone_else_gets_the_same_404(client, request, rude, persona, mallory):
    people = {
        "alice": request.getfixturevalue("alice"),
        "bob": request.getfixturevalue("bob"),
        "outsider": mallory,
    }
    if persona == "other_moderator":
        other = actions.create_channel(None, kind=Channel.Kind.COURSE, name="CS201", members=[])
        people[persona] = mallory
        actions.set_channel_role(other, mallory, Membership.Role.MODERATOR)
    client.force_login(people[persona])
    assert client.get(reverse("lounge:message_moderate", args=[rude.pk])).status_code == 404
    assert moderate(client, rude, action="hide", reason="x").status_code == 404
    assert client.get(reverse("lounge:message_moderate", args=[999_999])).status_code == 404
    url = reverse("lounge:channel_moderate", args=[rude.channel.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "lock", "reason": "x"}).status_code == 404
    rude.refresh_from_db()
    rude.channel.refresh_from_db()
    assert not rude.is_hidden and not rude.channel.is_locked
    page = client.get(rude.channel.get_absolute_url())
    if page.status_code == 200:
        assert "/moderate/" not in page.content.decode()


def test_a_site_moderator_moderates_any_channel(client, moderator, rude):
    client.force_login(moderator)
    moderate(client, rude, action="hide", reason="Site rule")
    rude.refresh_from_db()
    assert rude.is_hidden


def test_lock_unlock_and_slow_mode_from_the_header(client, instructor, course_chat):
    client.force_login(instructor)
    url = reverse("lounge:channel_moderate", args=[course_chat.slug])
    assert "Open: every member can post." in client.get(url).content.decode()
    client.post(url, {"action": "lock", "reason": "Exam in progress"})
    course_chat.refresh_from_db()
    assert course_chat.is_locked
    client.post(url, {"action": "unlock", "reason": "Exam over"})
    course_chat.refresh_from_db()
    assert not course_chat.is_locked
    response = client.post(url, {"action": "slow_mode", "reason": "Busy", "seconds": "99999"})
    assert response.status_code == 400
    response = client.post(url, {"action": "slow_mode", "reason": "Busy"})
    assert response.status_code == 400 and "Give the seconds" in response.content.decode()
    client.post(url, {"action": "slow_mode", "reason": "Busy", "seconds": "30"})
    course_chat.refresh_from_db()
    assert course_chat.slow_mode_seconds == 30


def test_the_channels_reports_are_listed_for_its_moderators(client, instructor, rude, alice):
    actions.file_report(alice, rude, reason="harassment", note="<b>mean</b>")
    client.force_login(instructor)
    page = client.get(reverse("lounge:channel_moderate", args=[rude.channel.slug])).content.decode()
    assert "Harassment" in page and "/admin/lounge/report/" in page
    channel_page = client.get(rude.channel.get_absolute_url()).content.decode()
    assert '1<span class="visually-hidden"> open report</span>' in channel_page
    fragment = client.get(
        reverse("lounge:message_moderate", args=[rude.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Open reports about it" in fragment and "<html" not in fragment
