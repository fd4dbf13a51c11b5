import re
from datetime import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from courses import actions as course_actions
from groups import actions, permissions
from groups.models import StudyGroup


@pytest.fixture
def groups_by_kind(enrolled, alice, bob, make_group):
    """alice owns one group of each kind; bob is a member of each."""
    kinds = {
        "open": make_group(alice, name="Open one", slots=[(1, time(19), 60)]),
        "request": make_group(alice, name="Request one", visibility="request"),
        "invite": make_group(alice, name="Invite one", visibility="invite"),
        "course": make_group(alice, name="Course one", course=enrolled),
        "course_request": make_group(
            alice, name="Course request one", course=enrolled, visibility="request"
        ),
        "course_invite": make_group(
            alice, name="Course invite one", course=enrolled, visibility="invite"
        ),
    }
    for group in kinds.values():
        if group.visibility == "open":
            actions.join_group(bob, group)
        else:
            actions.respond_to_invitation(bob, actions.invite(alice, group, bob), accept=True)
    return kinds


EVERY_KIND = {"open", "request", "invite", "course", "course_request", "course_invite"}
COURSE_KINDS = {"course", "course_request", "course_invite"}
# Who finds each kind of group at all (anyone else gets a 404).
VISIBLE = {
    "alice": EVERY_KIND,
    "bob": EVERY_KIND,
    "charlie": {"open", "request"},
    "ines": {"open", "request", *COURSE_KINDS},  # the course's instructor: all its groups
    "moderator": EVERY_KIND,
}
# Who sees members and meetings.
DETAILS = {
    "alice": VISIBLE["alice"],
    "bob": VISIBLE["bob"],
    "charlie": {"open"},
    "ines": {"open", *COURSE_KINDS},
    "moderator": VISIBLE["moderator"],
}


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "ines", "moderator"])
def test_visibility_and_details_by_persona(groups_by_kind, persona, request, instructor):
    person = instructor if persona == "ines" else request.getfixturevalue(persona)
    visible, detailed = set(), set()
    for kind, group in groups_by_kind.items():
        try:
            found = permissions.get_group_for(person, group.pk)
        except Http404:
            # Whoever runs a group finds it: one rule for both.
            assert not permissions.can_manage(person, group), kind
            with pytest.raises(Http404):
                permissions.get_group_with_standing_for(person, group.pk)
            continue
        visible.add(kind)
        if permissions.can_see_details(person, found):
            detailed.add(kind)
        # The standing read with the group answers as the one read fact by fact.
        _, standing = permissions.get_group_with_standing_for(person, group.pk)
        for predicate in (
            permissions.can_see_details,
            permissions.can_manage,
            permissions.acts_as_moderator,
            permissions.can_archive,
        ):
            assert predicate(person, found, standing) == predicate(person, found), kind
    assert visible == VISIBLE[persona]
    assert detailed == DETAILS[persona]
    with_details = permissions.groups_with_details_visible_to(person)
    assert {kind for kind, group in groups_by_kind.items() if group in with_details} == detailed


def test_visitors_find_no_group(groups_by_kind):
    assert not permissions.groups_visible_to(AnonymousUser()).exists()
    with pytest.raises(Http404):
        permissions.get_group_for(AnonymousUser(), groups_by_kind["open"].pk)
    with pytest.raises(Http404):
        permissions.get_group_with_standing_for(AnonymousUser(), groups_by_kind["open"].pk)


def test_an_invitation_reveals_an_invite_only_group(alice, charlie, make_group):
    group = make_group(alice, visibility="invite")
    with pytest.raises(Http404):
        permissions.get_group_for(charlie, group.pk)
    actions.invite(alice, group, charlie)
    assert permissions.get_group_for(charlie, group.pk) == group


def test_joining_the_course_reveals_its_groups(groups_by_kind, course, charlie):
    group = groups_by_kind["course"]
    with pytest.raises(Http404):
        permissions.get_group_for(charlie, group.pk)
    course_actions.enrol_with_code(charlie, course.join_code)
    assert permissions.get_group_for(charlie, group.pk) == group


def test_who_manages(groups_by_kind, alice, bob, charlie, moderator):
    group = groups_by_kind["open"]
    assert permissions.can_manage(alice, group)
    assert permissions.can_manage(moderator, group)
    assert not permissions.can_manage(bob, group)
    assert not permissions.can_manage(charlie, group)
    actions.set_member_role(alice, group, bob, "co_organiser")
    assert permissions.can_manage(bob, group)
    assert permissions.is_owner(alice, group) and not permissions.is_owner(bob, group)


def test_archived_open_groups_hide_details_from_outsiders(groups_by_kind, alice, bob, charlie):
    group = groups_by_kind["open"]
    actions.archive_group(alice, group)
    group.refresh_from_db()
    assert not permissions.can_see_details(charlie, group)
    assert permissions.can_see_details(bob, group)


