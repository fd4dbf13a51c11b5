import pytest
from django.test import Client
from django.urls import reverse

from courses import actions
from courses.models import Course, Enrolment


def role_of(course, person):
    enrolment = Enrolment.objects.filter(course=course, user=person).first()
    return enrolment and enrolment.role


def course_urls(course):
    return [
        ("get", reverse("courses:index")),
        ("get", reverse("courses:create")),
        ("post", reverse("courses:join")),
        ("get", reverse("courses:invite", args=[course.join_code])),
        ("get", reverse("courses:detail", args=[course.pk])),
        ("post", reverse("courses:regenerate_code", args=[course.pk])),
        ("post", reverse("courses:remove_person", args=[course.pk])),
        ("post", reverse("courses:set_role", args=[course.pk])),
    ]


# Visitors and outsiders


@pytest.mark.django_db
def test_visitors_are_sent_to_log_in_from_every_course_page(client, course):
    for method, url in course_urls(course):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert Enrolment.objects.count() == 1  # only the instructor


def test_an_outsider_sees_only_the_name_and_a_join_form(client, course, student, charlie):
    client.force_login(charlie)
    response = client.get(reverse("courses:detail", args=[course.pk]))

    assert response.status_code == 200
    assert "courses/detail_outsider.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Introduction to Statistics" in body
    assert 'name="join_code"' in body
    assert "Alice Ames" not in body  # no roster
    assert "Dr Ines Iyer" not in body
    assert course.join_code not in body


def test_an_outsider_cannot_manage_the_course(client, course, student, charlie, messages_of):
    client.force_login(charlie)
    old = course.join_code

    regenerate = client.post(reverse("courses:regenerate_code", args=[course.pk]))
    remove = client.post(reverse("courses:remove_person", args=[course.pk]), {"user": student.pk})

    course.refresh_from_db()
    assert course.join_code == old
    assert role_of(course, student) == "student"
    assert messages_of(regenerate) == ["Only the course's instructors can change its join code."]
    assert messages_of(remove) == ["Only the course's instructors can remove people."]


def test_a_missing_course_is_404(client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("courses:detail", args=[9999])).status_code == 404


# Members


def test_a_student_sees_the_roster_but_not_the_join_code(client, course, student):
    client.force_login(student)
    body = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "Alice Ames" in body
    assert "Dr Ines Iyer" in body
    assert course.join_code not in body
    assert "Remove from course" not in body


def test_the_instructor_sees_the_join_code_and_invite_link(client, course, instructor, student):
    client.force_login(instructor)
    body = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert course.join_code in body
    assert f"http://testserver/courses/join/{course.join_code}/" in body
    assert "Remove from course" in body


# Creating courses


