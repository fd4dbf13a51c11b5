"""Every way one person can reach another, walked with a block each way round.

Each test gets `sides`: (blocker, blocked), once as alice blocking bob and once as bob
blocking alice. The blocked side tries to reach the blocker by each path and must fail
without being told why: no notification, no mention, no DM, a vague refusal or a
silent drop. Presence and typing are ephemeral and tested with the consumers.
"""

import pytest

from accounts.actions import block
from accounts.models import Notification
from groups import actions as groups
from groups.models import Invitation, JoinRequest
from lounge import actions as lounge
from lounge.models import Channel, Mention, Message
from tests.notices import notice_texts


@pytest.fixture(params=["alice blocks bob", "bob blocks alice"])
def sides(request, alice, bob):
    """(blocker, blocked); the test makes the block when its state is in place."""
    return (alice, bob) if request.param == "alice blocks bob" else (bob, alice)


@pytest.fixture
def social(sides, charlie):
    """A social channel the blocker created and both others joined."""
    blocker, blocked = sides
    channel = lounge.create_channel(blocker, kind=Channel.Kind.SOCIAL, name="study-hall")
    lounge.join_channel(blocked, channel)
    lounge.join_channel(charlie, channel)
    return channel


def make_group(owner, visibility, capacity=6):
    return groups.create_group(
        owner,
        name=f"{owner.username}'s {visibility} group",
        description="",
        course=None,
        capacity=capacity,
        visibility=visibility,
        topics=[],
        languages=[],
        slots=[],
    )


def shown_to(person):
    """What the person's home and header badge list."""
    return notice_texts(person)


def assert_unreached(person):
    assert not Notification.objects.filter(recipient=person).exists()
    assert not Mention.objects.filter(user=person).exists()


def assert_vague(refused):
    assert "block" not in str(refused.value).lower()


# Direct messages -------------------------------------------------------------------------


def test_direct_message_cannot_be_opened_or_continued(sides):
    blocker, blocked = sides
    earlier = lounge.open_direct_channel(blocker, [blocked])
    block(blocker, blocked)

    with pytest.raises(lounge.NotAllowed) as refused:
        lounge.open_direct_channel(blocked, [blocker])
    assert_vague(refused)
    with pytest.raises(lounge.NotAllowed) as refused:
        lounge.post_message(blocked, earlier, "are you there?")
    assert_vague(refused)

    assert not Message.objects.filter(author=blocked).exists()
    assert_unreached(blocker)


def test_group_direct_message_cannot_include_the_blocker(sides, charlie):
    blocker, blocked = sides
    earlier = lounge.open_direct_channel(charlie, [blocker, blocked])
    block(blocker, blocked)

    with pytest.raises(lounge.NotAllowed) as refused:
        lounge.open_direct_channel(blocked, [blocker, charlie])
    assert_vague(refused)
    with pytest.raises(lounge.NotAllowed):
        lounge.post_message(blocked, earlier, "hi all")
    lounge.post_message(charlie, earlier, "charlie is not part of the block")

    assert not Message.objects.filter(author=blocked).exists()
    # Charlie's message reaches the blocker; nothing from the blocked person does.
    assert not Notification.objects.filter(recipient=blocker, actor=blocked).exists()
    assert not Mention.objects.filter(user=blocker).exists()


# Messages in a shared channel -----------------------------------------------------------


def test_a_mention_is_not_recorded_on_posting_or_editing(sides, social):
    blocker, blocked = sides
    block(blocker, blocked)

    message, _ = lounge.post_message(blocked, social, f"hey @{blocker.username}")
    lounge.edit_message(blocked, message, f"hey again @{blocker.username} and @charlie")

    assert list(message.mentions.values_list("user__username", flat=True)) == ["charlie"]
    assert_unreached(blocker)


def test_a_reply_quoting_the_blocker_does_not_reach_them(sides, social):
    blocker, blocked = sides
    original, _ = lounge.post_message(blocker, social, "my notes on Bayes")
    block(blocker, blocked)

    reply, _ = lounge.post_message(
        blocked, social, f"@{blocker.username} wrong!", reply_to_id=original.pk
    )

    assert reply.reply_to == original
    assert_unreached(blocker)


