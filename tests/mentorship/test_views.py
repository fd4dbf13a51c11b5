"""Mentorship pages: the list, a programme, the organiser's view and a pair's space;
outsiders get the same 404 as for something missing; hostile text stays text."""

import re

import pytest
from django.test import Client

from accounts.actions import block
from mentorship import actions
from mentorship.models import Goal, MatchingRound, MentorshipRequest, Pair, Programme

from .conftest import make_mentee

pytestmark = pytest.mark.django_db


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


def test_signed_out_people_are_sent_to_sign_in(client, programme):
    response = client.get(f"/mentorship/{programme.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_programmes_pairs_and_requests(programme, mentor, mentee, alice, bob):
    actions.request_mentor(bob, programme, alice, message="Could you help with R?")
    page = client_for(alice).get("/mentorship/").text
    assert "Newcomer mentoring" in page
    assert "Could you help with R?" in page and "Accept" in page
    assert "Europe/Berlin" in page  # when it was sent, in alice's zone, named
    assert "To <strong>Alice Ames</strong>" in client_for(bob).get("/mentorship/").text


def test_a_course_programme_is_hidden_from_outsiders(instructor, charlie):
    from courses import actions as course_actions

    from .conftest import build_programme

    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Spring 2027"
    )
    programme = build_programme(instructor, name="STAT101 mentors", course=course)
    outsider = client_for(charlie)
    assert "STAT101 mentors" not in outsider.get("/mentorship/").text
    assert outsider.get(f"/mentorship/{programme.pk}/").status_code == 404
    assert outsider.get("/mentorship/999999/").status_code == 404


def test_an_instructor_starts_a_programme_from_the_page(instructor):
    client = client_for(instructor)
    response = client.post(
        "/mentorship/new/",
        {
            "course": "",
            "name": "Peer mentors",
            "description": "",
            "starts_on": "2027-01-10",
            "ends_on": "2027-04-10",
            "mentor_rule": "approved",
        },
    )
    programme = Programme.objects.get(name="Peer mentors")
    assert response.status_code == 302 and response["Location"] == f"/mentorship/{programme.pk}/"


def test_students_cannot_open_the_new_programme_page(alice):
    assert client_for(alice).get("/mentorship/new/").status_code == 404


def test_a_mentee_sees_mentors_with_their_fit_and_why(programme, mentor, mentee, bob):
    page = client_for(bob).get(f"/mentorship/{programme.pk}/").text
    assert "Mentors for you" in page and "Alice Ames" in page
    assert "you both speak Portuguese" in page
    assert "mostly Tue–Thu afternoons your time (America/New_York)" in page
    assert "Ask to be mentored" in page


def test_blocked_mentors_are_not_listed(programme, mentor, mentee, alice, bob):
    block(alice, bob)
    page = client_for(bob).get(f"/mentorship/{programme.pk}/").text
    assert "Alice Ames" not in page


def test_opting_in_through_the_forms(programme, charlie):
    client = client_for(charlie)
    client.post(
        f"/mentorship/{programme.pk}/mentor/",
        {"topics": "statistics, R", "languages": ["en"], "capacity": "3", "note": "Ask away"},
    )
    client.post(
        f"/mentorship/{programme.pk}/mentee/",
        {"goals": "Learn R", "topics": "r", "languages": ["en"], "max_zone_hours": "3"},
    )
    assert programme.mentors.get(user=charlie).capacity == 3
    assert programme.mentees.get(user=charlie).max_zone_hours == 3


@pytest.mark.parametrize("capacity", ["0", "99", "two"])
def test_a_bad_capacity_is_a_clear_message(programme, charlie, capacity):
    client = client_for(charlie)
    response = client.post(
        f"/mentorship/{programme.pk}/mentor/", {"capacity": capacity}, follow=True
    )
    assert response.status_code == 200
    assert not programme.mentors.exists()
    assert "message--error" in response.text


