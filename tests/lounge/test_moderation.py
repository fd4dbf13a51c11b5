"""Lounge moderation verbs: the permission matrix (student, moderator of this channel,
moderator of another channel, site moderator), reasons and durations, enforcement of
mutes, locks and blocks on every posting path, reports, pre-moderation and flags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import moderation as site
from accounts.actions import block
from accounts.models import ModerationAction, Notification
from lounge import actions, permissions
from lounge.models import Channel, ChannelMute, CommunitySettings, Membership, Message, Report
from tests.factories import UserFactory
from tests.notices import notice_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_chat(alice, bob, instructor):
    """A course channel: alice and bob are students, the instructor moderates it."""
    channel = actions.create_channel(
        None, kind=Channel.Kind.COURSE, name="STAT101", members=[alice, bob]
    )
    actions.set_channel_role(channel, instructor, Membership.Role.MODERATOR)
    return channel


@pytest.fixture
def other_ta(db):
    """A TA who moderates another course's channel only."""
    ta = UserFactory(username="tara", display_name="Tara TA")
    other = actions.create_channel(None, kind=Channel.Kind.COURSE, name="CS201", members=[])
    actions.set_channel_role(other, ta, Membership.Role.MODERATOR)
    return ta


@pytest.fixture
def personas(bob, instructor, other_ta, moderator):
    return {
        "student": bob,
        "channel_moderator": instructor,
        "other_channel_moderator": other_ta,
        "site_moderator": moderator,
    }


ALLOWED = {"channel_moderator", "site_moderator"}


def _hide(actor, chat, alice, charlie):
    message, _ = actions.post_message(alice, chat, "rude words")
    actions.hide_message(actor, message, "insulting")


def _mute(actor, chat, alice, charlie):
    actions.mute_in_channel(actor, chat, alice, timedelta(hours=1), "cool off")


def _lift(actor, chat, alice, charlie):
    mute = ChannelMute.objects.create(
        channel=chat, user=alice, until=timezone.now() + timedelta(hours=1), reason="x"
    )
    actions.lift_mute(actor, mute, "apologised")


def _lock(actor, chat, alice, charlie):
    actions.lock_channel(actor, chat, "heated thread")


def _unlock(actor, chat, alice, charlie):
    Channel.objects.filter(pk=chat.pk).update(locked_at=timezone.now())
    actions.unlock_channel(actor, chat, "calm again")


def _slow(actor, chat, alice, charlie):
    actions.set_slow_mode(actor, chat, 30, "busy")


def _pending(chat, alice):
    CommunitySettings.objects.create(premoderate_first_messages=1)
    message, _ = actions.post_message(alice, chat, "first post")
    assert message.pending
    return message


def _approve(actor, chat, alice, charlie):
    actions.approve_message(actor, _pending(chat, alice), "fine")


def _reject(actor, chat, alice, charlie):
    actions.reject_message(actor, _pending(chat, alice), "spam link")


def _resolve(actor, chat, alice, charlie):
    message, _ = actions.post_message(alice, chat, "hmm")
    report = actions.file_report(charlie, message, "spam", "")
    actions.resolve_report(actor, report, outcome="dismissed", reason="not spam")


VERBS = {
    "hide_message": _hide,
    "mute_in_channel": _mute,
    "lift_mute": _lift,
    "lock_channel": _lock,
    "unlock_channel": _unlock,
    "set_slow_mode": _slow,
    "approve_message": _approve,
    "reject_message": _reject,
    "resolve_report": _resolve,
}


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize(
    "persona", ["student", "channel_moderator", "other_channel_moderator", "site_moderator"]
)
def test_permission_matrix(verb, persona, personas, course_chat, alice, charlie):
    """Only the channel's moderators and site moderators may moderate; each allowed action
    is in the audit log with its reason, a refused one writes nothing."""
    actions.add_channel_member(course_chat, charlie)
    actor = personas[persona]
    before = ModerationAction.objects.count()
    if persona in ALLOWED:
        VERBS[verb](actor, course_chat, alice, charlie)
        entry = ModerationAction.objects.order_by("-pk").first()
        assert ModerationAction.objects.count() == before + 1
        assert entry.actor == actor and entry.reason
    else:
        with pytest.raises(actions.NotAllowed):
            VERBS[verb](actor, course_chat, alice, charlie)
        assert ModerationAction.objects.count() == before


@pytest.mark.parametrize("persona", ["student", "other_channel_moderator"])
def test_permission_predicates(persona, personas, course_chat):
    assert not permissions.can_moderate_channel(personas[persona], course_chat)


