"""The batched access checks behind notifications agree with the one-at-a-time ones."""

from groups import actions
from groups.permissions import detail_visible_pairs, groups_with_details_visible_to
from lounge import actions as lounge
from lounge.models import Channel
from lounge.permissions import can_read_channel, readable_channel_pairs

from .conftest import build_group


def test_detail_visible_pairs_match_groups_with_details_visible_to(
    enrolled, alice, bob, charlie, instructor, moderator, mallory
):
    groups = [
        build_group(alice, name="Open"),
        build_group(alice, name="Invite only", visibility="invite"),
        build_group(alice, name="Course open", course=enrolled),
        build_group(bob, name="Course invite", course=enrolled, visibility="invite"),
        build_group(charlie, name="Archived"),
    ]
    actions.archive_group(charlie, groups[4])
    actions.join_group(bob, groups[0])
    people = [alice, bob, charlie, instructor, moderator, mallory]
    pairs = {(person.pk, group.pk) for person in people for group in groups}

    expected = {
        (person.pk, group.pk)
        for person in people
        for group in groups
        if groups_with_details_visible_to(person).filter(pk=group.pk).exists()
    }
    assert detail_visible_pairs(pairs) == expected
    assert (charlie.pk, groups[1].pk) not in expected  # the check is not vacuous


def test_readable_channel_pairs_match_can_read_channel(alice, bob, charlie):
    public = lounge.create_channel(alice, kind=Channel.Kind.SOCIAL, name="open-chat")
    private = lounge.create_channel(None, kind=Channel.Kind.GROUP, name="Team", members=[alice])
    direct = lounge.open_direct_channel(alice, [bob])
    charlie.is_active = False
    charlie.save(update_fields=["is_active"])
    people, channels = [alice, bob, charlie], [public, private, direct]
    pairs = {(person.pk, channel.pk) for person in people for channel in channels}

    expected = {
        (person.pk, channel.pk)
        for person in people
        for channel in channels
        if can_read_channel(person, channel)
    }
    assert readable_channel_pairs(pairs) == expected
    assert (bob.pk, private.pk) not in expected