def test_asking_answering_and_the_pair_space(programme, mentor, mentee, alice, bob):
    bob_client, alice_client = client_for(bob), client_for(alice)
    bob_client.post(
        f"/mentorship/{programme.pk}/ask/{alice.pk}/", {"message": "<b>hi</b> & welcome"}
    )
    request = MentorshipRequest.objects.get()
    page = alice_client.get("/mentorship/").text
    assert "&lt;b&gt;hi&lt;/b&gt; &amp; welcome" in page and "<b>hi</b>" not in page
    response = alice_client.post(
        f"/mentorship/requests/{request.pk}/answer/", {"accept": "yes", "message": "Sure"}
    )
    pair = Pair.objects.get()
    assert response["Location"] == f"/mentorship/pairs/{pair.pk}/"
    for client, zone in [(alice_client, "Europe/Berlin"), (bob_client, "America/New_York")]:
        page = client.get(f"/mentorship/pairs/{pair.pk}/").text
        assert "Why you were matched" in page and "shared topic: statistics" in page
        assert f"your time ({zone})" in page
        assert "Open our chat" in page


def test_asking_twice_shows_why_it_was_refused(programme, mentor, mentee, alice, bob):
    client = client_for(bob)
    client.post(f"/mentorship/{programme.pk}/ask/{alice.pk}/", {"message": ""})
    response = client.post(
        f"/mentorship/{programme.pk}/ask/{alice.pk}/", {"message": ""}, follow=True
    )
    assert "already asked this mentor" in response.text
    assert MentorshipRequest.objects.count() == 1


def test_outsiders_cannot_answer_or_withdraw_a_request(programme, mentor, mentee, alice, bob):
    request = actions.request_mentor(bob, programme, alice)
    mallory = client_for_new("mallory")
    assert (
        mallory.post(f"/mentorship/requests/{request.pk}/answer/", {"accept": "yes"}).status_code
        == 404
    )
    assert mallory.post(f"/mentorship/requests/{request.pk}/withdraw/").status_code == 404
    assert mallory.post("/mentorship/requests/999999/answer/", {"accept": "yes"}).status_code == 404


def client_for_new(username):
    from tests.factories import UserFactory

    return client_for(UserFactory(username=username))


def without_tokens(page):
    """A page without its per-request CSP nonce and CSRF token."""
    return re.sub(r"[A-Za-z0-9+/=_-]{20,}", "", page)