def test_site_moderator_and_channel_moderator_predicates(personas, course_chat, social):
    assert permissions.can_moderate_channel(personas["site_moderator"], social)
    assert permissions.can_moderate_channel(personas["channel_moderator"], course_chat)
    assert not permissions.can_moderate_channel(personas["channel_moderator"], social)


# Reasons and durations ----------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_every_verb_needs_a_reason(course_chat, instructor, alice, reason):
    message, _ = actions.post_message(alice, course_chat, "hello")
    with pytest.raises(actions.InvalidInput, match="reason"):
        actions.hide_message(instructor, message, reason)
    with pytest.raises(actions.InvalidInput, match="reason"):
        actions.mute_in_channel(instructor, course_chat, alice, timedelta(hours=1), reason)
    with pytest.raises(actions.InvalidInput, match="reason"):
        actions.lock_channel(instructor, course_chat, reason)
    with pytest.raises(actions.InvalidInput, match="reason"):
        actions.set_slow_mode(instructor, course_chat, 10, reason)
    message.refresh_from_db()
    course_chat.refresh_from_db()
    assert not message.is_hidden and not course_chat.is_locked
    assert not ChannelMute.objects.exists() and not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    "duration",
    [timedelta(minutes=-5), timedelta(0), timedelta(minutes=9), timedelta(days=29), -10, None],
)
def test_mute_duration_is_validated(course_chat, instructor, alice, duration):
    with pytest.raises(actions.InvalidInput):
        actions.mute_in_channel(instructor, course_chat, alice, duration, "cool off")
    assert not ChannelMute.objects.exists()


@pytest.mark.parametrize("seconds", [-1, 3601, "ten", None])
def test_slow_mode_is_validated(course_chat, instructor, seconds):
    with pytest.raises(actions.InvalidInput):
        actions.set_slow_mode(instructor, course_chat, seconds, "busy")


def test_moderators_cannot_mute_each_other_or_themselves(course_chat, instructor, moderator):
    with pytest.raises(actions.NotAllowed):
        actions.mute_in_channel(instructor, course_chat, moderator, timedelta(hours=1), "x")
    with pytest.raises(actions.InvalidInput):
        actions.mute_in_channel(instructor, course_chat, instructor, timedelta(hours=1), "x")


# Enforcement -----------------------------------------------------------------------------


def test_muted_person_cannot_post_edit_or_react_and_is_told_until_when(
    course_chat, instructor, alice, bob
):
    own, _ = actions.post_message(alice, course_chat, "before the mute")
    other, _ = actions.post_message(bob, course_chat, "hi")
    actions.mute_in_channel(instructor, course_chat, alice, timedelta(hours=2), "cool off")
    with pytest.raises(actions.Muted) as refused:
        actions.post_message(alice, course_chat, "still here")
    text = str(refused.value)
    assert text.startswith("You are muted in STAT101 until ") and "Europe/Berlin" in text
    with pytest.raises(actions.Muted):
        actions.edit_message(alice, own, "edited")
    with pytest.raises(actions.Muted):
        actions.toggle_reaction(alice, other, "👍")
    assert not permissions.can_post(alice, course_chat)
    assert Message.objects.filter(author=alice).count() == 1
    # bob is not affected, and the mute ends by itself
    actions.post_message(bob, course_chat, "fine")
    ChannelMute.objects.update(until=timezone.now() - timedelta(seconds=1))
    actions.post_message(alice, course_chat, "back")


def test_lifted_mute_allows_posting(course_chat, instructor, alice):
    mute = actions.mute_in_channel(instructor, course_chat, alice, 60, "cool off")
    actions.lift_mute(instructor, mute, "apologised")
    actions.post_message(alice, course_chat, "thanks")


def test_site_mute_refuses_every_channel(social, course_chat, moderator, alice):
    site.restrict_site(moderator, alice, kind="mute", duration=timedelta(days=1), reason="spam")
    for channel in (social, course_chat):
        with pytest.raises(actions.Muted, match="muted across Commons until"):
            actions.post_message(alice, channel, "hello")


def test_banned_person_cannot_post(social, moderator, alice):
    site.restrict_site(moderator, alice, kind="ban", duration=None, reason="abuse")
    alice.refresh_from_db()
    with pytest.raises(actions.NotAllowed):
        actions.post_message(alice, social, "hello")


