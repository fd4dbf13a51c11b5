"""A course's chat: everyone enrolled, and nobody else."""

import pytest

from courses import actions
from lounge import permissions as lounge_permissions
from lounge.models import Channel

pytestmark = pytest.mark.django_db


def chat_members(course):
    channel = actions.course_channel(course)
    return set(channel.memberships.values_list("user__username", flat=True))


def test_a_course_chat_follows_enrolment(course, instructor, alice, bob, charlie):
    assert actions.course_channel(course).kind == Channel.Kind.COURSE
    assert chat_members(course) == {instructor.username}

    actions.enrol_with_code(alice, course.join_code)
    actions.enrol_with_code(bob, course.join_code)
    assert chat_members(course) == {instructor.username, "alice", "bob"}

    actions.remove_from_course(instructor, course, bob)
    assert chat_members(course) == {instructor.username, "alice"}
    assert not lounge_permissions.can_read_channel(charlie, actions.course_channel(course))


def test_the_course_page_links_its_chat_for_people_in_it(client, course, alice, charlie):
    actions.enrol_with_code(alice, course.join_code)
    slug = actions.course_channel(course).slug

    client.force_login(alice)
    assert f"/lounge/c/{slug}/" in client.get(course.get_absolute_url()).text

    client.force_login(charlie)
    assert f"/lounge/c/{slug}/" not in client.get(course.get_absolute_url()).text


def test_instructors_and_tas_moderate_the_course_chat_and_students_do_not(
    course, instructor, alice, bob
):
    from lounge.permissions import can_moderate_channel

    actions.enrol_with_code(alice, course.join_code)
    actions.enrol_with_code(bob, course.join_code)
    channel = actions.course_channel(course)
    assert can_moderate_channel(instructor, channel)
    assert not can_moderate_channel(alice, channel)

    actions.set_course_role(instructor, course, alice, "ta")
    assert can_moderate_channel(alice, channel)
    actions.set_course_role(instructor, course, alice, "student")
    assert not can_moderate_channel(alice, channel)