def test_another_pairs_space_is_the_same_404_as_a_missing_one(pair, charlie):
    client = client_for(charlie)
    forbidden = client.get(f"/mentorship/pairs/{pair.pk}/")
    missing = client.get("/mentorship/pairs/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert without_tokens(forbidden.text) == without_tokens(missing.text)
    for url in [
        f"/mentorship/pairs/{pair.pk}/goals/",
        f"/mentorship/pairs/{pair.pk}/complete/",
    ]:
        assert client.post(url, {"text": "sneaky"}).status_code == 404
    assert not Goal.objects.exists()
    pair.refresh_from_db()
    assert pair.is_active


def test_goals_with_htmx_and_without(pair, bob, alice):
    bob_client = client_for(bob)
    reply = bob_client.post(
        f"/mentorship/pairs/{pair.pk}/goals/", {"text": "Read chapter 2"}, HTTP_HX_REQUEST="true"
    )
    assert reply.status_code == 200 and "Read chapter 2" in reply.text
    assert "<html" not in reply.text  # just the goals fragment
    goal = Goal.objects.get()
    client_for(alice).post(f"/mentorship/pairs/{pair.pk}/goals/{goal.pk}/done/", {"done": "on"})
    goal.refresh_from_db()
    assert goal.is_done


def test_a_hostile_goal_is_a_form_error(pair, bob):
    reply = client_for(bob).post(
        f"/mentorship/pairs/{pair.pk}/goals/",
        {"text": "<script>alert(1)</script>"},
        HTTP_HX_REQUEST="true",
    )
    assert reply.status_code == 200 and "plain text" in reply.text
    assert "<script>alert(1)</script>" not in reply.text
    assert not Goal.objects.exists()


def test_completing_a_pair(pair, alice):
    client_for(alice).post(f"/mentorship/pairs/{pair.pk}/complete/")
    pair.refresh_from_db()
    assert not pair.is_active


def test_only_organisers_see_the_organiser_view(programme, alice, charlie, instructor):
    for person in (alice, charlie):
        assert client_for(person).get(f"/mentorship/{programme.pk}/organise/").status_code == 404
        assert (
            client_for(person).post(f"/mentorship/{programme.pk}/organise/run/").status_code == 404
        )
    assert client_for(instructor).get(f"/mentorship/{programme.pk}/organise/").status_code == 200


def test_the_organiser_runs_pins_and_publishes(
    programme, mentor, mentee, alice, bob, instructor, charlie, django_capture_on_commit_callbacks
):
    """The round runs as a task after the request commits (the immediate backend in
    tests); the page then shows its preview."""
    make_mentee(programme, charlie, languages=["fr"])  # no mentor speaks French
    client = client_for(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mentorship/{programme.pk}/organise/run/")
    page = client.get(f"/mentorship/{programme.pk}/organise/").text
    assert "Total score" in page and "Alice Ames" in page and "Bob Baptiste" in page
    assert "Unmatched" in page and "Charlie Chen" in page
    client.post(
        f"/mentorship/{programme.pk}/organise/rule/",
        {"mentor": alice.pk, "mentee": bob.pk, "rule": "pin"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mentorship/{programme.pk}/organise/run/")
    latest = MatchingRound.objects.filter(status="preview").get()
    assert latest.result["pairs"][0][3] is True  # pinned
    client.post(f"/mentorship/{programme.pk}/organise/rounds/{latest.pk}/publish/")
    assert Pair.objects.filter(mentor=alice, mentee=bob, source="round").exists()


def test_outsiders_cannot_use_the_organiser_forms(programme, mentor, mentee, alice, bob, mallory):
    client = client_for(mallory)
    base = f"/mentorship/{programme.pk}/organise"
    data = {"mentor": alice.pk, "mentee": bob.pk, "rule": "pin"}
    assert client.post(f"{base}/rule/", data).status_code == 404
    assert client.post(f"{base}/pair/", data).status_code == 404
    assert client.post(f"{base}/mentors/{mentor.pk}/approve/").status_code == 404
    assert client.post(f"{base}/rounds/1/publish/").status_code == 404
    assert not Pair.objects.exists()


def test_the_organiser_pairs_by_hand_and_approves(programme, alice, bob, instructor):
    from .conftest import make_mentor

    profile = make_mentor(programme, alice)
    make_mentee(programme, bob)
    client = client_for(instructor)
    client.post(f"/mentorship/{programme.pk}/organise/mentors/{profile.pk}/approve/")
    profile.refresh_from_db()
    assert profile.is_approved
    client.post(
        f"/mentorship/{programme.pk}/organise/pair/", {"mentor": alice.pk, "mentee": bob.pk}
    )
    assert Pair.objects.filter(source="organiser").count() == 1
    response = client.post(
        f"/mentorship/{programme.pk}/organise/pair/",
        {"mentor": 999999, "mentee": bob.pk},
        follow=True,
    )
    assert "Choose a mentor and a mentee" in response.text


def test_the_list_page_query_count_is_capped(
    programme, mentor, mentee, alice, bob, django_assert_max_num_queries
):
    actions.request_mentor(bob, programme, alice)
    client = client_for(alice)
    with django_assert_max_num_queries(20):
        client.get("/mentorship/")


def test_a_programme_sets_its_own_rhythm_from_the_form(instructor):
    client = client_for(instructor)
    data = {
        "course": "",
        "name": "Patient mentors",
        "starts_on": "2027-01-10",
        "ends_on": "2027-04-10",
        "mentor_rule": "approved",
        "nudge_after_days": "5",
        "expire_after_days": "4",
        "check_in_every_days": "7",
    }
    response = client.post("/mentorship/new/", data)
    assert "Expire the request after the reminder." in response.text
    assert not Programme.objects.filter(name="Patient mentors").exists()
    data["expire_after_days"] = "10"
    client.post("/mentorship/new/", data)
    programme = Programme.objects.get(name="Patient mentors")
    assert (programme.nudge_after_days, programme.expire_after_days) == (5, 10)
    assert programme.check_in_every_days == 7
