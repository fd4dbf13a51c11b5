"""Course staff and site staff acting on a group they do not organise are moderators:
removing a member or archiving the group needs a reason and writes exactly one audit
entry. The group's organisers need no reason and write none. A missing reason changes
nothing, through the verbs and through the group's page alike."""

import pytest
from django.urls import reverse

from accounts.moderation import ReasonRequired
from courses import actions as course_actions
from groups import actions
from groups.models import Membership, StudyGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_group(enrolled, alice, bob, make_group):
    """alice's group in the instructor's course, with bob as a member."""
    group = make_group(alice, course=enrolled)
    actions.join_group(bob, group)
    group.refresh_from_db()
    return group


def state(group):
    group.refresh_from_db()
    members = sorted(Membership.objects.filter(group=group).values_list("user__username", "role"))
    return members, group.member_count, group.is_archived


@pytest.mark.parametrize("actor", ["instructor", "moderator"])
def test_a_moderator_removing_a_member_records_one_entry(
    course_group, bob, actor, request, audit_log
):
    moderator = request.getfixturevalue(actor)
    actions.remove_member(moderator, course_group, bob, "Harassed other members")
    assert state(course_group) == ([("alice", "owner")], 1, False)
    assert audit_log() == [
        (moderator, "remove_from_group", bob, course_group, "Harassed other members")
    ]


@pytest.mark.parametrize("actor", ["instructor", "moderator"])
def test_a_moderator_archiving_a_group_records_one_entry(course_group, actor, request, audit_log):
    moderator = request.getfixturevalue(actor)
    actions.archive_group(moderator, course_group, "Term is over")
    assert state(course_group)[2]
    assert audit_log() == [(moderator, "archive_group", None, course_group, "Term is over")]


@pytest.mark.parametrize("actor", ["instructor", "moderator"])
@pytest.mark.parametrize("reason", ["", "  \x00 ", None])
def test_a_missing_reason_changes_nothing(course_group, bob, actor, reason, request, audit_log):
    moderator = request.getfixturevalue(actor)
    before = state(course_group)
    with pytest.raises(ReasonRequired):
        actions.remove_member(moderator, course_group, bob, reason)
    with pytest.raises(ReasonRequired):
        actions.archive_group(moderator, course_group, reason)
    assert state(course_group) == before
    assert audit_log() == []
    assert not bob.notifications.exists()


def test_organisers_need_no_reason_and_write_no_entry(course_group, alice, bob, charlie, audit_log):
    course_actions.enrol_with_code(charlie, course_group.course.join_code)
    actions.join_group(charlie, course_group)
    actions.set_member_role(alice, course_group, bob, "co_organiser")
    actions.remove_member(bob, course_group, charlie)
    actions.archive_group(alice, course_group)
    assert state(course_group) == ([("alice", "owner"), ("bob", "co_organiser")], 2, True)
    assert audit_log() == []


def test_course_staff_who_organise_the_group_are_organisers_there(
    enrolled, instructor, alice, bob, make_group, audit_log
):
    group = make_group(instructor, course=enrolled)
    actions.join_group(bob, group)
    actions.remove_member(instructor, group, bob)
    actions.archive_group(instructor, group)
    assert state(group) == ([("ines", "owner")], 1, True)
    assert audit_log() == []


# Through the group's page


def test_the_page_asks_moderators_only_for_a_reason(client, course_group, alice, instructor):
    client.force_login(instructor)
    assert client.get(course_group.get_absolute_url()).content.count(b'name="reason"') == 2
    client.force_login(alice)
    assert b'name="reason"' not in client.get(course_group.get_absolute_url()).content


def test_removing_through_the_page_without_a_reason_is_refused(
    client, course_group, instructor, bob, messages_of, audit_log
):
    client.force_login(instructor)
    before = state(course_group)
    url = reverse("groups:remove_member", args=[course_group.pk])
    response = client.post(url, {"user": bob.pk, "reason": " "})
    assert messages_of(response) == ["Give a reason: every moderation action is recorded with one."]
    assert state(course_group) == before and audit_log() == []

    response = client.post(url, {"user": bob.pk, "reason": "Spam"})
    assert messages_of(response) == ["Bob Baptiste was removed."]
    assert audit_log() == [(instructor, "remove_from_group", bob, course_group, "Spam")]


def test_archiving_through_the_page_without_a_reason_is_refused(
    client, course_group, moderator, messages_of, audit_log
):
    client.force_login(moderator)
    url = reverse("groups:archive", args=[course_group.pk])
    response = client.post(url)
    assert messages_of(response) == ["Give a reason: every moderation action is recorded with one."]
    assert not StudyGroup.objects.filter(archived_at__isnull=False).exists()

    client.post(url, {"reason": "Duplicate group"})
    assert state(course_group)[2]
    assert audit_log() == [(moderator, "archive_group", None, course_group, "Duplicate group")]
