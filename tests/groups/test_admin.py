import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from courses import actions as course_actions
from groups import actions
from groups.models import JoinRequest, StudyGroup


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


def test_the_archive_action_archives_and_declines_pending_requests(staff_client, admin_data):
    from accounts.models import ModerationAction

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
    assert ModerationAction.objects.filter(action="archive_group").count() == 2
    assert "Archived 2 group(s)." in response.content.decode()
    assert StudyGroup.objects.filter(archived_at__isnull=False).count() == 2
    assert JoinRequest.objects.get().status == "declined"


def test_people_without_staff_status_are_kept_out(client, alice, admin_data):
    client.force_login(alice)
    response = client.get(reverse("admin:groups_studygroup_changelist"))
    assert response.status_code == 302
    assert not StudyGroup.objects.filter(archived_at__isnull=False).exists()
