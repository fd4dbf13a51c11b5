"""A student leaves a course (and its groups, freeing their seats); an instructor edits
the course's title, term and description on a page."""

from datetime import time

import pytest
from django.urls import reverse

from courses import actions
from courses.models import Course, Enrolment
from groups import actions as group_actions
from groups.models import Membership, WaitlistEntry
from lounge.models import Channel
from lounge.models import Membership as ChatMembership


@pytest.fixture
def full_group(course, student, bob, charlie, instructor):
    """A two-seat group of the course: alice and bob in it, charlie waiting."""
    actions.enrol_with_code(bob, course.join_code)
    actions.enrol_with_code(charlie, course.join_code)
    group = group_actions.create_group(
        bob,
        name="Bayes club",
        description="",
        course=course,
        capacity=2,
        visibility="open",
        topics=[],
        languages=[],
        slots=[(1, time(19), 60)],
    )
    group_actions.join_group(student, group)
    group_actions.join_waitlist(charlie, group)
    return group


def test_leaving_a_course_frees_my_seats_for_the_people_waiting(
    client, course, student, full_group, charlie
):
    client.force_login(student)
    response = client.post(reverse("courses:leave", args=[course.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("courses:index")

    assert not Enrolment.objects.filter(course=course, user=student).exists()
    assert not Membership.objects.filter(group=full_group, user=student).exists()
    assert Membership.objects.filter(group=full_group, user=charlie).exists()
    assert not WaitlistEntry.objects.filter(group=full_group).exists()
    chat = Channel.objects.owned_by(course, Channel.Kind.COURSE).get()
    assert not ChatMembership.objects.filter(channel=chat, user=student).exists()
    # The course page is the outsider's page again, with the join form.
    page = client.get(reverse("courses:detail", args=[course.pk]))
    assert "join_form" in page.context and "enrolment" not in page.context


def test_the_course_page_offers_leaving_to_students_not_to_instructors(
    client, course, student, instructor
):
    client.force_login(student)
    assert "Leave STAT101" in client.get(reverse("courses:detail", args=[course.pk])).text
    client.force_login(instructor)
    assert "Leave STAT101" not in client.get(reverse("courses:detail", args=[course.pk])).text


def test_an_instructor_cannot_leave_their_course(client, course, instructor, messages_of):
    client.force_login(instructor)
    response = client.post(reverse("courses:leave", args=[course.pk]))
    assert messages_of(response) == ["Instructors cannot leave their own course."]
    assert Enrolment.objects.filter(course=course, user=instructor).exists()


def test_leaving_a_course_i_am_not_in_changes_nothing(client, course, charlie, messages_of):
    client.force_login(charlie)
    response = client.post(reverse("courses:leave", args=[course.pk]))
    assert messages_of(response) == ["You are not in STAT101."]
    assert client.post(reverse("courses:leave", args=[999999])).status_code == 404
    assert client.get(reverse("courses:leave", args=[course.pk])).status_code == 405


# Editing a course


def test_an_instructor_edits_title_term_and_description(client, course, instructor):
    client.force_login(instructor)
    page = client.get(reverse("courses:detail", args=[course.pk])).text
    assert reverse("courses:edit", args=[course.pk]) in page
    form = client.get(reverse("courses:edit", args=[course.pk]))
    assert form.context["form"].initial["title"] == "Introduction to Statistics"
    response = client.post(
        reverse("courses:edit", args=[course.pk]),
        {"title": "Statistics I", "term": "Autumn 2027", "description": "Weekly problems."},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.term, course.description, course.code) == (
        "Statistics I",
        "Autumn 2027",
        "Weekly problems.",
        "STAT101",
    )


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "term": "t"},
        {"title": "<script>alert(1)</script>", "term": "t"},
        {"title": "x" * 121, "term": "t"},
        {"title": "ok", "term": "t", "description": "d" * 2001},
    ],
)
def test_bad_course_details_are_a_400_and_nothing_changes(client, course, instructor, data):
    client.force_login(instructor)
    response = client.post(reverse("courses:edit", args=[course.pk]), data)
    assert response.status_code == 400
    assert Course.objects.get(pk=course.pk).title == "Introduction to Statistics"


def test_students_tas_and_outsiders_cannot_edit_a_course(client, course, student, ta, charlie):
    for person in (student, ta, charlie):
        client.force_login(person)
        assert client.get(reverse("courses:edit", args=[course.pk])).status_code == 404
        response = client.post(
            reverse("courses:edit", args=[course.pk]), {"title": "Hacked", "term": "t"}
        )
        assert response.status_code == 404
    assert Course.objects.get(pk=course.pk).title == "Introduction to Statistics"
    assert client.get(reverse("courses:edit", args=[999999])).status_code == 404


# Instructor wording


def test_instructors_see_instructor_wording_and_no_suggestions_on_their_course(
    client, course, instructor, student
):
    client.force_login(instructor)
    assert "code your instructor shared" not in client.get(reverse("courses:index")).text
    detail = client.get(reverse("courses:detail", args=[course.pk]))
    (section,) = [context for name, context in detail.context["sections"] if "groups" in name]
    assert section["teaching"] and section["suggestions"] == []
    client.force_login(student)
    assert "code your instructor shared" in client.get(reverse("courses:index")).text
