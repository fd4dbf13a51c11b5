"""The courses admin: enrolments and roles are read-only, and change through admin
actions that call the course verbs (so the course's chat follows, and removals by
site staff are moderation acts with a reason in the audit log)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from courses import actions
from courses.models import Enrolment
from lounge.models import Membership as ChatMembership
from tests.notices import notice_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, moderator):
    """The moderator (staff) with view and change rights on courses."""
    moderator.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="courses", codename__regex=r"^(view|change)_"
        )
    )
    client.force_login(moderator)
    return client


def chat_role(course, person):
    membership = ChatMembership.objects.filter(
        channel=actions.course_channel(course), user=person
    ).first()
    return membership and membership.role


def role_of(course, person):
    enrolment = Enrolment.objects.filter(course=course, user=person).first()
    return enrolment and enrolment.role


def test_the_course_form_cannot_add_edit_or_remove_enrolments(
    staff_client, course, student, charlie
):
    url = reverse("admin:courses_course_change", args=[course.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="enrolments-0-role"' not in page and "enrolments-__prefix__" not in page
    total = str(course.enrolments.count())
    response = staff_client.post(
        url,
        {
            "title": "Statistics I",
            "code": course.code,
            "term": course.term,
            "description": "",
            "created_by": course.created_by_id,
            "enrolments-TOTAL_FORMS": total,
            "enrolments-INITIAL_FORMS": total,
            "enrolments-0-role": "ta",
            "enrolments-0-DELETE": "on",
            "enrolments-1-role": "ta",
            "enrolments-1-DELETE": "on",
            "enrolments-2-user": charlie.pk,
            "enrolments-2-role": "instructor",
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Statistics I"
    assert sorted(course.enrolments.values_list("user__username", "role")) == [
        ("alice", "student"),
        ("ines", "instructor"),
    ]


def test_enrolments_are_not_added_edited_or_deleted_directly(staff_client, course, student):
    enrolment = course.enrolments.get(user=student)
    assert staff_client.get(reverse("admin:courses_enrolment_add")).status_code == 403
    staff_client.post(
        reverse("admin:courses_enrolment_change", args=[enrolment.pk]), {"role": "ta"}
    )
    assert role_of(course, student) == "student"
    changelist = staff_client.get(reverse("admin:courses_enrolment_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def test_role_actions_go_through_the_verb_and_the_chat_follows(staff_client, course, student):
    enrolment = course.enrolments.get(user=student)
    url = reverse("admin:courses_enrolment_changelist")
    selection = {"_selected_action": [enrolment.pk]}

    response = staff_client.post(
        url, {**selection, "action": "make_teaching_assistants"}, follow=True
    )
    assert role_of(course, student) == "ta" and chat_role(course, student) == "moderator"
    assert "1 person(s) are now teaching assistants." in response.content.decode()

    staff_client.post(url, {**selection, "action": "make_students"})
    assert role_of(course, student) == "student" and chat_role(course, student) == "member"


def test_the_instructors_role_is_not_changed_by_an_action(staff_client, course, instructor):
    enrolment = course.enrolments.get(user=instructor)
    url = reverse("admin:courses_enrolment_changelist")
    response = staff_client.post(
        url, {"_selected_action": [enrolment.pk], "action": "make_students"}, follow=True
    )
    assert role_of(course, instructor) == "instructor"
    assert "not a student or TA" in response.content.decode()


def test_the_remove_action_needs_a_reason_and_is_recorded(
    staff_client, course, student, moderator, audit_log
):
    enrolment = course.enrolments.get(user=student)
    url = reverse("admin:courses_enrolment_changelist")
    selection = {"_selected_action": [enrolment.pk], "action": "remove_from_course", "apply": "1"}

    staff_client.post(url, {**selection, "reason": ""})
    assert role_of(course, student) == "student" and audit_log() == []

    staff_client.post(url, {**selection, "reason": "Fake account"})
    assert role_of(course, student) is None and chat_role(course, student) is None
    assert audit_log() == [(moderator, "remove_from_course", student, course, "Fake account")]
    assert any("removed from STAT101" in text for text in notice_texts(student))


def test_staff_read_teamwork_and_close_review_rounds_through_the_verb(
    staff_client, instructor, assignment, workspaces, alice, charlie
):
    from datetime import timedelta

    from courses.models import ReviewRound
    from tests.courses.teamwork import RUBRIC, write_and_submit

    write_and_submit(alice, workspaces["Red"])
    write_and_submit(charlie, workspaces["Blue"])
    review_round = actions.open_review_round(
        instructor,
        assignment,
        reviews_per_submission=1,
        criteria=RUBRIC,
        now=assignment.due_at + timedelta(minutes=1),
    )
    for model in ("grouping", "assignment", "submission", "reviewround", "review"):
        assert staff_client.get(reverse(f"admin:courses_{model}_changelist")).status_code == 200
    response = staff_client.post(
        reverse("admin:courses_reviewround_changelist"),
        {"action": "close_rounds", "_selected_action": [review_round.pk]},
    )
    assert response.status_code == 302
    assert ReviewRound.objects.get().status == ReviewRound.Status.CLOSED
