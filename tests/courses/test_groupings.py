"""Groupings: teams by hand, teams formed from availability, moving people between
teams with their chats in step."""

from datetime import UTC, datetime

import pytest

from accounts.actions import set_free_hours
from accounts.models import Block
from courses import actions
from courses.models import Grouping, Team, TeamMember
from lounge.permissions import can_read_channel
from tests.courses.teamwork import EVENINGS, MORNINGS, enrol, new_assignment, two_teams

NOW = datetime(2027, 3, 3, 12, tzinfo=UTC)


@pytest.fixture
def students(course):
    return [enrol(course, f"s{n}") for n in range(6)]


def test_instructor_makes_teams_by_hand(instructor, course, students):
    grouping = two_teams(instructor, course, students[:3], students[3:])
    assert grouping.method == Grouping.Method.HAND
    assert [(t.name, t.members.count()) for t in grouping.teams.all()] == [("Blue", 3), ("Red", 3)]


@pytest.mark.parametrize(
    ("teams", "message"),
    [
        ([], "at least one team"),
        ([("Red", [])], "1 to 12 members"),
        ([("  ", ["s0"])], "name"),
        ([("Red", ["s0"]), ("red", ["s1"])], "Two teams"),
        ([("Red", ["s0"]), ("Blue", ["s0"])], "only one team"),
        ([("Red", ["s0", "s0"])], "only one team"),
        ([("Red", ["s0", "ines"])], "student of the course"),
        ([("Red", ["s0", "outsider"])], "student of the course"),
        ([("Red", [f"s{n % 6}" for n in range(13)])], "1 to 12 members"),
    ],
)
def test_bad_teams_are_refused_and_nothing_is_written(instructor, course, students, teams, message):
    from tests.factories import UserFactory

    people = {s.username: s for s in [*students, instructor, UserFactory(username="outsider")]}
    with pytest.raises(actions.InvalidGrouping, match=message):
        actions.create_grouping(
            instructor,
            course,
            name="Bad",
            teams=[(name, [people[u] for u in members]) for name, members in teams],
        )
    assert not Grouping.objects.exists() and not Team.objects.exists()


def test_a_blocked_pair_is_never_put_together_by_hand(instructor, course, students):
    Block.objects.create(blocker=students[4], blocked=students[0])
    with pytest.raises(actions.InvalidGrouping, match="cannot be in a team together"):
        two_teams(instructor, course, [students[0], students[4]], students[1:4])


def test_only_instructors_make_groupings(course, students):
    with pytest.raises(actions.NotAllowed):
        actions.create_grouping(students[0], course, name="Mine", teams=[("Red", students[:2])])


def test_grouping_names_are_unique_per_course(instructor, course, students):
    two_teams(instructor, course, students[:3], students[3:])
    with pytest.raises(actions.InvalidGrouping, match="already has"):
        two_teams(instructor, course, students[:3], students[3:])


def test_auto_forming_keeps_people_who_can_meet_together(instructor, course):
    evening = [enrol(course, f"e{n}", free=EVENINGS) for n in range(4)]
    morning = [enrol(course, f"m{n}", free=MORNINGS) for n in range(4)]
    proposal = actions.propose_teams(
        instructor, course, min_size=3, max_size=4, min_shared_hours=10, now=NOW
    )
    teams = sorted({u.username for u in team.members} for team in proposal)
    assert teams == sorted([{u.username for u in evening}, {u.username for u in morning}])
    assert [team.hours for team in proposal] == [35.0, 28.0]
    # The shared intervals are UTC instants, shown in the instructor's zone by the page.
    assert all(start.tzinfo is not None for team in proposal for start, _ in team.shared)


def test_auto_forming_never_puts_a_blocked_pair_together(instructor, course):
    people = [enrol(course, f"p{n}") for n in range(4)]
    Block.objects.create(blocker=people[0], blocked=people[1])
    Block.objects.create(blocker=people[2], blocked=people[3])
    proposal = actions.propose_teams(
        instructor, course, min_size=2, max_size=2, min_shared_hours=1, now=NOW
    )
    for team in proposal:
        ids = {u.pk for u in team.members}
        assert ids not in ({people[0].pk, people[1].pk}, {people[2].pk, people[3].pk})


