"""Home for someone new: a student in no course is asked for their course's code; an
instructor in none is offered to create one; a person whose zone is confirmed gets the
(hidden until the browser differs) offer to switch."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from courses import actions as course_actions
from tests.factories import UserFactory


@pytest.fixture
def home(client):
    def get(person):
        client.force_login(person)
        response = client.get("/")
        assert response.status_code == 200
        return response.text

    return get


def test_a_student_in_no_course_is_asked_for_the_join_code(home, client, alice, instructor):
    page = home(alice)
    assert "Join your course" in page and 'name="join_code"' in page
    assert f'action="{reverse("courses:join")}"' in page
    course = course_actions.create_course(instructor, title="Stats", code="ST1", term="t")
    response = client.post(reverse("courses:join"), {"join_code": course.join_code})
    assert response.status_code == 302
    assert "Join your course" not in home(alice)


def test_an_instructor_in_no_course_is_offered_to_create_one(home, instructor):
    page = home(instructor)
    assert "Create your first course" in page and "Join your course" not in page
    assert "code your instructor shared" not in page


def test_an_instructor_is_not_suggested_groups_on_home(home, instructor):
    page = home(instructor)
    assert "Find one that fits your week" not in page
    assert "your courses&#x27; pages" in page or "your courses' pages" in page


def test_the_zone_switch_offer_is_there_for_a_confirmed_zone_and_hidden(home, alice):
    Profile.objects.filter(user=alice).update(time_zone_confirmed=True)
    page = home(alice)
    assert 'data-zone-check data-profile-zone="Europe/Berlin"' in page
    assert 'id="zone-differs" hidden' in page
    assert "js/zone-check.js" in page


def test_an_unconfirmed_zone_is_asked_once_not_twice(home, db):
    person = UserFactory(username="newbie", time_zone="Asia/Tokyo")
    Profile.objects.filter(user=person).update(time_zone_confirmed=False)
    page = home(person)
    assert "Is Asia/Tokyo your time zone?" in page and "data-zone-check" not in page


def test_switching_to_the_browsers_zone(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:time_zone_confirm"), {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone == "Asia/Tokyo"
    response = client.post(reverse("accounts:time_zone_confirm"), {"time_zone": "Mars/Base"})
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone == "Asia/Tokyo"