def test_locked_channel_refuses_everyone_but_moderators(course_chat, instructor, alice):
    actions.lock_channel(instructor, course_chat, "heated")
    with pytest.raises(actions.Locked, match="locked"):
        actions.post_message(alice, course_chat, "but")
    actions.post_message(instructor, course_chat, "Taking a break, back tomorrow.")
    actions.unlock_channel(instructor, course_chat, "calm")
    actions.post_message(alice, course_chat, "ok")


def test_slow_mode_is_logged(social, moderator, alice):
    actions.set_slow_mode(moderator, social, 30, "busy evening")
    entry = ModerationAction.objects.get()
    assert entry.action == "slow_mode" and entry.details == {"seconds": 30}
    actions.post_message(alice, social, "one")
    with pytest.raises(actions.SlowMode):
        actions.post_message(alice, social, "two")


# Hidden messages -------------------------------------------------------------------------


def test_hidden_message_is_kept_but_shown_to_nobody(social, moderator, alice, bob, client):
    message, _ = actions.post_message(alice, social, "something hurtful")
    actions.hide_message(moderator, message, "hurtful")
    message.refresh_from_db()
    assert message.body == "something hurtful"
    assert message.hidden_by == moderator and message.hidden_reason == "hurtful"
    client.force_login(bob)
    page = client.get(social.get_absolute_url()).content.decode()
    assert "something hurtful" not in page
    assert f'id="message-{message.pk}"' in page  # an empty row keeps the numbering
    with pytest.raises(Exception):  # noqa: B017 - Http404
        permissions.get_message_for(bob, message.pk)
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_user) == ("hide_message", alice)


# Reports ---------------------------------------------------------------------------------


def test_report_on_a_message_i_cannot_read_looks_missing(group_chat, alice, charlie):
    message, _ = actions.post_message(alice, group_chat, "members only")
    with pytest.raises(actions.NotFound, match="No such message"):
        actions.file_report(charlie, message, "spam", "")
    assert not Report.objects.exists()


def test_duplicate_open_report_is_refused(social, alice, bob):
    message, _ = actions.post_message(alice, social, "buy now")
    actions.file_report(bob, message, "spam", "")
    with pytest.raises(actions.InvalidInput, match="already reported"):
        actions.file_report(bob, message, "harassment", "again")
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("reason", "note", "match"),
    [
        ("nonsense", "", "reason"),
        ("spam", "x" * 10_000, "1,000"),
    ],
)
def test_bad_report_input(social, alice, bob, reason, note, match):
    message, _ = actions.post_message(alice, social, "hello")
    with pytest.raises(actions.InvalidInput, match=match):
        actions.file_report(bob, message, reason, note)
    assert not Report.objects.exists()


def test_cannot_report_yourself(social, alice):
    message, _ = actions.post_message(alice, social, "hello")
    with pytest.raises(actions.InvalidInput):
        actions.file_report(alice, message, "spam", "")
    with pytest.raises(actions.InvalidInput):
        actions.file_report(alice, alice, "spam", "")


def test_resolving_tells_the_reporter_the_outcome_only(social, moderator, alice, bob):
    message, _ = actions.post_message(alice, social, "rude")
    report = actions.file_report(bob, message, "harassment", "<script>x</script>")
    actions.hide_message(moderator, message, "rude to Bob")
    actions.resolve_report(moderator, report, outcome="actioned", reason="hid it")
    report.refresh_from_db()
    assert report.status == "actioned" and report.resolved_by == moderator
    notice = Notification.objects.get(recipient=bob)
    assert "took action" in notice.text
    assert "alice" not in notice.text.lower() and "rude to Bob" not in notice.text
    with pytest.raises(actions.InvalidInput, match="already resolved"):
        actions.resolve_report(moderator, report, outcome="dismissed", reason="again")


def test_report_a_person_and_any_object(social, alice, bob, charlie):
    person = actions.file_report(bob, alice, "harassment", "keeps messaging me")
    assert person.reported_user == alice and person.channel is None
    other = actions.file_report(charlie, social, "other", "", reported_user=alice, channel=social)
    assert other.target == social and other.channel == social


def test_course_moderator_sees_only_reports_about_their_channels(
    course_chat, social, instructor, moderator, alice, bob
):
    inside, _ = actions.post_message(alice, course_chat, "in the course")
    outside, _ = actions.post_message(alice, social, "in the lounge")
    mine = actions.file_report(bob, inside, "spam", "")
    theirs = actions.file_report(bob, outside, "spam", "")
    person = actions.file_report(bob, alice, "spam", "")
    assert list(permissions.reports_visible_to(instructor)) == [mine]
    assert set(permissions.reports_visible_to(moderator)) == {mine, theirs, person}
    assert not permissions.reports_visible_to(bob).exists()
    with pytest.raises(actions.NotAllowed):
        actions.resolve_report(instructor, theirs, outcome="dismissed", reason="x")


