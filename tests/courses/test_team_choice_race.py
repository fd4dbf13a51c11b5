"""Students racing for the last places of a team they choose: the grouping's row lock
keeps the cap exact."""

from courses import actions
from courses.models import TeamMember
from tests.courses.teamwork import enrol
from tests.factories import UserFactory
from tests.races import ROW_LOCK_RACES, race

pytestmark = ROW_LOCK_RACES


def test_eight_students_racing_for_three_places_fill_them_exactly(db):
    teacher = UserFactory(username="ines", role="instructor")
    course = actions.create_course(teacher, title="Statistics", code="STAT101", term="Spring")
    students = [enrol(course, f"student{n}") for n in range(8)]
    grouping = actions.open_team_choice(teacher, course, name="Pick", team_count=1, max_size=3)
    team = grouping.teams.get()

    def join(person):
        try:
            actions.join_team(person, team)
        except actions.TeamChoiceError:
            return "full"
        return "joined"

    outcomes, errors = race(students, join)
    assert errors == []
    assert sorted(outcomes.values()) == ["full"] * 5 + ["joined"] * 3
    assert TeamMember.objects.filter(team=team).count() == 3
