"""Every new teamwork page, fragment, download and export answers an outsider and a
student of another team with the same 404 as a missing id, and changes nothing; and an
assignment's opening time is checked against its due time."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses import actions
from courses.models import Assignment, Attachment, Task
from tests.courses.teamwork import new_assignment, write_and_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    return UserFactory(username="olga", display_name="Olga Outsider")


@pytest.fixture
def red_things(instructor, assignment, workspaces, alice):
    red = workspaces["Red"]
    task = actions.add_task(alice, red, "Red's task")
    red_file = actions.add_workspace_file(
        alice, red, SimpleUploadedFile("red.txt", b"Red's notes\n")
    )
    return red, task, red_file


def team_urls(red, task, red_file):
    """(method, url) of every page of Red's that only Red and the staff may reach."""
    return [
        ("get", reverse("courses:attachment", args=[red_file.pk])),
        ("post", reverse("courses:remove_file", args=[red_file.pk])),
        ("post", reverse("courses:add_file", args=[red.pk])),
        ("post", reverse("courses:add_task", args=[red.pk])),
        ("post", reverse("courses:change_task", args=[red.pk, task.pk, "claim"])),
        ("post", reverse("courses:change_task", args=[red.pk, task.pk, "complete"])),
        ("get", reverse("courses:rate_teammates", args=[red.pk])),
        ("post", reverse("courses:rate_teammates", args=[red.pk])),
        ("post", reverse("courses:extend", args=[red.pk])),
        ("get", reverse("courses:grade", args=[red.pk])),
    ]


def staff_urls(assignment, course):
    return [
        ("get", reverse("courses:grades", args=[assignment.pk])),
        ("get", reverse("courses:grading_rubric", args=[assignment.pk])),
        ("get", reverse("courses:export_grades", args=[assignment.pk])),
        ("post", reverse("courses:release_grades", args=[assignment.pk])),
        ("post", reverse("courses:grouping_from_csv", args=[course.pk])),
        ("post", reverse("courses:grouping_choice", args=[course.pk])),
        ("post", reverse("courses:grouping_choosing", args=[assignment.grouping.pk])),
    ]


def missing(url):
    parts = url.split("/")
    index = max(i for i, part in enumerate(parts) if part.isdigit())
    parts[index] = "999999"
    return "/".join(parts)


@pytest.mark.parametrize("who", ["outsider", "charlie"])
def test_other_teams_and_outsiders_get_404_as_for_missing_ids(
    client, request, who, course, assignment, red_things
):
    client.force_login(request.getfixturevalue(who))
    for method, url in team_urls(*red_things) + staff_urls(assignment, course):
        for target in (url, missing(url)):
            response = getattr(client, method)(target, {"title": "x", "name": "x"})
            assert response.status_code == 404, (who, method, target)
    red, task, red_file = red_things
    task.refresh_from_db()
    assert task.claimed_by is None and not task.is_done
    assert Attachment.objects.filter(pk=red_file.pk).exists()
    assert Task.objects.count() == 1
    red.refresh_from_db()
    assert red.extended_due_at is None


def test_the_tasks_fragment_is_404_for_another_team_asking_by_htmx(client, charlie, red_things):
    red, task, _ = red_things
    client.force_login(charlie)
    url = reverse("courses:change_task", args=[red.pk, task.pk, "claim"])
    assert client.post(url, headers={"HX-Request": "true"}).status_code == 404


def test_the_brief_file_upload_is_for_instructors_only(
    client, assignment, alice, charlie, outsider
):
    url = reverse("courses:add_brief_file", args=[assignment.pk])
    for person in (alice, charlie, outsider):
        client.force_login(person)
        upload = SimpleUploadedFile("brief.txt", b"More of the brief\n")
        assert client.post(url, {"file": upload}).status_code == 404
    assert not Attachment.objects.exists()


def test_staff_reach_every_team_page(client, instructor, course, assignment, red_things, alice):
    red = red_things[0]
    write_and_submit(alice, red)
    client.force_login(instructor)
    for _method, url in staff_urls(assignment, course)[:3]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("courses:grade", args=[red.pk])).status_code == 200
    assert client.get(reverse("courses:attachment", args=[red_things[2].pk])).status_code == 200


def test_a_due_date_before_the_opening_is_refused(instructor, course, teams):
    opens = timezone.now() + timedelta(days=5)
    with pytest.raises(actions.InvalidAssignment, match="after the assignment opens"):
        new_assignment(
            instructor, course, teams[0], opens_at=opens, due_at=opens - timedelta(hours=1)
        )
    assert not Assignment.objects.exists()


def test_the_form_says_so_too(client, instructor, course, teams):
    client.force_login(instructor)
    day = (timezone.now() + timedelta(days=10)).date()
    response = client.post(
        reverse("courses:assignment_new", args=[course.pk]),
        {
            "title": "Survey",
            "brief": "Do it.",
            "opens_date": (day + timedelta(days=2)).isoformat(),
            "opens_time": "09:00",
            "due_date": day.isoformat(),
            "due_time": "09:00",
            "grouping": teams[0].pk,
            "late_policy": "refuse",
        },
    )
    assert response.status_code == 400
    assert "must come after the assignment opens" in response.text
    assert not Assignment.objects.exists()


def test_nothing_is_submitted_before_the_assignment_opens(instructor, course, teams, alice):
    opens = timezone.now() + timedelta(days=1)
    assignment = new_assignment(
        instructor, course, teams[0], opens_at=opens, due_at=opens + timedelta(days=7)
    )
    red = assignment.workspaces.get(team__name="Red")
    with pytest.raises(actions.SubmissionClosed, match="not open"):
        write_and_submit(alice, red)
    assert write_and_submit(alice, red, now=opens + timedelta(hours=1)) is not None
