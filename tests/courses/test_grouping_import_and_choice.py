"""Groupings from a CSV file (every bad row reported, nothing kept) and teams students
choose themselves (a cap, join and leave while open); and course staff in team chats."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.actions import block as block_user
from courses import actions
from courses.models import Grouping, Team, TeamMember
from lounge.permissions import can_moderate_channel, can_read_channel
from tests.courses.teamwork import enrol, new_assignment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def students(course, alice, bob, charlie, mallory):
    for person in (alice, bob, charlie, mallory):
        actions.enrol_with_code(person, course.join_code)
    return alice, bob, charlie, mallory


@pytest.fixture
def outsider(db):
    return UserFactory(username="olga", display_name="Olga Outsider")


def test_a_csv_by_handle_or_email_becomes_a_grouping(instructor, course, students):
    text = "team,student\nRed,alice\nRed,BOB@example.org\nBlue,@charlie\n\nBlue,mallory\n"
    grouping = actions.import_grouping(instructor, course, name="Labs", text=text)
    assert grouping.method == Grouping.Method.CSV
    teams = {
        t.name: sorted(t.members.values_list("username", flat=True)) for t in grouping.teams.all()
    }
    assert teams == {"Red": ["alice", "bob"], "Blue": ["charlie", "mallory"]}


def test_every_broken_row_is_reported_and_nothing_is_kept(instructor, course, students, outsider):
    text = "\n".join(
        [
            "Red,alice",
            "Red,nobody",
            "Red,alice",
            ",bob",
            "Blue,charlie,extra",
            "Blue,olga",
            "<b>Bad</b>,mallory",
        ]
    )
    with pytest.raises(actions.GroupingImportError) as refused:
        actions.import_grouping(instructor, course, name="Labs", text=text)
    lines = [line for line, _ in refused.value.rows]
    assert lines == [2, 3, 4, 5, 6, 7]
    assert "“nobody” is not a student" in refused.value.rows[0][1]
    assert "already in a team, on line 1" in refused.value.rows[1][1]
    assert not Grouping.objects.exists() and not TeamMember.objects.exists()


def test_a_team_of_a_thousand_rows_is_refused(instructor, course):
    people = [enrol(course, f"s{n}") for n in range(13)]
    text = "\n".join(f"Huge,{person.username}" for person in people)
    with pytest.raises(actions.GroupingImportError) as refused:
        actions.import_grouping(instructor, course, name="Labs", text=text)
    assert "already has 12 members" in refused.value.rows[0][1]


def test_a_blocked_pair_in_one_team_is_refused(instructor, course, students, alice, bob):
    block_user(alice, bob)
    with pytest.raises(actions.GroupingImportError, match="Some rows"):
        actions.import_grouping(instructor, course, name="Labs", text="Red,alice\nRed,bob\n")


def test_the_import_page_lists_the_bad_rows(client, instructor, course, students):
    client.force_login(instructor)
    upload = SimpleUploadedFile("teams.csv", b"Red,alice\nRed,ghost\n", content_type="text/csv")
    response = client.post(
        reverse("courses:grouping_from_csv", args=[course.pk]), {"name": "Labs", "file": upload}
    )
    assert response.status_code == 400
    assert "Line 2: “ghost” is not a student of this course." in response.text
    assert not Grouping.objects.exists()

    binary = SimpleUploadedFile("teams.csv", b"\xff\xfe\x00R", content_type="text/csv")
    response = client.post(
        reverse("courses:grouping_from_csv", args=[course.pk]), {"name": "Labs", "file": binary}
    )
    assert response.status_code == 400 and "UTF-8" in response.text


def test_students_choose_teams_up_to_the_cap(instructor, course, students):
    alice, bob, charlie, mallory = students
    grouping = actions.open_team_choice(
        instructor, course, name="Pick a team", team_count=2, max_size=2
    )
    first, second = grouping.teams.order_by("name")
    actions.join_team(alice, first)
    actions.join_team(bob, first)
    with pytest.raises(actions.TeamChoiceError, match="full"):
        actions.join_team(charlie, first)
    actions.join_team(charlie, second)
    actions.join_team(alice, second)  # moving leaves the first team
    assert sorted(first.members.values_list("username", flat=True)) == ["bob"]
    actions.leave_team(alice, grouping)
    assert sorted(second.members.values_list("username", flat=True)) == ["charlie"]

    actions.set_team_choice_open(instructor, grouping, False)
    with pytest.raises(actions.TeamChoiceError, match="closed"):
        actions.join_team(mallory, second)


@pytest.mark.parametrize(("count", "size"), [(3, 0), (3, 1), (3, 1000), (0, 3), (1000, 3)])
def test_impossible_team_sizes_are_refused(instructor, course, count, size):
    with pytest.raises(actions.InvalidGrouping):
        actions.open_team_choice(instructor, course, name="Pick", team_count=count, max_size=size)
    assert not Grouping.objects.exists()


def test_the_choice_form_gives_field_errors(client, instructor, course):
    client.force_login(instructor)
    url = reverse("courses:grouping_choice", args=[course.pk])
    response = client.post(url, {"name": "Pick", "team_count": "3", "max_size": "1000"})
    assert response.status_code == 400 and "at most this many" in response.text.lower()
    response = client.post(url, {"name": "Pick", "team_count": "3", "max_size": "0"})
    assert response.status_code == 400
    assert not Grouping.objects.exists()


def test_a_blocked_pair_cannot_choose_one_team(instructor, course, students):
    alice, bob, *_ = students
    block_user(bob, alice)
    grouping = actions.open_team_choice(instructor, course, name="Pick", team_count=1, max_size=4)
    team = grouping.teams.get()
    actions.join_team(alice, team)
    with pytest.raises(actions.TeamChoiceError):
        actions.join_team(bob, team)


def test_joining_a_team_in_use_puts_the_student_in_its_chat(instructor, course, students):
    alice, bob, *_ = students
    grouping = actions.open_team_choice(instructor, course, name="Pick", team_count=2, max_size=3)
    first = grouping.teams.order_by("name").first()
    actions.join_team(bob, first)
    assignment = new_assignment(instructor, course, grouping)
    chat = actions.workspace_channel(assignment.workspaces.get(team=first))
    actions.join_team(alice, first)
    assert can_read_channel(alice, chat)
    actions.leave_team(alice, grouping)
    assert not can_read_channel(alice, chat)


def test_the_choose_page_for_students_and_404_for_others(
    client, instructor, course, students, outsider
):
    alice = students[0]
    grouping = actions.open_team_choice(instructor, course, name="Pick", team_count=2, max_size=3)
    team = grouping.teams.order_by("name").first()
    client.force_login(alice)
    assert "Join Team 1" in client.get(reverse("courses:choose_team", args=[grouping.pk])).text
    client.post(reverse("courses:join_team", args=[grouping.pk, team.pk]))
    assert TeamMember.objects.filter(team=team, user=alice).exists()
    assert "choose your team" in client.get(reverse("courses:assignments", args=[course.pk])).text

    client.force_login(outsider)
    for url in (
        reverse("courses:choose_team", args=[grouping.pk]),
        reverse("courses:choose_team", args=[999999]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("courses:join_team", args=[grouping.pk, team.pk])).status_code == 404
    assert client.post(reverse("courses:leave_team", args=[grouping.pk])).status_code == 404
    # A grouping the instructor made by hand is no one's to choose from.
    hand = actions.create_grouping(instructor, course, name="Hand", teams=[("A", [alice])])
    client.force_login(alice)
    assert client.get(reverse("courses:choose_team", args=[hand.pk])).status_code == 404
    other = Team.objects.filter(grouping=hand).first()
    assert (
        client.post(reverse("courses:join_team", args=[grouping.pk, other.pk])).status_code == 404
    )


def test_students_cannot_import_or_open_choices(client, course, students):
    client.force_login(students[0])
    for name in ("grouping_from_csv", "grouping_choice"):
        assert client.post(reverse(f"courses:{name}", args=[course.pk]), {}).status_code == 404


def test_a_ta_made_later_moderates_existing_team_chats_and_leaves_them_after(
    instructor, course, assignment, workspaces, alice, mallory
):
    red_chat = actions.workspace_channel(workspaces["Red"])
    assert not can_read_channel(mallory, red_chat)

    actions.set_course_role(instructor, course, mallory, "ta")
    assert can_moderate_channel(mallory, red_chat)

    actions.set_course_role(instructor, course, mallory, "student")
    assert not can_read_channel(mallory, red_chat)

    # A team member made TA and back keeps their own team's chat, as a member.
    actions.set_course_role(instructor, course, alice, "ta")
    assert can_moderate_channel(alice, red_chat)
    blue_chat = actions.workspace_channel(workspaces["Blue"])
    assert can_moderate_channel(alice, blue_chat)
    actions.set_course_role(instructor, course, alice, "student")
    assert can_read_channel(alice, red_chat) and not can_moderate_channel(alice, red_chat)
    assert not can_read_channel(alice, blue_chat)


def test_a_ta_removed_from_the_course_leaves_the_team_chats(
    instructor, course, assignment, workspaces, mallory
):
    actions.set_course_role(instructor, course, mallory, "ta")
    actions.remove_from_course(instructor, course, mallory)
    assert not can_read_channel(mallory, actions.workspace_channel(workspaces["Red"]))
