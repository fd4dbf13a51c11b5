import pytest

from accounts.models import Notification
from accounts.moderation import ReasonRequired
from courses import actions
from courses.models import JOIN_CODE_ALPHABET, Course, Enrolment
from tests.notices import notice_text


def role_of(course, person):
    enrolment = Enrolment.objects.filter(course=course, user=person).first()
    return enrolment and enrolment.role


# create_course


def test_instructor_creates_a_course_and_is_enrolled_as_its_instructor(instructor):
    course = actions.create_course(
        instructor, title="Introduction to Statistics", code="stat101", term="Spring 2027"
    )

    assert course.code == "STAT101"
    assert course.created_by == instructor
    assert role_of(course, instructor) == "instructor"
    assert len(course.join_code) == 8
    assert set(course.join_code) <= set(JOIN_CODE_ALPHABET)


def test_site_staff_may_create_a_course(moderator):
    course = actions.create_course(moderator, title="Ethics", code="PHIL1", term="Fall")
    assert role_of(course, moderator) == "instructor"


@pytest.mark.parametrize("persona", ["alice", "charlie", "mallory"])
def test_students_cannot_create_a_course(persona, request):
    person = request.getfixturevalue(persona)
    with pytest.raises(actions.NotAllowed):
        actions.create_course(person, title="Fake", code="FAKE1", term="Now")
    assert not Course.objects.exists()
    assert not Enrolment.objects.exists()


# enrol_with_code


def test_join_code_ignores_case_and_spaces(course, alice):
    code = course.join_code
    typed = f"  {code[:4].lower()} {code[4:].lower()}\t"

    enrolment = actions.enrol_with_code(alice, typed)

    assert enrolment.course == course
    assert enrolment.role == "student"


def test_enrolling_twice_is_harmless_and_keeps_the_role(course, instructor, alice):
    actions.enrol_with_code(alice, course.join_code)
    actions.enrol_with_code(alice, course.join_code)
    actions.enrol_with_code(instructor, course.join_code)

    assert Enrolment.objects.filter(course=course, user=alice).count() == 1
    assert role_of(course, instructor) == "instructor"


@pytest.mark.parametrize("typed", ["WRONG123", "", "   ", "<script>alert(1)</script>", "x" * 500])
def test_a_wrong_code_enrols_nobody(course, mallory, typed):
    with pytest.raises(actions.InvalidJoinCode):
        actions.enrol_with_code(mallory, typed)
    assert role_of(course, mallory) is None


# regenerate_join_code


def test_regenerating_the_code_invalidates_the_old_one(course, instructor, alice, bob):
    old = course.join_code
    actions.enrol_with_code(alice, old)

    new = actions.regenerate_join_code(instructor, course)

    assert new != old
    with pytest.raises(actions.InvalidJoinCode):
        actions.enrol_with_code(bob, old)
    assert actions.enrol_with_code(bob, new).course == course
    assert role_of(course, alice) == "student"  # people already in stay in


@pytest.mark.parametrize("persona", ["student", "ta", "charlie"])
def test_only_instructors_regenerate_the_code(course, persona, request):
    person = request.getfixturevalue(persona)
    old = course.join_code
    with pytest.raises(actions.NotAllowed):
        actions.regenerate_join_code(person, course)
    course.refresh_from_db()
    assert course.join_code == old


# remove_from_course


def test_instructor_removes_a_student_who_is_told(course, instructor, student):
    actions.remove_from_course(instructor, course, student)

    assert role_of(course, student) is None
    assert notice_text(Notification.objects.get(recipient=student)) == (
        "You were removed from STAT101: Introduction to Statistics."
    )


@pytest.mark.parametrize("persona", ["ta", "charlie", "mallory"])
def test_a_ta_student_or_outsider_cannot_remove_anyone(course, student, persona, request):
    person = request.getfixturevalue(persona)
    with pytest.raises(actions.NotAllowed):
        actions.remove_from_course(person, course, student)
    assert role_of(course, student) == "student"


def test_a_student_cannot_remove_another_student(course, student, bob):
    actions.enrol_with_code(bob, course.join_code)
    with pytest.raises(actions.NotAllowed):
        actions.remove_from_course(student, course, bob)
    assert role_of(course, bob) == "student"


def test_instructors_cannot_be_removed(course, instructor, moderator):
    with pytest.raises(actions.NotAllowed):
        actions.remove_from_course(moderator, course, instructor)
    assert role_of(course, instructor) == "instructor"


def test_site_staff_remove_as_moderators_with_a_reason_that_is_recorded(
    course, moderator, student, audit_log
):
    with pytest.raises(ReasonRequired):
        actions.remove_from_course(moderator, course, student, " ")
    assert role_of(course, student) == "student" and audit_log() == []

    actions.remove_from_course(moderator, course, student, "Spam account")
    assert role_of(course, student) is None
    assert audit_log() == [(moderator, "remove_from_course", student, course, "Spam account")]


def test_the_courses_instructors_write_no_entry(
    course, other_course, moderator, student, audit_log
):
    actions.remove_from_course(course.created_by, course, student)
    actions.enrol_with_code(student, other_course.join_code)
    actions.remove_from_course(moderator, other_course, student)  # staff, and its instructor
    assert audit_log() == []


def test_removing_someone_not_in_the_course_is_an_error(course, instructor, charlie):
    with pytest.raises(actions.CourseError):
        actions.remove_from_course(instructor, course, charlie)
    assert not Notification.objects.filter(recipient=charlie).exists()


# set_course_role


def test_instructor_makes_a_student_ta_and_back(course, instructor, student):
    assert actions.set_course_role(instructor, course, student, "ta").role == "ta"
    assert role_of(course, student) == "ta"
    actions.set_course_role(instructor, course, student, "student")
    assert role_of(course, student) == "student"


def test_a_ta_cannot_manage_the_course(course, ta, student):
    with pytest.raises(actions.NotAllowed):
        actions.set_course_role(ta, course, student, "ta")
    with pytest.raises(actions.NotAllowed):
        actions.update_course(ta, course, title="Hijacked", term="x", description="")
    course.refresh_from_db()
    assert course.title == "Introduction to Statistics"
    assert role_of(course, student) == "student"


@pytest.mark.parametrize("role", ["instructor", "owner", "", "<b>ta</b>"])
def test_roles_other_than_student_or_ta_are_refused(course, instructor, student, role):
    with pytest.raises(actions.CourseError):
        actions.set_course_role(instructor, course, student, role)
    assert role_of(course, student) == "student"


def test_an_instructors_role_cannot_be_changed(course, instructor, moderator):
    with pytest.raises(actions.CourseError):
        actions.set_course_role(moderator, course, instructor, "student")
    assert role_of(course, instructor) == "instructor"


def test_instructor_updates_the_course(course, instructor):
    actions.update_course(instructor, course, title="Stats", term="Fall 2027", description="Hi")
    course.refresh_from_db()
    assert (course.title, course.term, course.description) == ("Stats", "Fall 2027", "Hi")