# The same rules seen through the pages.


def test_an_invite_only_group_is_the_same_404_as_a_missing_one(client, groups_by_kind, charlie):
    client.force_login(charlie)
    hidden = client.get(reverse("groups:detail", args=[groups_by_kind["invite"].pk]))
    missing = client.get(reverse("groups:detail", args=[StudyGroup.objects.count() + 1000]))
    assert hidden.status_code == missing.status_code == 404
    # The same page, but for the per-response CSRF token and CSP nonce.
    main = re.compile(r"<main.*</main>", re.S)
    assert main.search(hidden.text).group(0) == main.search(missing.text).group(0)
    assert b"Invite one" not in hidden.content


def test_a_request_group_shows_outsiders_its_summary_only(client, groups_by_kind, charlie):
    group = groups_by_kind["request"]
    actions.update_group(
        group.owner,
        group,
        name=group.name,
        description="We read one chapter a week.",
        capacity=8,
        visibility="request",
        topics=[],
        languages=[],
        slots=[(1, time(19), 60)],
    )
    client.force_login(charlie)
    body = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Request one" in body
    assert "We read one chapter a week." in body
    assert "2 of 8 seats taken" in body
    assert "Ask to join" in body
    assert "shares its member list and meeting times with members only" in body
    assert "Bob Baptiste" not in body
    assert "Every " not in body  # no meeting times
    assert reverse("groups:calendar", args=[group.pk]) not in body


def test_a_course_group_is_404_outside_the_course(client, groups_by_kind, charlie):
    client.force_login(charlie)
    for kind in ("course", "course_request"):
        response = client.get(reverse("groups:detail", args=[groups_by_kind[kind].pk]))
        assert response.status_code == 404


def test_course_staff_reach_an_invite_only_course_groups_page(client, groups_by_kind, instructor):
    client.force_login(instructor)
    response = client.get(reverse("groups:detail", args=[groups_by_kind["course_invite"].pk]))
    assert response.status_code == 200
    assert "Bob Baptiste" in response.text  # the member list, as for any group they moderate
    assert "Organise" in response.text


def course_groups_listed(client, person, course):
    client.force_login(person)
    page = client.get(reverse("courses:detail", args=[course.pk])).text
    return re.search(r'id="course-groups-title".*?</section>', page, re.S).group(0)


def test_the_course_page_lists_every_course_group_for_its_staff_only(
    client, groups_by_kind, course, instructor, charlie
):
    course_actions.enrol_with_code(charlie, course.join_code)
    staff_sees = course_groups_listed(client, instructor, course)
    student_sees = course_groups_listed(client, charlie, course)
    for name in ("Course one", "Course request one", "Course invite one"):
        assert name in staff_sees
    assert "Course invite one" not in student_sees
    assert "Course request one" in student_sees


def test_a_ta_who_becomes_a_student_again_loses_sight_of_invite_only_groups(
    client, groups_by_kind, course, instructor, charlie
):
    group = groups_by_kind["course_invite"]
    course_actions.enrol_with_code(charlie, course.join_code)
    course_actions.set_course_role(instructor, course, charlie, "ta")
    assert permissions.get_group_for(charlie, group.pk) == group
    assert "Course invite one" in course_groups_listed(client, charlie, course)

    course_actions.set_course_role(instructor, course, charlie, "student")
    with pytest.raises(Http404):
        permissions.get_group_for(charlie, group.pk)
    assert not permissions.can_manage(charlie, group)
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 404
    assert "Course invite one" not in course_groups_listed(client, charlie, course)


def test_archived_groups_are_not_browsable_but_members_still_reach_them(
    client, groups_by_kind, alice, bob
):
    group = groups_by_kind["open"]
    actions.archive_group(alice, group)
    client.force_login(bob)
    browse = client.get(reverse("groups:index"), {"sort": "newest"})
    names = [g.name for g in browse.context["page"].object_list]
    assert "Open one" not in names
    assert "Request one" in names
    detail = client.get(reverse("groups:detail", args=[group.pk]))
    assert detail.status_code == 200
    assert b"Archived" in detail.content


def test_course_moderators_manage_and_archive_their_course_groups_only(
    enrolled, instructor, alice, bob, make_group
):
    course_group = make_group(alice, course=enrolled)
    actions.join_group(bob, course_group)
    other_group = make_group(alice)

    assert permissions.can_manage(instructor, course_group)
    assert not permissions.can_manage(instructor, other_group)
    with pytest.raises(actions.NotAllowed):
        actions.archive_group(instructor, other_group)

    actions.remove_member(instructor, course_group, bob, "Off-topic posts")
    actions.archive_group(instructor, course_group, "The term is over")
    course_group.refresh_from_db()
    assert course_group.is_archived
