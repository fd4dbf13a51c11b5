"""The community-health pages and their one-click actions: only the course's
instructors (and TAs when the course allows) reach them, every id is checked against
the course, and the page reads the stored snapshot without computing anything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.actions import set_free_hours
from accounts.models import Interaction, ModerationAction, Notification
from courses import actions as course_actions
from courses.models import CourseHealth
from groups.models import Invitation
from lounge.models import Message
from mentorship.coffee import actions as coffee_actions
from mentorship.coffee.models import Participant
from tests.coffee.conftest import build_series
from tests.factories import UserFactory
from tests.groups.conftest import build_group
from tests.mentorship.conftest import EVENINGS, build_programme, make_mentor

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def pages(course):
    base = f"/courses/{course.pk}/health/"
    return [("get", base), ("get", base + "groups/")] + [
        ("post", base + action + "/") for action in ("refresh", "invite", "note", "coffee")
    ]


@pytest.fixture
def instructor_client(client, instructor):
    client.force_login(instructor)
    return client


@pytest.fixture
def group(course, bob):
    return build_group(bob, name="Bayes <b>club</b>", course=course)


@pytest.fixture
def ready(course, snapshot, group):
    """The course with its snapshot computed."""
    return snapshot(course)


def test_students_and_other_courses_instructors_get_404_everywhere(
    client, course, ready, alice, group
):
    stranger = UserFactory(username="otto", role="instructor")
    course_actions.create_course(stranger, title="Other", code="OTH1", term="T")
    for person in (alice, stranger):
        client.force_login(person)
        for method, url in pages(course):
            data = {"student": alice.pk, "group": group.pk, "body": "hi", "series": 1}
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (person, url)
    assert not Invitation.objects.exists() and not ModerationAction.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, course):
    for method, url in pages(course):
        assert getattr(client, method)(url).status_code == 302


def test_teaching_assistants_see_health_only_when_the_course_allows(
    client, course, instructor, charlie, ready
):
    course_actions.set_course_role(instructor, course, charlie, "ta")
    client.force_login(charlie)
    url = f"/courses/{course.pk}/health/"
    assert client.get(url).status_code == 404

    course_actions.update_course(
        instructor,
        course,
        title=course.title,
        term=course.term,
        description="",
        tas_see_health=True,
    )
    assert client.get(url).status_code == 200
    assert client.get(f"/courses/{course.pk}/").content.decode().count(url) == 1


def test_the_course_edit_form_sets_what_tas_see(instructor_client, course):
    response = instructor_client.post(
        f"/courses/{course.pk}/edit/",
        {"title": "Stats", "term": "Fall", "description": "", "tas_see_health": "on"},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.tas_see_health


def test_the_page_before_any_snapshot_says_so_and_computes_nothing(instructor_client, course):
    response = instructor_client.get(f"/courses/{course.pk}/health/")

    assert response.status_code == 200
    assert "Nothing computed yet" in response.content.decode()
    assert not CourseHealth.objects.exists()


def test_refresh_now_queues_the_task_at_most_once_in_five_minutes(
    instructor_client, course, django_capture_on_commit_callbacks
):
    url = f"/courses/{course.pk}/health/refresh/"
    with django_capture_on_commit_callbacks(execute=True):
        instructor_client.post(url)
    first = CourseHealth.objects.get(course=course)
    assert first.computed_at is not None and first.data["students"]

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = instructor_client.post(url, follow=True)
    assert not queued
    assert "on its way" in response.content.decode()
    assert CourseHealth.objects.get(course=course).computed_at == first.computed_at


def test_the_radar_reads_the_snapshot_within_the_list_page_cap(
    instructor_client, course, instructor, alice, django_assert_max_num_queries
):
    students = [UserFactory(display_name=f"Student {n}") for n in range(40)]
    for person in students:
        course_actions.enrol_with_code(person, course.join_code)
    for number in range(4):
        build_group(students[number], name=f"Group {number}", course=course)
    programme = build_programme(instructor, course=course)
    set_free_hours(alice, EVENINGS)
    make_mentor(programme, alice, approve_by=instructor)
    build_series(instructor, name="STAT101 coffee", course=course)
    from groups.health_refresh import refresh

    refresh(course.pk)

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(18):
        page = instructor_client.get(f"/courses/{course.pk}/health/?days=7").content.decode()
    assert "Student 4" in page and "Invite to Group" in page
    assert "The 30 alone longest of 43 are listed" in page
    assert "STAT101 coffee" in page and "Mentor with a free seat" in page
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert Interaction._meta.db_table not in read


def test_a_forged_days_value_falls_back_to_two_weeks(instructor_client, course, ready):
    page = instructor_client.get(f"/courses/{course.pk}/health/?days=9999'").content.decode()
    assert '<option value="14" selected>' in page


def test_inviting_from_the_radar_invites_tells_and_records(
    instructor_client, course, instructor, alice, group, ready
):
    response = instructor_client.post(
        f"/courses/{course.pk}/health/invite/", {"student": alice.pk, "group": group.pk}, **HTMX
    )

    text = response.content.decode()
    assert response.status_code == 200 and "radar__outcome--done" in text
    assert "Bayes &lt;b&gt;club&lt;/b&gt;" in text
    assert Invitation.objects.filter(group=group, invitee=alice, invited_by=instructor).exists()
    assert Notification.objects.filter(recipient=alice, kind="invitation").exists()
    entry = ModerationAction.objects.get()
    assert (entry.actor, entry.action, entry.target_user) == (
        instructor,
        "health.invite_to_group",
        alice,
    )


def test_without_javascript_an_action_returns_to_the_radar_with_a_message(
    instructor_client, course, alice, group, ready
):
    response = instructor_client.post(
        f"/courses/{course.pk}/health/invite/",
        {"student": alice.pk, "group": group.pk},
        follow=True,
    )
    assert response.redirect_chain[0][0].endswith(f"/health/#student-{alice.pk}")
    assert "Invited Alice Ames" in response.content.decode()


@pytest.mark.parametrize(
    "forged",
    [
        {"student": "other", "group": "own"},
        {"student": "alice", "group": "other"},
        {"student": "999999", "group": "own"},
        {"student": "alice'; DROP TABLE x", "group": "own"},
        {"student": "instructor", "group": "own"},
        {"student": "alice", "group": "archived"},
    ],
)
def test_ids_from_elsewhere_are_a_404_and_write_nothing(
    instructor_client, course, instructor, alice, bob, mallory, group, ready, forged
):
    other_course = course_actions.create_course(instructor, title="O", code="OTH2", term="T")
    course_actions.enrol_with_code(mallory, other_course.join_code)
    other_group = build_group(mallory, name="Elsewhere", course=other_course)
    archived = build_group(bob, name="Old", course=course)
    from groups import actions as group_actions

    group_actions.archive_group(bob, archived)
    ids = {
        "own": group.pk,
        "other": other_group.pk if forged["group"] == "other" else mallory.pk,
        "alice": alice.pk,
        "instructor": instructor.pk,
        "archived": archived.pk,
    }
    data = {
        "student": ids.get(forged["student"], forged["student"]),
        "group": ids[forged["group"]],
    }
    ModerationAction.objects.all().delete()

    response = instructor_client.post(f"/courses/{course.pk}/health/invite/", data)

    assert response.status_code == 404
    assert not Invitation.objects.exists() and not ModerationAction.objects.exists()


def test_a_friendly_note_is_a_direct_message_on_the_record(
    instructor_client, course, instructor, alice, ready
):
    body = "Hi Alice <script>alert(1)</script>, how is it going?"
    response = instructor_client.post(
        f"/courses/{course.pk}/health/note/", {"student": alice.pk, "body": body}, **HTMX
    )

    assert response.status_code == 200 and "Sent a note to Alice Ames" in response.content.decode()
    message = Message.objects.get(author=instructor)
    assert message.body == body and "<script>" not in message.body_html
    assert set(message.channel.memberships.values_list("user_id", flat=True)) == {
        instructor.pk,
        alice.pk,
    }
    entry = ModerationAction.objects.get(action="health.friendly_note")
    assert entry.target_user == alice and body not in entry.reason


def test_a_note_too_long_is_refused_in_place(instructor_client, course, alice, ready):
    response = instructor_client.post(
        f"/courses/{course.pk}/health/note/", {"student": alice.pk, "body": "x" * 5000}, **HTMX
    )
    assert "radar__outcome--failed" in response.content.decode()
    assert not Message.objects.exists() and not ModerationAction.objects.exists()


def test_adding_to_the_coffee_chats_opts_in_tells_and_records(
    instructor_client, course, instructor, alice, moderator, ready
):
    series = build_series(instructor, name="STAT101 coffee", course=course)
    community = build_series(moderator, name="Everyone's coffee")

    response = instructor_client.post(
        f"/courses/{course.pk}/health/coffee/", {"student": alice.pk, "series": series.pk}, **HTMX
    )
    refused = instructor_client.post(
        f"/courses/{course.pk}/health/coffee/", {"student": alice.pk, "series": community.pk}
    )

    assert response.status_code == 200 and refused.status_code == 404
    assert Participant.objects.get(user=alice).series == series
    assert Notification.objects.filter(recipient=alice, kind="coffee_added").exists()
    assert ModerationAction.objects.get().action == "health.add_to_coffee"


def test_only_a_series_organiser_adds_people(course, instructor, alice, bob):
    series = build_series(instructor, name="STAT101 coffee", course=course)
    with pytest.raises(coffee_actions.NotAllowed):
        coffee_actions.add_participant(bob, series, alice)
    assert not Participant.objects.exists()


def test_the_group_page_shows_activity_and_flags(instructor_client, course, group, ready):
    page = instructor_client.get(f"/courses/{course.pk}/health/groups/").content.decode()
    assert f'id="group-{group.pk}"' in page and "Too small" in page
    assert "Bayes &lt;b&gt;club&lt;/b&gt;" in page


def test_a_large_course_draws_those_alone_longest_and_the_most_connected(course, alice, bob):
    from django.utils import timezone

    from home import health

    students = [
        {"id": n, "name": f"S{n}", "handle": f"s{n}", "last_peer_at": None, "last_staff_at": None}
        for n in range(1, 501)
    ]
    ties = [[n, n + 1, n] for n in range(101, 500)]
    now = timezone.now().isoformat()
    for student in students[100:]:
        student["last_peer_at"] = now
    data = {"students": students, "ties": ties, "grouped_ids": list(range(1, 501))}

    nodes, drawn, sampled = health.chart_data(data, timezone.now(), 14)

    assert sampled and len(nodes) == health.CHART_MAX_STUDENTS
    isolated = [node["id"] for node in nodes if node["isolated"]]
    assert isolated == list(range(1, health.CHART_MAX_ALONE + 1))
    # Student n is tied to n - 1 and n + 1 with weights n - 1 and n: the last one, 500,
    # has a single tie, so the 240 most connected are 260 to 499.
    assert {node["id"] for node in nodes if not node["isolated"]} == set(range(260, 500))
    assert all(first >= 260 and second < 500 for first, second, _ in drawn)


def test_the_group_health_page_reads_the_snapshot_within_the_list_page_cap(
    instructor_client, course, django_assert_max_num_queries
):
    students = [UserFactory(display_name=f"Student {n}") for n in range(30)]
    for person in students:
        course_actions.enrol_with_code(person, course.join_code)
    for number in range(12):
        build_group(students[number], name=f"Group {number}", course=course)
    from groups.health_refresh import refresh

    refresh(course.pk)

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(18):
        page = instructor_client.get(f"/courses/{course.pk}/health/groups/").content.decode()
    assert "Group 0" in page and "Group 11" in page
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert Interaction._meta.db_table not in read
