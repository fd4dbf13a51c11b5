"""Grading with a rubric: the same grade for the team or adjusted for a member with a
reason, released to students, exported as CSV without formula injection."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import Notification
from courses import actions
from courses.models import Grade, GradingCriterion
from courses.views.grading import safe_cell
from tests.courses.teamwork import write_and_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    return UserFactory(username="olga", display_name="Olga Outsider")


@pytest.fixture
def assistant(course, instructor):
    """A teaching assistant of the course, in no team."""
    person = UserFactory(username="tara", display_name="Tara Assistant")
    actions.enrol_with_code(person, course.join_code)
    actions.set_course_role(instructor, course, person, "ta")
    return person


@pytest.fixture
def rubric(instructor, assignment):
    return actions.set_grading_rubric(instructor, assignment, [("Analysis", 60), ("Writing", 40)])


@pytest.fixture
def submitted(workspaces, alice, charlie):
    write_and_submit(alice, workspaces["Red"], body="Red's work")
    write_and_submit(charlie, workspaces["Blue"], body="Blue's work")
    return workspaces


def scores_for(rubric, *points):
    return {criterion.pk: value for criterion, value in zip(rubric, points, strict=True)}


def test_a_team_grade_with_one_member_adjusted(instructor, rubric, submitted, alice, bob):
    red = submitted["Red"]
    grade = actions.grade_submission(
        instructor,
        red,
        scores=scores_for(rubric, 50, 30),
        feedback="Clear and careful.",
        adjustments={bob.pk: (60, "Did most of the analysis")},
    )
    assert (grade.total, grade.out_of) == (80, 100)
    assert actions.member_total(grade, alice) == (80, "")
    assert actions.member_total(grade, bob) == (60, "Did most of the analysis")


@pytest.mark.parametrize(
    ("points", "adjust", "message"),
    [
        ((61, 30), None, "0 to 60"),
        ((-1, 30), None, "0 to 60"),
        ((50,), None, "every criterion"),
        ((50, 30), (101, "Too much"), "0 to 100"),
        ((50, 30), (70, "   "), "Say why"),
    ],
)
def test_grades_out_of_range_or_without_reasons_write_nothing(
    instructor, rubric, submitted, bob, points, adjust, message
):
    scores = {criterion.pk: value for criterion, value in zip(rubric, points, strict=False)}
    adjustments = {bob.pk: adjust} if adjust else {}
    with pytest.raises(actions.InvalidGrade, match=message):
        actions.grade_submission(
            instructor, submitted["Red"], scores=scores, adjustments=adjustments
        )
    assert not Grade.objects.exists()


def test_only_staff_grade_and_only_submitted_work(
    instructor, assistant, rubric, workspaces, alice, charlie
):
    red = workspaces["Red"]
    with pytest.raises(actions.InvalidGrade, match="not submitted"):
        actions.grade_submission(instructor, red, scores=scores_for(rubric, 1, 1))
    write_and_submit(alice, red)
    for person in (alice, charlie):
        with pytest.raises(actions.NotAllowed):
            actions.grade_submission(person, red, scores=scores_for(rubric, 1, 1))
    assert actions.grade_submission(assistant, red, scores=scores_for(rubric, 1, 1)).total == 2


def test_a_rubric_needs_criteria_and_is_kept_once_used(instructor, assignment, rubric, submitted):
    with pytest.raises(actions.InvalidGrade, match="at least one"):
        actions.set_grading_rubric(instructor, assignment, [("", 10)])
    with pytest.raises(actions.InvalidGrade, match="1 to 1000"):
        actions.set_grading_rubric(instructor, assignment, [("Huge", 5000)])
    actions.grade_submission(instructor, submitted["Red"], scores=scores_for(rubric, 1, 1))
    with pytest.raises(actions.InvalidGrade, match="already graded"):
        actions.set_grading_rubric(instructor, assignment, [("Other", 10)])
    assert GradingCriterion.objects.count() == 2


def test_students_see_their_own_grade_only_once_released(
    client, instructor, assignment, rubric, submitted, alice, bob
):
    red = submitted["Red"]
    actions.grade_submission(
        instructor,
        red,
        scores=scores_for(rubric, 50, 30),
        feedback="Well **argued**.",
        adjustments={bob.pk: (60, "Missed the writing")},
    )
    client.force_login(alice)
    assert "Your grade" not in client.get(red.get_absolute_url()).text

    assert actions.release_grades(instructor, assignment) == 1
    assert Notification.objects.filter(recipient=alice, kind="grade_released").exists()
    page = client.get(red.get_absolute_url()).text
    assert "Your grade: 80 / 100" in page and "<strong>argued</strong>" in page
    assert "Missed the writing" not in page  # bob's reason is bob's

    client.force_login(bob)
    page = client.get(red.get_absolute_url()).text
    assert "Your grade: 60 / 100" in page and "Missed the writing" in page


def test_grading_through_the_pages(client, instructor, rubric, submitted, bob):
    red = submitted["Red"]
    client.force_login(instructor)
    url = reverse("courses:grade", args=[red.pk])
    assert "Red&#x27;s work" in client.get(url).text or "Red's work" in client.get(url).text
    data = {f"points_{rubric[0].pk}": "55", f"points_{rubric[1].pk}": "35", "feedback": ""}
    response = client.post(url, {**data, f"total_{bob.pk}": "70"})
    assert response.status_code == 400 and "Say why" in response.text
    response = client.post(url, {**data, f"points_{rubric[0].pk}": "500"})
    assert response.status_code == 400
    assert not Grade.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    assert Grade.objects.get().total == 90


def test_the_export_escapes_formulas(client, instructor, assignment, rubric, submitted, bob):
    bob.profile.display_name = '=HYPERLINK("http://evil")'
    bob.profile.save(update_fields=["display_name"])
    actions.grade_submission(
        instructor,
        submitted["Red"],
        scores=scores_for(rubric, 50, 30),
        adjustments={bob.pk: (70, "+1 for effort")},
    )
    client.force_login(instructor)
    response = client.get(reverse("courses:export_grades", args=[assignment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["team", "handle", "name", "Analysis", "Writing"]
    bob_row = next(row for row in rows if row[1] == "bob")
    assert bob_row[2] == '\'=HYPERLINK("http://evil")'
    assert "'+1 for effort" in bob_row
    assert "70" in bob_row and "80" in bob_row
    assert len(rows) == 1 + 4  # every member of both teams


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_starting_like_formulas_are_quoted(value):
    assert safe_cell(value) == "'" + value


def test_grading_pages_are_404_for_students_and_outsiders(
    client, assignment, rubric, submitted, alice, charlie, outsider
):
    red = submitted["Red"]
    urls = [
        reverse("courses:grades", args=[assignment.pk]),
        reverse("courses:grading_rubric", args=[assignment.pk]),
        reverse("courses:export_grades", args=[assignment.pk]),
        reverse("courses:grade", args=[red.pk]),
        reverse("courses:grades", args=[999999]),
        reverse("courses:grade", args=[999999]),
    ]
    for person in (alice, charlie, outsider):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
        assert (
            client.post(reverse("courses:release_grades", args=[assignment.pk])).status_code == 404
        )


def test_a_ta_grades_but_only_instructors_release(client, assistant, assignment, rubric, submitted):
    client.force_login(assistant)
    assert client.get(reverse("courses:grades", args=[assignment.pk])).status_code == 200
    assert client.get(reverse("courses:grading_rubric", args=[assignment.pk])).status_code == 404
    response = client.post(reverse("courses:release_grades", args=[assignment.pk]))
    assert response.status_code == 404


def test_the_admin_lists_teamwork_and_releases_grades_through_the_verb(
    client, moderator, instructor, rubric, submitted, alice
):
    from django.contrib.auth.models import Permission

    actions.grade_submission(instructor, submitted["Red"], scores=scores_for(rubric, 50, 30))
    moderator.user_permissions.set(
        Permission.objects.filter(content_type__app_label="courses", codename__startswith="view_")
        | Permission.objects.filter(content_type__app_label="courses", codename="change_grade")
    )
    client.force_login(moderator)
    for model in ("attachment", "task", "gradingcriterion", "grade", "teammaterating"):
        assert client.get(reverse(f"admin:courses_{model}_changelist")).status_code == 200, model
    grade = Grade.objects.get()
    assert client.get(reverse("admin:courses_grade_change", args=[grade.pk])).status_code == 200
    client.post(
        reverse("admin:courses_grade_changelist"),
        {"action": "release", "_selected_action": [grade.pk]},
    )
    grade.refresh_from_db()
    assert grade.is_released
