import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from courses import actions as course_actions
from groups import actions
from groups.models import JoinRequest, StudyGroup
from tests.notices import notice_texts


@pytest.fixture
def staff_client(client, moderator):
    """The moderator (staff) with view and change rights on courses and groups."""
    moderator.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["groups", "courses"],
            codename__regex=r"^(view|change)_",
        )
    )
    client.force_login(moderator)
    return client


@pytest.fixture
def admin_data(instructor, alice, bob, charlie, make_group):
    course = course_actions.create_course(instructor, title="Stats", code="STAT101", term="2027")
    course_actions.enrol_with_code(alice, course.join_code)
    open_group = make_group(alice, name="Bayes club", course=course)
    asking = make_group(bob, name="Quiet readers", visibility="request")
    actions.request_to_join(charlie, asking)
    return {"course": course, "open": open_group, "request": asking}


@pytest.mark.parametrize(
    ("model", "search", "expected"),
    [
        ("groups_studygroup", "bayes", "Bayes club"),
        ("groups_membership", "alice", "Bayes club"),
        ("groups_joinrequest", "charlie", "Quiet readers"),
        ("courses_course", "STAT", "STAT101"),
        ("courses_enrolment", "alice", "STAT101"),
    ],
)
def test_staff_open_changelists_with_search(staff_client, admin_data, model, search, expected):
    url = reverse(f"admin:{model}_changelist")
    plain = staff_client.get(url)
    searched = staff_client.get(url, {"q": search})
    assert plain.status_code == searched.status_code == 200
    assert expected in searched.content.decode()
    assert staff_client.get(url, {"q": "<script>nothing</script>"}).status_code == 200


def test_the_archive_action_archives_and_declines_pending_requests(
    staff_client, admin_data, moderator, audit_log
):

    groups = [admin_data["open"], admin_data["request"]]
    selection = {"action": "archive_groups", "_selected_action": [group.pk for group in groups]}
    url = reverse("admin:groups_studygroup_changelist")
    without_reason = staff_client.post(url, {**selection, "apply": "1", "reason": ""})
    assert without_reason.status_code == 200  # the form again, with its error
    assert not StudyGroup.objects.filter(archived_at__isnull=False).exists()

    response = staff_client.post(
        url, {**selection, "apply": "1", "reason": "Spam groups"}, follow=True
    )
    assert response.status_code == 200
    assert sorted(audit_log(), key=lambda row: row[3].pk) == [
        (moderator, "archive_group", None, group, "Spam groups") for group in groups
    ]
    assert "Archived 2 group(s)." in response.content.decode()
    assert StudyGroup.objects.filter(archived_at__isnull=False).count() == 2
    assert JoinRequest.objects.get().status == "declined"


def test_people_without_staff_status_are_kept_out(client, alice, admin_data):
    client.force_login(alice)
    response = client.get(reverse("admin:groups_studygroup_changelist"))
    assert response.status_code == 302
    assert not StudyGroup.objects.filter(archived_at__isnull=False).exists()


# The admin acts through the verbs only


def change_form_post(group, **fields):
    """The group's change form as a browser posts it, with both inlines untouched."""
    data = {
        "description": group.description,
        "visibility": group.visibility,
        "meeting_slots-TOTAL_FORMS": "0",
        "meeting_slots-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": str(group.memberships.count()),
        "memberships-INITIAL_FORMS": str(group.memberships.count()),
    }
    return {**data, **fields}


def test_the_change_form_cannot_change_owner_capacity_or_memberships(
    staff_client, admin_data, alice, bob, charlie
):
    group = admin_data["open"]
    url = reverse("admin:groups_studygroup_change", args=[group.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="owner"' not in page and 'name="capacity"' not in page
    assert 'name="memberships-0-role"' not in page and "memberships-__prefix__" not in page

    response = staff_client.post(
        url,
        change_form_post(
            group,
            description="Chapter a week",
            owner=charlie.pk,
            capacity="2",
            name="Renamed",
            course="",
            **{"memberships-0-role": "member", "memberships-0-user": charlie.pk},
        ),
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.description == "Chapter a week"
    assert (group.owner, group.capacity, group.name, group.course) == (
        alice,
        8,
        "Bayes club",
        admin_data["course"],
    )
    assert list(group.memberships.values_list("user__username", "role")) == [("alice", "owner")]


def test_groups_are_not_added_and_memberships_not_edited_in_the_admin(staff_client, admin_data):
    assert staff_client.get(reverse("admin:groups_studygroup_add")).status_code == 403
    membership = admin_data["open"].memberships.get()
    change = reverse("admin:groups_membership_change", args=[membership.pk])
    staff_client.post(change, {"role": "member", "user": membership.user_id})
    membership.refresh_from_db()
    assert membership.role == "owner"
    changelist = staff_client.get(reverse("admin:groups_membership_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def test_the_remove_action_goes_through_the_verb(
    staff_client, admin_data, moderator, bob, audit_log
):
    from lounge.models import Membership as ChatMembership

    group = admin_data["open"]
    course_actions.enrol_with_code(bob, admin_data["course"].join_code)
    actions.join_group(bob, group)
    membership = group.memberships.get(user=bob)
    url = reverse("admin:groups_membership_changelist")
    selection = {"action": "remove_members", "_selected_action": [membership.pk], "apply": "1"}

    staff_client.post(url, {**selection, "reason": ""})
    assert group.memberships.filter(user=bob).exists() and audit_log() == []

    staff_client.post(url, {**selection, "reason": "Spam in the chat"})
    group.refresh_from_db()
    assert group.member_count == 1 and not group.memberships.filter(user=bob).exists()
    chat = actions.group_channel(group)
    assert not ChatMembership.objects.filter(channel=chat, user=bob).exists()
    assert audit_log() == [(moderator, "remove_from_group", bob, group, "Spam in the chat")]
    assert any("removed from Bayes club" in text for text in notice_texts(bob))


def test_the_transfer_action_goes_through_the_verb(staff_client, admin_data, alice, bob):
    group = admin_data["open"]
    course_actions.enrol_with_code(bob, admin_data["course"].join_code)
    actions.join_group(bob, group)
    url = reverse("admin:groups_membership_changelist")
    memberships = group.memberships.order_by("user__username")
    both = {"action": "transfer_ownership", "_selected_action": [m.pk for m in memberships]}
    staff_client.post(url, both)
    group.refresh_from_db()
    assert group.owner == alice  # one new owner per group, or nothing

    staff_client.post(
        url,
        {"action": "transfer_ownership", "_selected_action": [memberships.get(user=bob).pk]},
    )
    group.refresh_from_db()
    assert group.owner == bob
    assert dict(group.memberships.values_list("user__username", "role")) == {
        "alice": "co_organiser",
        "bob": "owner",
    }
    assert any("now the owner" in text for text in notice_texts(bob))