# Pre-moderation and automatic flags ---------------------------------------------------


def test_first_messages_wait_for_approval(social, moderator, alice, bob, client):
    CommunitySettings.objects.create(premoderate_first_messages=1)
    message, _ = actions.post_message(alice, social, "hello @bob, first post")
    assert message.pending and not message.mentions.exists()
    client.force_login(bob)
    assert "first post" not in client.get(social.get_absolute_url()).content.decode()
    client.force_login(alice)
    page = client.get(social.get_absolute_url()).content.decode()
    assert "first post" in page and "waiting for approval" in page
    actions.approve_message(moderator, message, "welcome")
    message.refresh_from_db()
    assert not message.pending and message.mentions.filter(user=bob).exists()
    client.force_login(bob)
    assert "first post" in client.get(social.get_absolute_url()).content.decode()
    second, _ = actions.post_message(alice, social, "second")
    assert not second.pending


def test_rejected_message_is_kept_hidden_and_the_author_told(social, moderator, alice):
    CommunitySettings.objects.create(premoderate_first_messages=3)
    message, _ = actions.post_message(alice, social, "buy followers")
    actions.reject_message(moderator, message, "advertising")
    message.refresh_from_db()
    assert message.is_hidden and not message.pending and message.body == "buy followers"
    assert any("did not approve" in text for text in notice_texts(alice))


def test_flagged_word_flags_but_posts(social, alice):
    CommunitySettings.objects.create(flagged_words="idiot\nshut up\n")
    message, _ = actions.post_message(alice, social, "Shut up, IDIOT!")
    assert message.is_public and "flagged word" in message.flag_reason
    report = Report.objects.get()
    assert report.reporter is None and report.target == message and report.is_open
    clean, _ = actions.post_message(alice, social, "idiotic is a different word")
    assert not clean.flag_reason


def test_flood_flags_and_mutes_automatically(social, alice):
    CommunitySettings.objects.create(flood_messages=3, flood_seconds=60, flood_mute_minutes=5)
    for n in range(3):
        actions.post_message(alice, social, f"spam {n}")
    mute = ChannelMute.objects.get(user=alice)
    assert mute.created_by is None and mute.reason == "automatic: flood"
    entry = ModerationAction.objects.get()
    assert entry.actor is None and entry.reason == "automatic: flood"
    assert Report.objects.filter(reporter=None, reason="spam").count() == 1
    assert Message.objects.filter(author=alice).count() == 3  # nothing deleted
    with pytest.raises(actions.Muted):
        actions.post_message(alice, social, "more")


# Blocks ------------------------------------------------------------------------------------


def test_blocked_person_cannot_open_or_post_in_a_dm(dm, alice, bob, charlie):
    """Neither side can reach the other in a DM; the refusal does not mention the block."""
    block(alice, bob)
    with pytest.raises(actions.NotAllowed) as refused:
        actions.post_message(bob, dm, "hey")
    assert "block" not in str(refused.value).lower()
    with pytest.raises(actions.NotAllowed):
        actions.open_direct_channel(bob, [alice])
    actions.open_direct_channel(alice, [charlie])  # others are not affected


def test_mention_from_a_blocked_person_does_not_notify(social, alice, bob):
    block(alice, bob)
    message, _ = actions.post_message(bob, social, "hey @alice")
    assert not message.mentions.exists()


def test_blocked_messages_collapse_on_page_load(social, alice, bob, client):
    actions.post_message(bob, social, "from bob")
    block(alice, bob)
    client.force_login(alice)
    page = client.get(social.get_absolute_url()).content.decode()
    assert f'.msg[data-author="{bob.pk}"]:not(:has(.msg__reveal:checked))' in page
    assert "Message from a blocked person — show" in page


# Personal mute -----------------------------------------------------------------------------


def test_personal_mute_hides_badges(social, alice, bob, client):
    actions.set_channel_muted(alice, social, True)
    actions.post_message(bob, social, "hi @alice")
    from lounge.templatetags.lounge_tags import sidebar_context

    (membership,) = sidebar_context(alice)["channels"]
    assert membership.unread == 0 and membership.unread_mentions == 0
    client.force_login(alice)
    response = client.post(f"{social.get_absolute_url()}mute/", {"muted": "0"})
    assert response.status_code == 302
    assert not Membership.objects.get(channel=social, user=alice).muted