@pytest.mark.parametrize(
    ("sizes", "hours", "message"),
    [
        ((0, 4), 1, "Team sizes"),
        ((3, 1000), 1, "Team sizes"),
        ((4, 3), 1, "Team sizes"),
        ((2, 3), 99, "shared hours"),
        ((7, 8), 1, "cannot make a team"),
    ],
)
def test_auto_forming_refuses_impossible_requests(
    instructor, course, students, sizes, hours, message
):
    with pytest.raises(actions.CannotFormTeams, match=message):
        actions.propose_teams(
            instructor,
            course,
            min_size=sizes[0],
            max_size=sizes[1],
            min_shared_hours=hours,
            now=NOW,
        )


def test_students_cannot_preview_teams(course, students):
    with pytest.raises(actions.NotAllowed):
        actions.propose_teams(
            students[0], course, min_size=2, max_size=3, min_shared_hours=0, now=NOW
        )


def test_moving_a_student_keeps_team_chats_in_step(instructor, course, students):
    grouping = two_teams(instructor, course, students[:3], students[3:])
    assignment = new_assignment(instructor, course, grouping)
    red = assignment.workspaces.get(team__name="Red")
    blue = assignment.workspaces.get(team__name="Blue")
    red_chat, blue_chat = actions.workspace_channel(red), actions.workspace_channel(blue)
    assert can_read_channel(students[0], red_chat) and not can_read_channel(students[0], blue_chat)

    actions.move_to_team(instructor, grouping, students[0], blue.team)

    assert TeamMember.objects.get(grouping=grouping, user=students[0]).team == blue.team
    assert can_read_channel(students[0], blue_chat) and not can_read_channel(students[0], red_chat)
    actions.move_to_team(instructor, grouping, students[0], None)
    assert not can_read_channel(students[0], blue_chat)


def test_moving_into_a_team_with_a_blocked_person_is_refused(instructor, course, students):
    grouping = two_teams(instructor, course, students[:3], students[3:])
    Block.objects.create(blocker=students[3], blocked=students[0])
    blue = grouping.teams.get(name="Blue")
    with pytest.raises(actions.InvalidGrouping):
        actions.move_to_team(instructor, grouping, students[0], blue)
    assert TeamMember.objects.get(grouping=grouping, user=students[0]).team.name == "Red"


def test_moving_into_another_groupings_team_is_refused(instructor, course, students):
    first = two_teams(instructor, course, students[:3], students[3:])
    second = two_teams(instructor, course, students[:3], students[3:], name="Other")
    with pytest.raises(actions.InvalidGrouping, match="not in this grouping"):
        actions.move_to_team(instructor, first, students[0], second.teams.first())


def test_removal_from_the_course_takes_people_out_of_teams_and_chats(instructor, course, students):
    grouping = two_teams(instructor, course, students[:3], students[3:])
    assignment = new_assignment(instructor, course, grouping)
    red_chat = actions.workspace_channel(assignment.workspaces.get(team__name="Red"))
    actions.remove_from_course(instructor, course, students[0])
    assert not TeamMember.objects.filter(user=students[0]).exists()
    assert not can_read_channel(students[0], red_chat)


def test_free_hours_in_half_hour_zones_count_whole_hours_only(course):
    person = enrol(course, "kolkata", zone="Asia/Kolkata", free=[(0, 10), (0, 11)])
    set_free_hours(person, [(0, 10), (0, 11)])
    from accounts.availability import schedules_by_id, week_start
    from courses.actions.groupings import free_hour_indices

    schedule = schedules_by_id([person.pk])[person.pk]
    # 10:00-12:00 in Kolkata is 04:30-06:30 UTC: only 05:00-06:00 is a whole UTC hour.
    assert free_hour_indices(schedule, week_start(NOW)) == {5}