def test_instructor_creates_a_course(client, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:create"),
        {"title": "Intro to Stats", "code": "stat-101", "term": "Spring 2027", "description": ""},
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    assert course.code == "STAT-101"
    assert role_of(course, instructor) == "instructor"


def test_a_student_cannot_create_a_course(client, alice, messages_of):
    client.force_login(alice)
    get = client.get(reverse("courses:create"))
    post = client.post(reverse("courses:create"), {"title": "Fake", "code": "FAKE1", "term": "Now"})
    assert get.status_code == post.status_code == 302
    assert messages_of(post) == ["Only instructors can create courses."]
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "<b>Stats</b>"),
        ("title", "x" * 121),
        ("code", "STAT 101"),
        ("code", "<script>alert(1)</script>"),
        ("code", "A"),
        ("term", "{{ 7*7 }}"),
    ],
)
def test_hostile_course_input_is_a_field_error(client, instructor, field, value):
    client.force_login(instructor)
    data = {"title": "Stats", "code": "STAT101", "term": "Spring 2027", "description": ""}
    data[field] = value
    response = client.post(reverse("courses:create"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Course.objects.exists()


def test_a_duplicate_course_code_is_a_field_error(client, course, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:create"), {"title": "Again", "code": "Stat101", "term": "x"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == ["A course with this code already exists."]
    assert Course.objects.count() == 1


# Joining


def test_joining_with_a_code_in_any_case_and_spacing(client, course, charlie):
    client.force_login(charlie)
    code = course.join_code
    response = client.post(
        reverse("courses:join"), {"join_code": f" {code[:3].lower()} {code[3:].lower()} "}
    )
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    assert role_of(course, charlie) == "student"


@pytest.mark.parametrize("typed", ["NOPE2345", "<script>x</script>", "K7QX 2M9P"])
def test_a_wrong_code_is_a_400_with_a_field_error(client, course, charlie, typed):
    client.force_login(charlie)
    response = client.post(reverse("courses:join"), {"join_code": typed})
    assert response.status_code == 400
    assert response.context["join_form"].errors["join_code"] == [
        "That join code does not match any course. Check it and try again."
    ]
    assert role_of(course, charlie) is None
    assert b"<script>x</script>" not in response.content


def test_an_empty_or_overlong_code_is_a_400(client, course, charlie):
    client.force_login(charlie)
    assert client.post(reverse("courses:join"), {"join_code": ""}).status_code == 400
    assert client.post(reverse("courses:join"), {"join_code": "A" * 21}).status_code == 400
    assert role_of(course, charlie) is None


def test_the_invite_link_get_only_asks_for_confirmation(client, course, charlie):
    client.force_login(charlie)
    response = client.get(reverse("courses:invite", args=[course.join_code.lower()]))
    assert response.status_code == 200
    assert b"Join STAT101: Introduction to Statistics?" in response.content
    assert role_of(course, charlie) is None


def test_posting_the_invite_link_enrols(client, course, charlie):
    client.force_login(charlie)
    response = client.post(reverse("courses:invite", args=[course.join_code]))
    assert response.status_code == 302
    assert role_of(course, charlie) == "student"


def test_the_invite_page_says_when_you_are_already_in(client, course, student):
    client.force_login(student)
    response = client.get(reverse("courses:invite", args=[course.join_code]))
    assert b"You are already in this course." in response.content


def test_a_new_code_breaks_the_old_code_and_link(client, course, instructor, charlie):
    old = course.join_code
    client.force_login(instructor)
    client.post(reverse("courses:regenerate_code", args=[course.pk]))
    course.refresh_from_db()
    assert course.join_code != old

    client.force_login(charlie)
    link_get = client.get(reverse("courses:invite", args=[old]))
    link_post = client.post(reverse("courses:invite", args=[old]))
    by_code = client.post(reverse("courses:join"), {"join_code": old})

    assert link_get.status_code == link_post.status_code == 404
    assert b"This invite link does not work" in link_post.content
    assert by_code.status_code == 400
    assert role_of(course, charlie) is None


def test_join_is_protected_by_csrf(course, charlie):
    client = Client(enforce_csrf_checks=True)
    client.force_login(charlie)
    response = client.post(reverse("courses:join"), {"join_code": course.join_code})
    assert response.status_code == 403
    assert role_of(course, charlie) is None


# Managing people


def test_instructor_removes_a_student(client, course, instructor, student, messages_of):
    client.force_login(instructor)
    response = client.post(reverse("courses:remove_person", args=[course.pk]), {"user": student.pk})
    assert response.status_code == 302
    assert role_of(course, student) is None
    assert messages_of(response) == ["Alice Ames was removed from STAT101."]


def test_instructor_makes_a_student_ta(client, course, instructor, student, messages_of):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:set_role", args=[course.pk]), {"user": student.pk, "role": "ta"}
    )
    assert role_of(course, student) == "ta"
    assert messages_of(response) == ["Alice Ames is now a teaching assistant."]


@pytest.mark.parametrize("persona", ["ta", "student"])
def test_a_ta_or_student_cannot_remove_people(client, course, persona, charlie, request):
    actions.enrol_with_code(charlie, course.join_code)
    client.force_login(request.getfixturevalue(persona))
    client.post(reverse("courses:remove_person", args=[course.pk]), {"user": charlie.pk})
    assert role_of(course, charlie) == "student"


def test_the_instructor_cannot_be_removed_or_demoted(client, course, instructor, moderator):
    client.force_login(moderator)
    client.post(reverse("courses:remove_person", args=[course.pk]), {"user": instructor.pk})
    client.post(
        reverse("courses:set_role", args=[course.pk]), {"user": instructor.pk, "role": "student"}
    )
    assert role_of(course, instructor) == "instructor"


def test_site_staff_give_a_reason_to_remove_someone(
    client, course, moderator, student, messages_of, audit_log
):
    actions.enrol_with_code(moderator, course.join_code)
    client.force_login(moderator)
    assert b'name="reason"' in client.get(course.get_absolute_url()).content
    url = reverse("courses:remove_person", args=[course.pk])

    refused = client.post(url, {"user": student.pk})
    assert messages_of(refused) == ["Give a reason: every moderation action is recorded with one."]
    assert role_of(course, student) == "student" and audit_log() == []

    client.post(url, {"user": student.pk, "reason": "Spam account"})
    assert role_of(course, student) is None
    assert audit_log() == [(moderator, "remove_from_course", student, course, "Spam account")]


def test_instructors_are_not_asked_for_a_reason(client, course, instructor, student):
    client.force_login(instructor)
    assert b'name="reason"' not in client.get(course.get_absolute_url()).content


@pytest.mark.parametrize(
    "user_value",
    ["other-course", "<script>", "", "-1", "0", "99999999999999999999999", "1 OR 1=1", "²"],
)
def test_someone_outside_the_course_in_the_roster_forms_is_an_error(
    client, course, other_course, instructor, student, mallory, messages_of, user_value
):
    actions.enrol_with_code(mallory, other_course.join_code)
    if user_value == "other-course":
        user_value = mallory.pk
    client.force_login(instructor)
    before = sorted(Enrolment.objects.values_list("course_id", "user_id", "role"))

    remove = client.post(reverse("courses:remove_person", args=[course.pk]), {"user": user_value})
    role = client.post(
        reverse("courses:set_role", args=[course.pk]), {"user": user_value, "role": "ta"}
    )

    assert remove.status_code == role.status_code == 302
    assert messages_of(remove) == ["That person is not in this course."]
    assert messages_of(role) == ["That person is not in this course."]
    assert sorted(Enrolment.objects.values_list("course_id", "user_id", "role")) == before


def test_html_in_a_course_title_is_escaped(client, course, instructor, student):
    # Titles are validated by the form; a title set another way still renders escaped.
    actions.update_course(
        instructor, course, title="<img src=x onerror=1>", term="t", description=""
    )
    client.force_login(student)
    body = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "<img src=x onerror=1>" not in body
    assert "&lt;img src=x onerror=1&gt;" in body
