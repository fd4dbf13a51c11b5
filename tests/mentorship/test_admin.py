"""Mentorship in Django admin: records are read-only; staff approve mentors and complete
pairs through admin actions that call the verbs."""

import pytest
from django.test import Client

from mentorship.models import Pair

from .conftest import make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def test_staff_approve_mentors_through_the_verb(staff_client, programme, alice):
    profile = make_mentor(programme, alice)
    url = "/admin/mentorship/mentorprofile/"
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"action": "approve_mentors", "_selected_action": [profile.pk]})
    profile.refresh_from_db()
    assert profile.is_approved
    assert alice.notifications.filter(kind="mentor_approved").exists()


def test_staff_complete_pairs_through_the_verb(staff_client, pair):
    staff_client.post(
        "/admin/mentorship/pair/", {"action": "complete_pairs", "_selected_action": [pair.pk]}
    )
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED


def test_records_cannot_be_edited_in_the_admin(staff_client, pair):
    page = staff_client.get(f"/admin/mentorship/pair/{pair.pk}/change/")
    assert page.status_code == 200
    assert 'name="score"' not in page.text  # shown, not editable
    assert staff_client.get("/admin/mentorship/programme/add/").status_code == 403


def test_students_cannot_open_the_mentorship_admin(pair, alice):
    client = Client()
    client.force_login(alice)
    response = client.get("/admin/mentorship/pair/")
    assert response.status_code == 302


def test_staff_nudge_pairs_through_the_verb(staff_client, pair, bob):
    staff_client.post(
        "/admin/mentorship/pair/", {"action": "nudge_pairs", "_selected_action": [pair.pk]}
    )
    assert bob.notifications.filter(kind="mentorship_nudge").exists()


def test_check_ins_meetings_and_feedback_are_listed_read_only(pair, bob):
    """For admins with the models' view permission (here a superuser): plain staff do
    not read feedback."""
    from mentorship import actions, pair_actions
    from tests.factories import UserFactory

    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    staff_client = Client()
    staff_client.force_login(admin_user)

    pair_actions.check_in(bob, pair, "Fine", met=True)
    actions.complete_pair(bob, pair)
    feedback = pair_actions.leave_feedback(bob, pair, rating=4, text="Good")
    for name in ("checkin", "meeting", "feedback"):
        assert staff_client.get(f"/admin/mentorship/{name}/").status_code == 200
        assert staff_client.get(f"/admin/mentorship/{name}/add/").status_code == 403
    page = staff_client.get(f"/admin/mentorship/feedback/{feedback.pk}/change/").text
    assert "Good" in page and 'name="rating"' not in page


def test_plain_staff_do_not_read_feedback(staff_client, pair):
    assert staff_client.get("/admin/mentorship/feedback/").status_code == 403
