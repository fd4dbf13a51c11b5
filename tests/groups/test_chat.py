"""A study group's chat: its members are exactly the group's members, kept in step."""

import pytest
from django.urls import reverse

from courses import actions as course_actions
from groups import actions
from lounge import permissions as lounge_permissions
from lounge.actions import post_message
from lounge.models import Channel

pytestmark = pytest.mark.django_db


def chat_members(group):
    channel = actions.group_channel(group)
    return set(channel.memberships.values_list("user__username", flat=True))


def test_a_new_group_has_a_chat_with_its_owner(alice, make_group):
    group = make_group(alice, name="Bayes club")

    channel = actions.group_channel(group)
    assert channel.kind == Channel.Kind.GROUP
    assert channel.name == "Bayes club"
    assert chat_members(group) == {"alice"}


def test_joining_and_leaving_the_group_joins_and_leaves_its_chat(alice, bob, make_group):
    group = make_group(alice)

    actions.join_group(bob, group)
    assert chat_members(group) == {"alice", "bob"}

    actions.leave_group(bob, group)
    assert chat_members(group) == {"alice"}
    assert not lounge_permissions.can_read_channel(bob, actions.group_channel(group))


def test_removed_members_and_promoted_waiters_follow_in_the_chat(alice, bob, charlie, make_group):
    group = make_group(alice, capacity=2)
    actions.join_group(bob, group)
    actions.join_waitlist(charlie, group)

    actions.remove_member(alice, group, bob)

    assert chat_members(group) == {"alice", "charlie"}


def test_outsiders_cannot_read_or_post_in_a_group_chat(alice, charlie, mallory, make_group):
    group = make_group(alice)
    channel = actions.group_channel(group)
    post_message(alice, channel, "Welcome, everyone!")

    for outsider in (charlie, mallory):
        assert not lounge_permissions.can_read_channel(outsider, channel)
        assert not lounge_permissions.can_post(outsider, channel)


def test_archiving_the_group_makes_its_chat_read_only(alice, bob, make_group):
    group = make_group(alice)
    actions.join_group(bob, group)

    actions.archive_group(alice, group)

    channel = actions.group_channel(group)
    assert channel.is_archived
    assert not lounge_permissions.can_post(bob, channel)


def test_renaming_the_group_renames_its_chat(alice, make_group):
    group = make_group(alice, name="Old name")
    actions.update_group(
        alice,
        group,
        name="New name",
        description="",
        capacity=8,
        visibility="open",
        topics=[],
        languages=[],
        slots=[],
    )
    assert actions.group_channel(group).name == "New name"


def test_leaving_the_course_leaves_its_group_chats(enrolled, instructor, alice, bob, make_group):
    group = make_group(alice, course=enrolled)
    actions.join_group(bob, group)

    course_actions.remove_from_course(instructor, enrolled, bob)

    # The course's instructor stays, as the chat's moderator.
    assert chat_members(group) == {"alice", instructor.username}


def test_the_group_page_shows_members_the_chat_and_outsiders_nothing(
    client, alice, bob, charlie, make_group
):
    group = make_group(alice)
    actions.join_group(bob, group)
    post_message(alice, actions.group_channel(group), "See you **Tuesday**!")
    chat_url = reverse("lounge:channel", args=[actions.group_channel(group).slug])

    client.force_login(bob)
    page = client.get(group.get_absolute_url()).text
    assert "Group chat" in page
    assert chat_url in page
    assert "1 unread" in page

    client.force_login(charlie)
    page = client.get(group.get_absolute_url()).text
    assert chat_url not in page
    assert client.get(chat_url).status_code == 404


def test_course_staff_moderate_the_chats_of_the_course_groups(
    enrolled, instructor, alice, bob, make_group
):
    from lounge.models import Membership as ChatMembership
    from lounge.permissions import can_moderate_channel

    group = make_group(alice, course=enrolled)
    channel = actions.group_channel(group)
    assert can_moderate_channel(instructor, channel)
    assert not can_moderate_channel(alice, channel)

    course_actions.set_course_role(instructor, enrolled, bob, "ta")
    assert can_moderate_channel(bob, channel)
    assert ChatMembership.objects.get(channel=channel, user=bob).role == "moderator"

    course_actions.set_course_role(instructor, enrolled, bob, "student")
    assert not can_moderate_channel(bob, channel)
    assert not lounge_permissions.can_read_channel(bob, channel)


def test_course_staff_do_not_moderate_other_courses_groups(instructor, alice, make_group):
    from lounge.permissions import can_moderate_channel

    outside = make_group(alice)  # not tied to the instructor's course

    assert not can_moderate_channel(instructor, actions.group_channel(outside))


def test_an_enrolment_saved_with_the_same_standing_leaves_group_chats_alone(
    enrolled, instructor, alice, bob, make_group, django_assert_max_num_queries
):
    """Only a change between student and staff re-syncs the course's group chats."""
    from courses.models import Enrolment

    for name in ("One", "Two", "Three"):
        make_group(alice, course=enrolled, name=name)
    enrolment = Enrolment.objects.get(course=enrolled, user=bob)

    with django_assert_max_num_queries(1):  # the UPDATE alone
        enrolment.save()

    course_actions.set_course_role(instructor, enrolled, bob, "ta")
    course_actions.set_course_role(instructor, enrolled, bob, "ta")  # no change the second time
    for group in enrolled.study_groups.all():
        assert actions.group_channel(group).memberships.get(user=bob).role == "moderator"
