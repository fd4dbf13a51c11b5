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


@pytest.fixture
def rude_report(alice, bob):
    social = actions.create_channel(alice, kind="social", name="off-topic")
    actions.join_channel(bob, social)
    message, _ = actions.post_message(alice, social, "you are all idiots")
    return actions.file_report(bob, message, "harassment", "")


def test_a_moderator_hides_the_message_and_then_mutes_its_author(client, moderator, rude_report):
    client.force_login(moderator)
    hide = act_url(rude_report, "hide")
    assert client.post(hide, {"reason": "Insults"}).status_code == 302
    rude_report.refresh_from_db()
    assert rude_report.status == "actioned"
    page = client.get(reverse("admin:lounge_report_change", args=[rude_report.pk])).text
    mute = act_url(rude_report, "mute_channel")
    assert mute in page and hide not in page and act_url(rude_report, "dismiss") not in page
    done = client.post(mute, {"reason": "Insults again", "duration_minutes": 60})
    assert done.status_code == 302
    assert ModerationAction.objects.filter(action="channel_mute").exists()
    rude_report.refresh_from_db()
    assert rude_report.status == "actioned"  # still one outcome told to the reporter


def test_a_self_harm_concern_is_closed_as_handled_without_punishing_anyone(
    client, moderator, alice, bob
):
    social = actions.create_channel(alice, kind="social", name="support")
    actions.join_channel(bob, social)
    message, _ = actions.post_message(alice, social, "I can't do this anymore")
    report = actions.file_report(bob, message, "self_harm", "Worried about Alice")
    client.force_login(moderator)
    handled = act_url(report, "handled")
    assert handled in client.get(reverse("admin:lounge_report_change", args=[report.pk])).text
    assert (
        client.post(handled, {"reason": "Sent Alice the helplines and checked in"}).status_code
        == 302
    )
    report.refresh_from_db()
    message.refresh_from_db()
    assert report.status == "handled" and "reached out" in report.outcome
    assert not message.is_hidden
    assert ModerationAction.objects.get(action="handle_report").reason.startswith("Sent Alice")
    # Closed: nothing more is offered, and the actions answer 404.
    assert client.post(act_url(report, "warn"), {"reason": "x"}).status_code == 404


def test_handled_is_offered_only_for_self_harm_concerns(client, moderator, rude_report):
    client.force_login(moderator)
    assert client.get(act_url(rude_report, "handled")).status_code == 404
