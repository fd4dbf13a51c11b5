"""A team's task checklist, its contribution ledger, deadline extensions and the
teammates' ratings, through the verbs and the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import actions
from courses.ledger import contribution_ledger
from courses.models import Task, TeammateRating
from lounge import actions as lounge
from tests.courses.teamwork import write_and_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    return UserFactory(username="olga", display_name="Olga Outsider")


def test_members_add_claim_unclaim_and_complete_tasks(workspaces, alice, bob):
    red = workspaces["Red"]
    task = actions.add_task(alice, red, "  Find   three polls ")
    assert task.title == "Find three polls" and not task.claimed_by

    actions.claim_task(bob, task)
    with pytest.raises(actions.InvalidTask, match="claimed"):
        actions.claim_task(alice, task)
    with pytest.raises(actions.InvalidTask, match="they mark it done"):
        actions.complete_task(alice, task)
    with pytest.raises(actions.InvalidTask, match="Only whoever claimed"):
        actions.unclaim_task(alice, task)

    actions.unclaim_task(bob, task)
    actions.complete_task(alice, task)
    task.refresh_from_db()
    assert task.is_done and task.done_by == alice and task.claimed_by == alice


def test_bad_tasks_and_other_teams_change_nothing(workspaces, alice, charlie, instructor):
    red = workspaces["Red"]
    for title in ("", "   ", "x" * 201):
        with pytest.raises(actions.InvalidTask):
            actions.add_task(alice, red, title)
    task = actions.add_task(alice, red, "<script>alert(1)</script>")
    for person in (charlie, instructor):
        with pytest.raises(actions.NotAllowed):
            actions.claim_task(person, task)
        with pytest.raises(actions.NotAllowed):
            actions.add_task(person, red, "Mine now")
    assert Task.objects.count() == 1


def test_the_ledger_counts_each_members_work(workspaces, alice, bob):
    red = workspaces["Red"]
    actions.save_draft(alice, red, body="One", base_version=0)
    red.refresh_from_db()
    actions.save_draft(bob, red, body="One\nTwo", base_version=1)
    actions.complete_task(bob, actions.add_task(alice, red, "Draw the chart"))
    chat = actions.workspace_channel(red)
    lounge.post_message(alice, chat, "I will write the intro")
    lounge.post_message(alice, chat, "Done")
    members = [alice, bob]

    rows, entries = contribution_ledger(red, members, chat)
    counts = {
        row.person.username: (row.versions, row.tasks_done, row.files, row.messages) for row in rows
    }
    assert counts == {"alice": (1, 0, 0, 2), "bob": (1, 1, 0, 0)}
    assert [entry.person.username for entry in entries][:1] == ["bob"]
    assert any("Draw the chart" in entry.what for entry in entries)


def test_the_workspace_page_shows_the_ledger_to_the_team(client, workspaces, alice):
    red = workspaces["Red"]
    actions.add_task(alice, red, "Draw the chart")
    client.force_login(alice)
    page = client.get(red.get_absolute_url()).text
    assert "Who did what" in page and "Draw the chart" in page
    assert "Teammates&#x27; ratings" not in page and "Teammates' ratings" not in page


def test_tasks_through_the_page_with_and_without_htmx(client, workspaces, alice, bob):
    red = workspaces["Red"]
    client.force_login(alice)
    add = reverse("courses:add_task", args=[red.pk])
    response = client.post(add, {"title": "Read the brief"})
    assert response.status_code == 302
    task = Task.objects.get()

    claim = reverse("courses:change_task", args=[red.pk, task.pk, "claim"])
    response = client.post(claim, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="tasks"' in response.text and "<html" not in response.text
    assert "yours" in response.text

    # A refusal comes back as the checklist with the reason, which htmx swaps in.
    response = client.post(add, {"title": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="tasks"' in response.text
    assert "This field is required" in response.text
    Task.objects.filter(pk=task.pk).update(claimed_by=bob)
    response = client.post(claim, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "A teammate has claimed that task" in response.text
    Task.objects.filter(pk=task.pk).update(claimed_by=alice)

    done = reverse("courses:change_task", args=[red.pk, task.pk, "complete"])
    client.post(done)
    task.refresh_from_db()
    assert task.done_by == alice


def test_other_teams_and_outsiders_get_404_on_tasks(client, workspaces, alice, charlie, outsider):
    red = workspaces["Red"]
    task = actions.add_task(alice, red, "Read the brief")
    urls = [
        reverse("courses:add_task", args=[red.pk]),
        reverse("courses:change_task", args=[red.pk, task.pk, "claim"]),
        reverse("courses:change_task", args=[red.pk, 999999, "claim"]),
        reverse("courses:add_file", args=[red.pk]),
        reverse("courses:rate_teammates", args=[red.pk]),
    ]
    for person in (charlie, outsider):
        client.force_login(person)
        for url in urls:
            assert client.post(url, {"title": "x"}).status_code == 404, url
    # A task id of another team's workspace is not found through this one.
    blue_task = actions.add_task(charlie, workspaces["Blue"], "Blue's task")
    client.force_login(alice)
    url = reverse("courses:change_task", args=[red.pk, blue_task.pk, "claim"])
    assert client.post(url).status_code == 404
    blue_task.refresh_from_db()
    assert blue_task.claimed_by is None


def test_an_extension_moves_one_teams_deadline_and_late_policy(
    client, instructor, assignment, workspaces, alice, charlie
):
    red, blue = workspaces["Red"], workspaces["Blue"]
    later = assignment.due_at + timedelta(days=2)
    actions.extend_deadline(instructor, red, due_at=later, reason="Illness in the team")
    red.refresh_from_db()
    assert red.due_at == later and blue.due_at == assignment.due_at

    # Red may still submit after the common due time, not late; Blue may not.
    after = assignment.due_at + timedelta(hours=1)
    submission = write_and_submit(alice, red, now=after)
    assert not submission.is_late
    with pytest.raises(actions.SubmissionClosed):
        write_and_submit(charlie, blue, now=after)

    client.force_login(alice)
    page = client.get(red.get_absolute_url()).text
    assert "extended" in page and "Illness in the team" in page and "Europe/Berlin" in page


def test_bad_extensions_are_refused(instructor, assignment, workspaces, alice):
    red = workspaces["Red"]
    with pytest.raises(actions.InvalidAssignment, match="after the assignment"):
        actions.extend_deadline(instructor, red, due_at=assignment.due_at - timedelta(hours=1))
    with pytest.raises(actions.NotAllowed):
        actions.extend_deadline(alice, red, due_at=assignment.due_at + timedelta(days=1))
    red.refresh_from_db()
    assert red.extended_due_at is None


def test_extending_through_the_page_in_the_instructors_zone(client, instructor, workspaces):
    red = workspaces["Red"]
    client.force_login(instructor)
    day = (timezone.now() + timedelta(days=20)).date()
    url = reverse("courses:extend", args=[red.pk])
    response = client.post(url, {"due_date": day.isoformat(), "due_time": "09:00"})
    assert response.status_code == 302
    red.refresh_from_db()
    # 09:00 in Asia/Kolkata (UTC+5:30) is 03:30 UTC.
    assert (red.extended_due_at.hour, red.extended_due_at.minute) == (3, 30)
    response = client.post(url, {"due_date": "2001-01-01", "due_time": "09:00"})
    assert response.status_code == 400


def test_a_student_cannot_extend(client, alice, workspaces):
    client.force_login(alice)
    url = reverse("courses:extend", args=[workspaces["Red"].pk])
    assert client.post(url, {"due_date": "2099-01-01", "due_time": "09:00"}).status_code == 404


def test_teammates_rate_each_other_privately(client, workspaces, alice, bob, instructor):
    red = workspaces["Red"]
    client.force_login(alice)
    url = reverse("courses:rate_teammates", args=[red.pk])
    response = client.post(
        url,
        {
            f"score_{alice.pk}": "4",
            f"score_{bob.pk}": "2",
            f"note_{bob.pk}": "<b>Missed</b> two meetings",
        },
    )
    assert response.status_code == 302
    assert TeammateRating.objects.count() == 2

    client.force_login(bob)
    page = client.get(red.get_absolute_url()).text
    assert "Missed" not in page

    client.force_login(instructor)
    page = client.get(red.get_absolute_url()).text
    assert "&lt;b&gt;Missed&lt;/b&gt; two meetings" in page and "2/5 from Alice Ames" in page


def test_ratings_out_of_range_or_of_strangers_are_refused(workspaces, alice, charlie):
    red = workspaces["Red"]
    with pytest.raises(actions.InvalidGrade):
        actions.rate_teammates(alice, red, {alice.pk: (6, "")})
    with pytest.raises(actions.InvalidGrade):
        actions.rate_teammates(alice, red, {charlie.pk: (3, "")})
    with pytest.raises(actions.NotAllowed):
        actions.rate_teammates(charlie, red, {alice.pk: (1, "")})
    assert not TeammateRating.objects.exists()


def test_hostile_titles_and_reasons_are_shown_as_text(
    client, instructor, assignment, workspaces, alice
):
    red = workspaces["Red"]
    actions.add_task(alice, red, "<img src=x onerror=alert(1)>")
    actions.extend_deadline(
        instructor,
        red,
        due_at=assignment.due_at + timedelta(days=1),
        reason="<script>alert(1)</script>",
    )
    client.force_login(alice)
    page = client.get(red.get_absolute_url()).text
    assert "<img src=x" not in page and "<script>alert(1)" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_team_is_told_of_its_extension_in_words(
    client, instructor, assignment, workspaces, alice
):
    red = workspaces["Red"]
    actions.extend_deadline(instructor, red, due_at=assignment.due_at + timedelta(days=1))
    client.force_login(alice)
    page = client.get(reverse("notifications:index")).text
    assert "extended your team&#x27;s deadline for “Survey analysis”" in page or (
        "extended your team's deadline for “Survey analysis”" in page
    )
