"""Assignments and team workspaces: setting one, drafting together with versions,
restoring, and submitting under the late policy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Interaction, Notification
from courses import actions
from courses.models import Assignment, DraftVersion, Submission, Workspace
from lounge.models import Channel
from lounge.permissions import can_read_channel
from tests.courses.teamwork import new_assignment, write_and_submit


def test_each_team_gets_a_workspace_and_its_own_chat(assignment, teams, alice, charlie):
    red = assignment.workspaces.get(team__name="Red")
    chat = Channel.objects.owned_by(red, Channel.Kind.TEAM).get()
    assert can_read_channel(alice, chat) and not can_read_channel(charlie, chat)
    assert Notification.objects.filter(recipient=alice, kind="assignment_new").count() == 1


def test_the_instructor_moderates_team_chats(assignment, instructor):
    chat = actions.workspace_channel(assignment.workspaces.first())
    assert chat.memberships.get(user=instructor).role == "moderator"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "title"),
        ({"brief": ""}, "brief"),
        ({"brief": "x" * 20_001}, "brief"),
        ({"due_at": timezone.now() - timedelta(minutes=1)}, "future"),
        ({"time_zone": "Mars/Olympus"}, "time zone"),
        ({"late_policy": "accept", "late_hours": 0}, "1 to"),
        ({"late_policy": "accept", "late_hours": 10_000}, "1 to"),
        ({"late_policy": "whenever"}, "late policy"),
    ],
)
def test_bad_assignments_are_refused_and_nothing_is_written(
    instructor, course, teams, change, message
):
    with pytest.raises(actions.InvalidAssignment, match=message):
        new_assignment(instructor, course, teams[0], **change)
    assert not Assignment.objects.exists() and not Workspace.objects.exists()


def test_another_courses_grouping_is_refused(instructor, course, teams, other_course, moderator):
    from tests.courses.teamwork import enrol

    people = [enrol(other_course, f"o{n}") for n in range(2)]
    theirs = actions.create_grouping(moderator, other_course, name="X", teams=[("A", people)])
    with pytest.raises(actions.InvalidAssignment, match="this course's groupings"):
        new_assignment(instructor, course, theirs)


def test_students_cannot_set_assignments(course, teams, alice):
    with pytest.raises(actions.NotAllowed):
        new_assignment(alice, course, teams[0])


def test_hostile_html_in_a_brief_is_kept_as_text_and_rendered_safe(instructor, course, teams):
    from lounge.markup import render_message

    assignment = new_assignment(
        instructor, course, teams[0], brief="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    html = render_message(assignment.brief).html
    assert "<script" not in html and "href" not in html and "&lt;script&gt;" in html


def test_teammates_draft_in_versions(workspaces, alice, bob):
    red = workspaces["Red"]
    first = actions.save_draft(alice, red, body="Intro\nMethod", base_version=0)
    second = actions.save_draft(bob, red, body="Intro\nMethod\nResults", base_version=1)
    red.refresh_from_db()
    assert (first.number, second.number, red.version) == (1, 2, 2)
    assert (second.author, second.lines_added, second.lines_removed) == (bob, 1, 0)
    assert red.draft == "Intro\nMethod\nResults"


def test_saving_over_a_newer_version_is_refused(workspaces, alice, bob):
    red = workspaces["Red"]
    actions.save_draft(alice, red, body="Alice's text", base_version=0)
    with pytest.raises(actions.DraftConflict):
        actions.save_draft(bob, red, body="Bob's text", base_version=0)
    red.refresh_from_db()
    assert red.draft == "Alice's text" and red.versions.count() == 1


def test_saving_the_same_text_makes_no_version(workspaces, alice):
    red = workspaces["Red"]
    actions.save_draft(alice, red, body="Same", base_version=0)
    actions.save_draft(alice, red, body="Same", base_version=1)
    assert red.versions.count() == 1


@pytest.mark.parametrize("who", ["charlie", "mallory", "instructor"])
def test_only_the_team_writes_its_draft(workspaces, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(actions.NotAllowed):
        actions.save_draft(person, workspaces["Red"], body="Hijacked", base_version=0)
    assert not DraftVersion.objects.exists()


def test_a_huge_draft_is_refused(workspaces, alice):
    with pytest.raises(actions.InvalidAssignment, match="50,000"):
        actions.save_draft(alice, workspaces["Red"], body="x" * 50_001, base_version=0)
    assert not DraftVersion.objects.exists()


def test_restoring_a_version_adds_a_new_one(workspaces, alice, bob):
    red = workspaces["Red"]
    actions.save_draft(alice, red, body="One", base_version=0)
    actions.save_draft(bob, red, body="Two", base_version=1)
    restored = actions.restore_version(alice, red, 1)
    red.refresh_from_db()
    assert (restored.number, restored.restored_from, red.draft) == (3, 1, "One")
    with pytest.raises(actions.InvalidAssignment):
        actions.restore_version(alice, red, 99)
    with pytest.raises(actions.NotAllowed):
        actions.restore_version(workspaces["Blue"].team.members.first(), red, 2)


def test_submitting_freezes_the_version_and_records_teammates(workspaces, alice, bob):
    red = workspaces["Red"]
    submission = write_and_submit(bob, red, body="Final text")
    assert (submission.body, submission.is_late, submission.submitted_by) == (
        "Final text",
        False,
        bob,
    )
    assert set(
        Interaction.objects.filter(kind="teammate").values_list(
            "person__username", "other__username"
        )
    ) == {("alice", "bob"), ("bob", "alice")}
    with pytest.raises(actions.AlreadySubmitted):
        actions.save_draft(alice, red, body="After", base_version=1)
    with pytest.raises(actions.AlreadySubmitted):
        actions.submit_work(alice, red, version=1)
    assert Submission.objects.count() == 1


def test_submitting_an_empty_draft_or_a_stale_version_is_refused(workspaces, alice, bob):
    red = workspaces["Red"]
    with pytest.raises(actions.InvalidAssignment, match="Write the draft"):
        actions.submit_work(alice, red, version=0)
    actions.save_draft(alice, red, body="One", base_version=0)
    actions.save_draft(bob, red, body="Two", base_version=1)
    with pytest.raises(actions.DraftConflict):
        actions.submit_work(alice, red, version=1)
    assert not Submission.objects.exists()


def test_late_work_is_refused_under_a_no_late_policy(workspaces, assignment, alice):
    late = assignment.due_at + timedelta(minutes=1)
    with pytest.raises(actions.SubmissionClosed):
        write_and_submit(alice, workspaces["Red"], now=late)
    assert not Submission.objects.exists()


def test_late_work_is_marked_late_within_the_window(instructor, course, teams, alice):
    assignment = new_assignment(instructor, course, teams[0], late_policy="accept", late_hours=24)
    red = assignment.workspaces.get(team__name="Red")
    with pytest.raises(actions.SubmissionClosed):
        write_and_submit(alice, red, now=assignment.due_at + timedelta(hours=25))
    red.refresh_from_db()
    submission = actions.submit_work(
        alice, red, version=red.version, now=assignment.due_at + timedelta(hours=2)
    )
    assert submission.is_late


def test_a_grouping_in_use_is_kept_but_a_course_goes_with_all_its_teamwork(
    course, teams, workspaces, alice
):
    from django.db.models import RestrictedError

    write_and_submit(alice, workspaces["Red"])
    with pytest.raises(RestrictedError):
        teams[0].delete()
    course.delete()
    assert not Workspace.objects.exists() and not Submission.objects.exists()