def test_reactions_notify_nobody(sides, social, charlie):
    """Reactions never notify, so a blocked person's reaction tells the blocker nothing."""
    blocker, blocked = sides
    original, _ = lounge.post_message(blocker, social, "my notes on Bayes")
    lounge.toggle_reaction(charlie, original, "👍")
    block(blocker, blocked)

    assert lounge.toggle_reaction(blocked, original, "👎") is True

    assert not Notification.objects.exists()
    assert_unreached(blocker)


# Groups ---------------------------------------------------------------------------------


def test_an_invitation_is_refused_and_an_earlier_one_ends_unseen(sides):
    blocker, blocked = sides
    earlier_group = make_group(blocked, "invite")
    earlier = groups.invite(blocked, earlier_group, blocker)
    block(blocker, blocked)

    with pytest.raises(groups.NotAllowed) as refused:
        groups.invite(blocked, make_group(blocked, "request"), blocker)
    assert_vague(refused)

    earlier.refresh_from_db()
    assert earlier.status == Invitation.Status.DECLINED
    assert shown_to(blocker) == []


def test_a_join_request_is_refused_however_often_it_is_asked(sides):
    blocker, blocked = sides
    group = make_group(blocker, "request")
    block(blocker, blocked)

    for _attempt in range(3):
        with pytest.raises(groups.NotAllowed) as refused:
            groups.request_to_join(blocked, group, "let me in")
        assert_vague(refused)
        groups.withdraw_request(blocked, group)

    assert not JoinRequest.objects.exists()
    assert_unreached(blocker)


def test_an_earlier_join_request_leaves_the_queue(sides):
    blocker, blocked = sides
    group = make_group(blocker, "request")
    earlier = groups.request_to_join(blocked, group, "let me in")
    block(blocker, blocked)

    earlier.refresh_from_db()
    assert earlier.status == JoinRequest.Status.WITHDRAWN
    assert shown_to(blocker) == []


def test_waitlist_news_carries_no_one_across_a_block(sides, charlie):
    """A freed seat is news of the group, not of a person: the blocker still gets their
    seat and is told so, with no actor and nobody named; the blocked person taking a seat
    in the blocker's group tells the blocker nothing."""
    blocker, blocked = sides
    blockers_group = make_group(blocker, "open", capacity=2)
    groups.join_group(charlie, blockers_group)
    groups.join_waitlist(blocked, blockers_group)
    blocked_group = make_group(blocked, "open", capacity=2)
    groups.join_group(charlie, blocked_group)
    groups.join_waitlist(blocker, blocked_group)
    block(blocker, blocked)

    groups.leave_group(charlie, blockers_group)
    groups.leave_group(charlie, blocked_group)

    [seat_news] = Notification.objects.filter(recipient=blocker)
    assert seat_news.actor is None
    assert "seat opened up" in seat_news.text
    assert blocked.display_name not in seat_news.text
    assert shown_to(blocker) == [seat_news.text]


# Reports --------------------------------------------------------------------------------


def test_a_report_and_its_outcome_do_not_reach_the_reported_blocker(sides, social, moderator):
    """The reported person is never told; the outcome goes to the reporter alone."""
    blocker, blocked = sides
    message, _ = lounge.post_message(blocker, social, "my notes on Bayes")
    block(blocker, blocked)

    report = lounge.file_report(blocked, message, "spam", f"@{blocker.username} spams")
    lounge.resolve_report(moderator, report, outcome="dismissed", reason="not spam")

    assert Notification.objects.filter(recipient=blocked).count() == 1
    assert_unreached(blocker)


def test_the_outcome_of_the_blockers_report_speaks_for_the_moderators(sides, charlie):
    """A blocked person who moderates the channel still closes the blocker's report: the
    outcome names no moderator and carries no actor, so moderation is not silenced by a
    block and the moderator does not reach the reporter as a person."""
    blocker, blocked = sides
    chat = lounge.create_channel(
        None, kind=Channel.Kind.COURSE, name="STAT101", members=[blocker, blocked, charlie]
    )
    lounge.set_channel_role(chat, blocked, "moderator")
    message, _ = lounge.post_message(charlie, chat, "spam spam spam")
    report = lounge.file_report(blocker, message, "spam", "")
    block(blocker, blocked)

    lounge.resolve_report(blocked, report, outcome="actioned", reason="hid it")

    [outcome] = Notification.objects.filter(recipient=blocker)
    assert outcome.actor is None
    assert blocked.display_name not in outcome.text
    assert shown_to(blocker) == [outcome.text]
