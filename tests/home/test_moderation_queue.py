"""The moderation queue acts on what was reported, whatever app it belongs to: a
reported study group can be archived from its report, with a reason, by its moderators."""

import pytest
from django.urls import reverse

from accounts.models import ModerationAction
from courses import actions as course_actions
from groups import actions as group_actions
from lounge import actions
from tests.groups.conftest import build_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(instructor):
    return course_actions.create_course(instructor, title="Statistics", code="STAT101", term="2027")


@pytest.fixture
def group_report(course, alice, bob):
    course_actions.enrol_with_code(alice, course.join_code)
    course_actions.enrol_with_code(bob, course.join_code)
    group = build_group(alice, name="Answers for sale", course=course)
    return actions.file_report(
        bob,
        group,
        "spam",
        "Selling quiz answers",
        channel=group_actions.group_channel(group),
        reported_user=group.owner,
    )


def act_url(report, action):
    return reverse("admin:lounge_report_act", args=[report.pk, action])


@pytest.mark.parametrize("who", ["moderator", "instructor"])
def test_a_reported_group_is_archived_from_its_report(client, request, group_report, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("admin:lounge_report_change", args=[group_report.pk])).text
    assert act_url(group_report, "archive_group") in page

    refused = client.post(act_url(group_report, "archive_group"), {"reason": "  "})
    group = group_report.target
    group.refresh_from_db()
    assert refused.status_code == 400 and not group.is_archived

    done = client.post(act_url(group_report, "archive_group"), {"reason": "Sells answers"})
    assert done.status_code == 302
    group.refresh_from_db()
    group_report.refresh_from_db()
    assert group.is_archived and not group_report.is_open
    entry = ModerationAction.objects.get(action="archive_group")
    assert entry.reason == "Sells answers" and entry.target_id == group.pk


def test_archiving_is_offered_only_for_groups(client, moderator, alice, bob):
    social = actions.create_channel(alice, kind="social", name="off-topic")
    actions.join_channel(bob, social)
    message, _ = actions.post_message(alice, social, "hello")
    report = actions.file_report(bob, message, "spam", "")
    client.force_login(moderator)
    page = client.get(reverse("admin:lounge_report_change", args=[report.pk])).text
    assert act_url(report, "archive_group") not in page
    assert client.get(act_url(report, "archive_group")).status_code == 404


def test_a_student_cannot_reach_the_action(client, charlie, group_report):
    client.force_login(charlie)
    response = client.post(act_url(group_report, "archive_group"), {"reason": "x"})
    assert response.status_code in (302, 404)  # the admin's sign-in page, or nothing
    group_report.target.refresh_from_db()
    assert not group_report.target.is_archived
