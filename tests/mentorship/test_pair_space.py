"""A pair's space after pairing: suggested meeting times in each person's zone with an
ICS download, check-ins, meetings written to the interaction log as MET, feedback
private to the organisers, an organiser's nudge. Outsiders get the same 404 as for a
missing pair; hostile text stays text."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Interaction, Notification
from mentorship import actions, meeting_times, pair_actions
from mentorship.errors import InvalidInput, NotAllowed, PairClosed
from mentorship.models import CheckIn, Feedback, Meeting, Programme

pytestmark = pytest.mark.django_db


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


def near_the_end(programme):
    Programme.objects.filter(pk=programme.pk).update(
        ends_on=timezone.now().date() + timedelta(days=5)
    )
    programme.refresh_from_db()


def met_rows():
    return set(Interaction.objects.filter(kind="met").values_list("person_id", "other_id"))


# Suggested times


def test_suggested_times_are_when_both_are_free(pair, alice, bob):
    times = meeting_times.suggested_times(pair)
    assert 1 <= len(times) <= meeting_times.SHOWN
    for time in times:
        berlin = time.local(alice)
        new_york = time.local(bob)
        assert berlin.weekday() in (1, 2, 3) and berlin.hour in (19, 20)
        assert new_york.hour in (13, 14)
    assert len({time.starts_at.date() for time in times}) == len(times)


def test_the_pair_page_shows_times_in_each_persons_zone_named(pair, alice, bob):
    page = client_for(alice).get(pair.get_absolute_url()).text
    assert "Times you are both free" in page
    assert "Europe/Berlin" in page and "for Bob Baptiste" in page and "America/New_York" in page


def test_a_suggested_time_downloads_as_a_calendar_event(pair, bob):
    time = meeting_times.suggested_times(pair)[0]
    response = client_for(bob).get(f"/mentorship/pairs/{pair.pk}/meeting.ics?at={time.key}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == time.starts_at
    assert "Alice Ames & Bob Baptiste" in str(event.get("summary"))


@pytest.mark.parametrize("at", ["", "tomorrow", "2026-01-01T03:00Z", "<script>", "9" * 5000])
def test_only_a_suggested_time_downloads(pair, bob, at):
    response = client_for(bob).get(f"/mentorship/pairs/{pair.pk}/meeting.ics", {"at": at})
    assert response.status_code == 404


def test_no_times_without_shared_free_hours(pair, alice):
    from accounts.actions import set_free_hours

    set_free_hours(alice, [(5, 3)])
    assert meeting_times.suggested_times(pair) == []
    assert "Times you are both free" not in client_for(alice).get(pair.get_absolute_url()).text


# Check-ins and meetings


def test_a_check_in_is_kept_and_shown_to_both(pair, alice, bob):
    pair_actions.check_in(bob, pair, "Going well, thanks!")
    assert CheckIn.objects.get().answer == "Going well, thanks!"
    assert "Going well, thanks!" in client_for(alice).get(pair.get_absolute_url()).text
    assert met_rows() == set()


def test_saying_we_met_in_a_check_in_writes_met_both_ways(pair, alice, bob):
    pair_actions.check_in(bob, pair, "We had our first call", met=True)
    assert Meeting.objects.filter(pair=pair).count() == 1
    assert met_rows() == {(alice.pk, bob.pk), (bob.pk, alice.pk)}
    # The same day again: one meeting, logged once.
    pair_actions.check_in(alice, pair, "Agreed", met=True)
    assert Meeting.objects.filter(pair=pair).count() == 1
    assert len(met_rows()) == 2 and Interaction.objects.filter(kind="met").count() == 2


def test_marking_a_meeting_held(pair, alice, bob):
    yesterday = timezone.now().date() - timedelta(days=1)
    meeting = pair_actions.record_meeting(alice, pair, yesterday)
    assert meeting.held_on == yesterday
    assert met_rows() == {(alice.pk, bob.pk), (bob.pk, alice.pk)}


@pytest.mark.parametrize("days", [2, -400])
def test_a_meeting_in_the_future_or_long_ago_is_refused(pair, alice, days):
    with pytest.raises(InvalidInput):
        pair_actions.record_meeting(alice, pair, timezone.now().date() + timedelta(days=days))
    assert not Meeting.objects.exists()


def test_only_the_two_check_in_and_mark_meetings(pair, instructor, mallory):
    for person in (instructor, mallory):
        with pytest.raises(NotAllowed):
            pair_actions.check_in(person, pair, "Fine")
        with pytest.raises(NotAllowed):
            pair_actions.record_meeting(person, pair)
    assert not CheckIn.objects.exists() and not Meeting.objects.exists()


@pytest.mark.parametrize("answer", ["", "   ", "x" * 281, "bad\x00byte"])
def test_a_bad_check_in_is_refused(pair, bob, answer):
    with pytest.raises(InvalidInput):
        pair_actions.check_in(bob, pair, answer)
    assert not CheckIn.objects.exists()


def test_a_completed_pair_no_longer_checks_in(pair, bob):
    actions.complete_pair(bob, pair)
    with pytest.raises(PairClosed):
        pair_actions.check_in(bob, pair, "Still here")


def test_hostile_check_in_text_is_shown_as_text(pair, alice, bob):
    client_for(bob).post(
        f"/mentorship/pairs/{pair.pk}/check-in/", {"answer": "<script>alert(1)</script>"}
    )
    page = client_for(alice).get(pair.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_check_in_with_htmx_and_without(pair, bob):
    client = client_for(bob)
    response = client.post(
        f"/mentorship/pairs/{pair.pk}/check-in/",
        {"answer": "Slowly", "met": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert f'id="pair-{pair.pk}-check-in"' in response.text and "Slowly" in response.text
    assert "Met 1 time" in response.text
    response = client.post(f"/mentorship/pairs/{pair.pk}/check-in/", {"answer": ""})
    assert response.status_code == 302 and response["Location"].endswith("#check-in")
    response = client.post(
        f"/mentorship/pairs/{pair.pk}/check-in/",
        {"answer": "x" * 400},
        headers={"HX-Request": "true"},
    )
    assert "at most 280 characters" in response.text
    assert CheckIn.objects.count() == 1


def test_a_prompted_pair_sees_the_prompt_until_they_answer(pair, bob, programme):
    from mentorship import lifecycle

    lifecycle.prompt_check_ins(timezone.now() + timedelta(days=programme.check_in_every_days))
    pair.refresh_from_db()
    from mentorship.models import Pair

    # The prompt was sent "in the future": bring it back to now for the page.
    Pair.objects.filter(pk=pair.pk).update(check_in_asked_at=timezone.now())
    client = client_for(bob)
    assert "Time for a check-in" in client.get(pair.get_absolute_url()).text
    client.post(f"/mentorship/pairs/{pair.pk}/check-in/", {"answer": "All good"})
    assert "Time for a check-in" not in client.get(pair.get_absolute_url()).text


def test_marking_a_meeting_from_the_page(pair, alice, bob):
    client = client_for(alice)
    response = client.post(f"/mentorship/pairs/{pair.pk}/meetings/", {"held_on": ""})
    assert response.status_code == 302
    assert Meeting.objects.filter(pair=pair, held_on=timezone.now().date()).exists() or (
        Meeting.objects.filter(pair=pair).count() == 1
    )
    response = client.post(
        f"/mentorship/pairs/{pair.pk}/meetings/", {"held_on": "not a date"}, follow=True
    )
    assert "Give the day you met as a date" in response.text


# Feedback


def test_feedback_opens_near_the_end_of_the_cycle(pair, bob, programme):
    with pytest.raises(NotAllowed):
        pair_actions.leave_feedback(bob, pair, rating=5, text="Great")
    near_the_end(programme)
    pair.refresh_from_db()
    feedback = pair_actions.leave_feedback(bob, pair, rating=5, text="Great")
    assert feedback.rating == 5
    # Sending again replaces it.
    pair_actions.leave_feedback(bob, pair, rating=4, text="Good")
    assert Feedback.objects.get().rating == 4


def test_feedback_opens_when_the_pair_completes(pair, alice):
    actions.complete_pair(alice, pair)
    pair_actions.leave_feedback(alice, pair, rating=3)
    assert Feedback.objects.get().text == ""


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5", None])
def test_a_rating_is_one_to_five(pair, bob, rating):
    actions.complete_pair(bob, pair)
    with pytest.raises(InvalidInput):
        pair_actions.leave_feedback(bob, pair, rating=rating)
    assert not Feedback.objects.exists()


def test_hostile_feedback_is_sanitised(pair, bob):
    actions.complete_pair(bob, pair)
    text = "<img src=x onerror=alert(1)> **thanks** [me](javascript:alert(2))"
    feedback = pair_actions.leave_feedback(bob, pair, rating=4, text=text)
    assert "<img" not in feedback.text_html and "&lt;img" in feedback.text_html
    assert 'href="javascript:' not in feedback.text_html
    assert "<strong>thanks</strong>" in feedback.text_html
    with pytest.raises(InvalidInput):
        pair_actions.leave_feedback(bob, pair, rating=4, text="x" * 2001)


def test_feedback_is_private_to_the_organisers(pair, alice, bob, instructor, mallory):
    actions.complete_pair(bob, pair)
    client_for(bob).post(
        f"/mentorship/pairs/{pair.pk}/feedback/", {"rating": "2", "text": "Hard to reach"}
    )
    assert Feedback.objects.get().rating == 2
    assert "Hard to reach" not in client_for(alice).get(pair.get_absolute_url()).text
    assert "Hard to reach" in client_for(instructor).get(pair.get_absolute_url()).text
    organiser_page = client_for(instructor).get(f"/mentorship/{pair.programme_id}/organise/").text
    assert "Hard to reach" in organiser_page and "2.0 of 5" in organiser_page
    for person in (instructor, mallory):
        with pytest.raises(NotAllowed):
            pair_actions.leave_feedback(person, pair, rating=5)


def test_a_bad_rating_from_the_page_is_a_message(pair, bob):
    actions.complete_pair(bob, pair)
    response = client_for(bob).post(
        f"/mentorship/pairs/{pair.pk}/feedback/", {"rating": "99"}, follow=True
    )
    assert "Choose a rating from 1 to 5" in response.text
    assert not Feedback.objects.exists()


# Nudges


def test_an_organiser_nudges_a_quiet_pair_once_a_week(pair, alice, bob, instructor, mallory):
    with pytest.raises(NotAllowed):
        pair_actions.nudge_pair(mallory, pair)
    with pytest.raises(NotAllowed):
        pair_actions.nudge_pair(bob, pair)
    pair_actions.nudge_pair(instructor, pair)
    for person in (alice, bob):
        assert Notification.objects.filter(recipient=person, kind="mentorship_nudge").count() == 1
    with pytest.raises(InvalidInput):
        pair_actions.nudge_pair(instructor, pair)
    pair_actions.nudge_pair(instructor, pair, now=timezone.now() + timedelta(days=8))
    assert Notification.objects.filter(recipient=bob, kind="mentorship_nudge").count() == 2


# Outsiders


def test_every_pair_page_and_form_is_the_same_404_for_an_outsider(pair, charlie):
    client = client_for(charlie)
    time = meeting_times.suggested_times(pair)[0]
    base = f"/mentorship/pairs/{pair.pk}"
    missing = "/mentorship/pairs/999999"
    for path in ("/", f"/meeting.ics?at={time.key}"):
        assert client.get(base + path).status_code == 404
        assert client.get(missing + path).status_code == 404
    for path, data in [
        ("/check-in/", {"answer": "hi", "met": "on"}),
        ("/meetings/", {"held_on": ""}),
        ("/feedback/", {"rating": "5"}),
    ]:
        assert client.post(base + path, data).status_code == 404
        assert client.post(missing + path, data).status_code == 404
    assert not CheckIn.objects.exists() and not Meeting.objects.exists()
    assert not Feedback.objects.exists()
    nudge = f"/mentorship/{pair.programme_id}/organise/pairs/{pair.pk}/nudge/"
    assert client.post(nudge).status_code == 404
    assert not Notification.objects.filter(kind="mentorship_nudge").exists()


def test_hostile_mentee_goals_are_kept_as_text_and_shown_escaped(programme, pair, alice, bob):
    from .conftest import make_mentee

    make_mentee(programme, bob, goals="<script>alert('goals')</script>\n{{ secret }} & more")
    page = client_for(alice).get(pair.get_absolute_url()).text
    assert "What Bob Baptiste asked for" in page
    assert "<script>alert('goals')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;goals&#x27;)&lt;/script&gt;" in page
    assert "{{ secret }} &amp; more" in page


def test_a_hostile_mentor_note_from_the_form_is_a_clear_message(programme, charlie):
    response = client_for(charlie).post(
        f"/mentorship/{programme.pk}/mentor/",
        {"capacity": "2", "note": "<img src=x onerror=alert(1)>", "topics": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert not programme.mentors.filter(user=charlie).exists()
