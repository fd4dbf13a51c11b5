"""Coffee-chat pages: the list, a series (opt in, snooze, opt out, don't pair), a chat
with its check-in, the organiser's page and a round's summary; with and without htmx;
outsiders get the same 404 as for something missing; hostile text stays text."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from courses import actions as course_actions
from mentorship.coffee import actions
from mentorship.coffee.models import Avoidance, Participant, Round, Seat, Series

from .conftest import build_series

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def paired(series, moderator, free_people):
    alice, bob, _ = free_people
    actions.join_series(alice, series)
    actions.join_series(bob, series)
    return actions.run_round(moderator, series).pairings.get()


def test_signed_out_people_are_sent_to_sign_in(client, series):
    response = client.get(f"/mentorship/coffee/{series.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_opting_in_snoozing_and_out_from_the_page(series, alice):
    client = client_for(alice)
    assert "Community coffee" in client.get("/mentorship/coffee/").text
    page = client.get(f"/mentorship/coffee/{series.pk}/").text
    assert "Opt in" in page
    response = client.post(f"/mentorship/coffee/{series.pk}/join/")
    assert response.status_code == 302
    assert Participant.objects.get(user=alice).active
    reply = client.post(f"/mentorship/coffee/{series.pk}/snooze/", {"rounds": "2"}, **HTMX)
    assert reply.status_code == 200 and "Skipping the next 2 rounds" in reply.text
    reply = client.post(f"/mentorship/coffee/{series.pk}/wake/", **HTMX)
    assert "You are in" in reply.text
    client.post(f"/mentorship/coffee/{series.pk}/leave/")
    assert not Participant.objects.get(user=alice).active


def test_a_bad_snooze_is_a_form_error_not_a_crash(series, alice):
    actions.join_series(alice, series)
    client = client_for(alice)
    for data in [{}, {"rounds": "99"}, {"until": "not a date"}, {"rounds": "<script>"}]:
        response = client.post(f"/mentorship/coffee/{series.pk}/snooze/", data)
        assert response.status_code == 400
        assert (
            "<script>" not in response.text.split("<main", 1)[-1]
            or "&lt;script&gt;" in response.text
        )
    past = (timezone.now().date() - timedelta(days=1)).isoformat()
    response = client.post(f"/mentorship/coffee/{series.pk}/snooze/", {"until": past}, **HTMX)
    assert response.status_code == 200 and "after today" in response.text


def test_dont_pair_me_with_by_handle(series, alice, bob):
    client = client_for(alice)
    reply = client.post(
        "/mentorship/coffee/avoid/", {"handle": "@bob", "series": series.pk}, **HTMX
    )
    assert reply.status_code == 200 and "Bob Baptiste" in reply.text
    assert Avoidance.objects.filter(person=alice, other=bob).exists()
    reply = client.post(
        "/mentorship/coffee/avoid/", {"handle": "nobody-here", "series": series.pk}, **HTMX
    )
    assert reply.status_code == 200 and "Nobody on Commons has that handle" in reply.text
    reply = client.post(
        "/mentorship/coffee/avoid/", {"handle": "alice", "series": series.pk}, **HTMX
    )
    assert reply.status_code == 200 and "someone else" in reply.text
    client.post(f"/mentorship/coffee/avoid/{bob.pk}/remove/", {"series": series.pk})
    assert not Avoidance.objects.exists()


def test_the_series_page_shows_the_partner_icebreaker_and_times_in_the_viewers_zone(
    series, paired, alice, bob
):
    page = client_for(alice).get(f"/mentorship/coffee/{series.pk}/").text
    assert "Bob Baptiste" in page
    assert paired.icebreaker.replace("'", "&#x27;") in page
    assert "Europe/Berlin" in page  # alice's own zone, named
    assert "for Bob Baptiste (America/New_York)" in page
    assert "Say hello in your chat" in page
    bob_page = client_for(bob).get(f"/mentorship/coffee/chats/{paired.pk}/").text
    assert "America/New_York" in bob_page and "Alice Ames" in bob_page


def test_checking_in_with_and_without_htmx(paired, alice, bob):
    reply = client_for(alice).post(
        f"/mentorship/coffee/chats/{paired.pk}/check-in/", {"answer": "met"}, **HTMX
    )
    assert reply.status_code == 200 and "We met" in reply.text
    response = client_for(bob).post(
        f"/mentorship/coffee/chats/{paired.pk}/check-in/", {"answer": "missed"}
    )
    assert response.status_code == 302
    assert dict(Seat.objects.values_list("user__username", "check_in")) == {
        "alice": "met",
        "bob": "missed",
    }
    client_for(bob).post(f"/mentorship/coffee/chats/{paired.pk}/check-in/", {"answer": "maybe"})
    assert Seat.objects.get(user=bob).check_in == "missed"


def test_outsiders_get_the_same_404_as_for_nothing(series, paired, mallory, instructor):
    outsider = client_for(mallory)
    for url in [
        f"/mentorship/coffee/chats/{paired.pk}/",
        "/mentorship/coffee/chats/999999/",
        f"/mentorship/coffee/{series.pk}/organise/",
        f"/mentorship/coffee/{series.pk}/rounds/1/",
        f"/mentorship/coffee/{series.pk}/rounds/99/",
        "/mentorship/coffee/999999/",
    ]:
        assert outsider.get(url).status_code == 404, url
    for url in [
        f"/mentorship/coffee/chats/{paired.pk}/check-in/",
        f"/mentorship/coffee/{series.pk}/organise/run/",
        f"/mentorship/coffee/{series.pk}/organise/pause/",
    ]:
        assert outsider.post(url, {"answer": "met"}).status_code == 404, url
    assert not Seat.objects.filter(check_in="met").exists()
    assert Round.objects.count() == 1


def test_a_course_series_is_hidden_from_outsiders(instructor, charlie):
    course = course_actions.create_course(instructor, title="Stats", code="STAT101", term="Spring")
    series = build_series(instructor, name="STAT101 coffee", course=course)
    outsider = client_for(charlie)
    assert "STAT101 coffee" not in outsider.get("/mentorship/coffee/").text
    assert outsider.get(f"/mentorship/coffee/{series.pk}/").status_code == 404
    assert outsider.post(f"/mentorship/coffee/{series.pk}/join/").status_code == 404


def test_the_organiser_runs_a_round_and_reads_its_summary(series, moderator, free_people):
    alice, bob, charlie = free_people
    for person in free_people:
        actions.join_series(person, series)
    client = client_for(moderator)
    assert "Run a round now" in client.get(f"/mentorship/coffee/{series.pk}/organise/").text
    response = client.post(f"/mentorship/coffee/{series.pk}/organise/run/")
    assert response.status_code == 302
    the_round = Round.objects.get()
    actions.check_in(alice, the_round.pairings.get(), True)
    page = client.get(response["Location"]).text
    assert "Alice Ames" in page and "Bob Baptiste" in page
    assert "Charlie Chen" in page and "Nobody in the round shares an hour" in page
    assert "100%" in page and "1 of 1 chats; 1 answered" in page
    assert "Isolated people reached" in page


def test_pausing_from_the_organisers_page(series, moderator):
    client_for(moderator).post(f"/mentorship/coffee/{series.pk}/organise/pause/", {"paused": "1"})
    assert Series.objects.get().paused


def test_an_instructor_starts_a_course_series_and_hostile_names_are_refused(instructor):
    course = course_actions.create_course(instructor, title="Stats", code="STAT101", term="Spring")
    client = client_for(instructor)
    assert client.get("/mentorship/coffee/new/").status_code == 200
    tomorrow = (timezone.now() + timedelta(days=2)).date().isoformat()
    data = {
        "course": course.pk,
        "name": "<img src=x onerror=alert(1)>",
        "cadence_days": "14",
        "mode": "tandem",
        "no_repeat_rounds": "4",
        "isolated_days": "14",
        "first_day": tomorrow,
        "first_time": "09:00",
    }
    response = client.post("/mentorship/coffee/new/", data)
    assert response.status_code == 400 and not Series.objects.exists()
    data["name"] = "Tandem in STAT101"
    response = client.post("/mentorship/coffee/new/", data)
    assert response.status_code == 302
    series = Series.objects.get()
    assert series.cadence_days == 14 and series.is_tandem and series.course == course


def test_students_cannot_start_a_series(alice):
    assert client_for(alice).get("/mentorship/coffee/new/").status_code == 404


def test_the_round_summary_and_series_page_cost_the_same_queries_at_any_size(
    series, moderator, django_assert_max_num_queries
):
    from accounts.actions import set_free_hours
    from tests.factories import UserFactory

    def page_queries(count):
        people = [UserFactory(time_zone="UTC") for _ in range(count)]
        for person in people:
            set_free_hours(person, [(2, 18), (2, 19)])
            actions.join_series(person, series)
        the_round = actions.run_round(moderator, series)
        client = client_for(moderator)
        with django_assert_max_num_queries(25):
            assert client.get(the_round.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(30):
            assert client_for(people[0]).get(series.get_absolute_url()).status_code == 200

    page_queries(4)
    page_queries(30)
