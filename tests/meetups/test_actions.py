"""The meetup verbs on the real database: who may call, change and answer, seats and the
waitlist, telling people, checking in and kudos."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Interaction, Notification
from lounge import actions as lounge
from lounge.meetups import actions
from lounge.meetups.errors import (
    CannotMeetHere,
    InvalidMeetup,
    MeetupCancelled,
    NoSuchOccurrence,
    NotAttendee,
    NotOrganiser,
    OccurrenceNotOver,
    OccurrenceSkipped,
)
from lounge.meetups.models import Meetup, Occurrence, Rsvp
from tests.factories import UserFactory

from .conftest import details

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_member_calls_a_meetup_stored_in_utc_with_its_last_date(alice, social, make_meetup):
    meetup = make_meetup(
        alice,
        social,
        recurrence="weekly",
        repeat_until=(timezone.now() + timedelta(days=30)).date(),
    )
    assert meetup.organiser == alice and meetup.channel == social
    assert meetup.starts_at.tzinfo is not None
    assert meetup.last_starts_at - meetup.starts_at in {timedelta(days=28), timedelta(days=21)}


def test_an_outsider_cannot_call_a_meetup_in_a_conversation(dm, charlie, make_meetup):
    with pytest.raises(CannotMeetHere):
        make_meetup(charlie, dm)
    assert not Meetup.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"duration_minutes": 0}, "15 minutes"),
        ({"duration_minutes": 3 * 24 * 60}, "12 hours"),
        ({"capacity": 0}, "Seats"),
        ({"capacity": 100_000}, "Seats"),
        ({"time_zone": "Mars/Olympus"}, "time zone"),
        ({"where": "link", "call_url": ""}, "call link"),
        ({"recurrence": "weekly", "repeat_until": None}, "last date"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_written(alice, social, overrides, message):
    with pytest.raises(InvalidMeetup, match=message):
        actions.create_meetup(alice, social, **details(**overrides))
    assert not Meetup.objects.exists()


def test_a_start_in_the_past_is_refused(alice, social):
    with pytest.raises(InvalidMeetup, match="future"):
        actions.create_meetup(
            alice, social, **details(starts_at=timezone.now() - timedelta(minutes=1))
        )


def test_going_takes_a_seat_and_changing_frees_it(meetup, bob):
    actions.respond(bob, meetup, 0, Rsvp.Status.GOING)
    occurrence = Occurrence.objects.get(meetup=meetup, index=0)
    assert occurrence.going_count == 1
    actions.respond(bob, meetup, 0, Rsvp.Status.MAYBE)
    occurrence.refresh_from_db()
    assert occurrence.going_count == 0
    assert Rsvp.objects.get(user=bob).status == Rsvp.Status.MAYBE


def test_a_full_date_waitlists_and_a_freed_seat_promotes_the_first_waiter(
    alice, social, make_meetup
):
    meetup = make_meetup(alice, social, capacity=2)
    people = [UserFactory(username=f"p{n}") for n in range(4)]
    for person in people:
        lounge.join_channel(person, social)
        actions.respond(person, meetup, 0, Rsvp.Status.GOING)
    statuses = [Rsvp.objects.get(user=p).status for p in people]
    assert statuses == ["going", "going", "waitlisted", "waitlisted"]

    actions.respond(people[0], meetup, 0, Rsvp.Status.CANT)

    assert Rsvp.objects.get(user=people[2]).status == "going"
    assert Rsvp.objects.get(user=people[3]).status == "waitlisted"
    assert Occurrence.objects.get(meetup=meetup).going_count == 2
    assert kinds_of(people[2]) == ["meetup_promoted"]
    assert kinds_of(people[3]) == []


def test_asking_again_keeps_a_waiters_place(alice, social, make_meetup, bob, charlie):
    meetup = make_meetup(alice, social, capacity=2)
    lounge.join_channel(charlie, social)
    actions.respond(alice, meetup, 0, "going")
    actions.respond(bob, meetup, 0, "going")
    first = actions.respond(charlie, meetup, 0, "going")
    again = actions.respond(charlie, meetup, 0, "going")
    assert again.status == "waitlisted" and again.waitlisted_at == first.waitlisted_at


def test_more_seats_go_to_the_waitlist_and_fewer_than_going_is_refused(
    alice, social, make_meetup, bob, charlie
):
    meetup = make_meetup(alice, social, capacity=2)
    lounge.join_channel(charlie, social)
    for person in (alice, bob, charlie):
        actions.respond(person, meetup, 0, "going")
    assert Rsvp.objects.get(user=charlie).status == "waitlisted"

    actions.update_meetup(alice, meetup, **details(starts_at=meetup.starts_at, capacity=3))
    assert Rsvp.objects.get(user=charlie).status == "going"

    with pytest.raises(InvalidMeetup, match="3 people"):
        actions.update_meetup(alice, meetup, **details(starts_at=meetup.starts_at, capacity=2))
    meetup.refresh_from_db()
    assert meetup.capacity == 3


def test_moving_a_meetup_tells_those_going_and_moves_the_date(meetup, alice, bob):
    actions.respond(bob, meetup, 0, "going")
    later = meetup.starts_at + timedelta(hours=2)
    actions.update_meetup(alice, meetup, **details(starts_at=later))
    assert Occurrence.objects.get(meetup=meetup).starts_at == later
    assert kinds_of(bob) == ["meetup_changed"]
    assert kinds_of(alice) == []


def test_only_the_organiser_or_a_moderator_manages(meetup, bob, moderator):
    with pytest.raises(NotOrganiser):
        actions.cancel_meetup(bob, meetup)
    with pytest.raises(NotOrganiser):
        actions.update_meetup(bob, meetup, **details(title="Mine now"))
    meetup.refresh_from_db()
    assert meetup.title == "Coffee and flashcards" and not meetup.is_cancelled


def test_a_moderator_cancels_with_a_reason_that_is_recorded(meetup, bob, moderator, audit_log):
    actions.respond(bob, meetup, 0, "going")
    from accounts.moderation import ReasonRequired

    with pytest.raises(ReasonRequired):
        actions.cancel_meetup(moderator, meetup, reason="")
    actions.cancel_meetup(moderator, meetup, reason="Spam")
    meetup.refresh_from_db()
    assert meetup.is_cancelled
    assert audit_log()[-1][:3] == (moderator, "cancel_meetup", meetup.organiser)
    assert kinds_of(bob) == ["meetup_cancelled"]


def test_answers_to_cancelled_skipped_or_missing_dates_are_refused(alice, social, make_meetup, bob):
    meetup = make_meetup(
        alice,
        social,
        recurrence="weekly",
        repeat_until=(timezone.now() + timedelta(days=20)).date(),
    )
    actions.respond(bob, meetup, 1, "going")
    actions.skip_occurrence(alice, meetup, 1)
    assert kinds_of(bob) == ["meetup_skipped"]
    with pytest.raises(OccurrenceSkipped):
        actions.respond(bob, meetup, 1, "going")
    with pytest.raises(NoSuchOccurrence):
        actions.respond(bob, meetup, 99, "going")
    actions.cancel_meetup(alice, meetup)
    with pytest.raises(MeetupCancelled):
        actions.respond(bob, meetup, 0, "going")


def test_someone_who_cannot_read_the_channel_cannot_answer(dm, alice, charlie, make_meetup):
    meetup = make_meetup(alice, dm)
    with pytest.raises(CannotMeetHere):
        actions.respond(charlie, meetup, 0, "going")
    assert not Rsvp.objects.exists()


def test_an_unknown_answer_is_refused(meetup, bob):
    with pytest.raises(InvalidMeetup):
        actions.respond(bob, meetup, 0, "waitlisted")


def _happened(meetup):
    """Move the meetup (and its dates) into the past, as time would."""
    earlier = timezone.now() - timedelta(hours=3)
    Meetup.objects.filter(pk=meetup.pk).update(starts_at=earlier, last_starts_at=earlier)
    Occurrence.objects.filter(meetup=meetup).update(
        starts_at=earlier, ends_at=earlier + timedelta(hours=1)
    )
    meetup.refresh_from_db()


def test_checking_in_records_meeting_each_other_once(meetup, alice, bob, charlie, social):
    lounge.join_channel(charlie, social)
    for person in (alice, bob, charlie):
        actions.respond(person, meetup, 0, "going")
    with pytest.raises(OccurrenceNotOver):
        actions.check_in(alice, meetup, 0, met=True)
    _happened(meetup)

    actions.check_in(alice, meetup, 0, met=True)
    actions.check_in(bob, meetup, 0, met=True)
    actions.check_in(bob, meetup, 0, met=True)  # saying it twice adds nothing
    actions.check_in(charlie, meetup, 0, met=False)

    met = set(
        Interaction.objects.filter(kind="met").values_list("person__username", "other__username")
    )
    assert met == {("alice", "bob"), ("bob", "alice")}


def test_kudos_go_privately_to_another_attendee_once(meetup, alice, bob, charlie, social):
    lounge.join_channel(charlie, social)
    actions.respond(alice, meetup, 0, "going")
    actions.respond(bob, meetup, 0, "going")
    _happened(meetup)
    actions.give_kudos(alice, meetup, 0, bob, "Thanks for <b>explaining</b> recursion")
    assert kinds_of(bob) == ["kudos"]
    with pytest.raises(InvalidMeetup, match="already"):
        actions.give_kudos(alice, meetup, 0, bob, "Again")
    with pytest.raises(InvalidMeetup):
        actions.give_kudos(alice, meetup, 0, alice, "Me")
    with pytest.raises(NotAttendee):
        actions.give_kudos(alice, meetup, 0, charlie, "You were not there")
    with pytest.raises(NotAttendee):
        actions.give_kudos(charlie, meetup, 0, bob, "Neither was I")
    with pytest.raises(InvalidMeetup, match="280"):
        actions.give_kudos(bob, meetup, 0, alice, "x" * 281)


def test_reminders_go_once_a_day_before_and_once_soon(meetup, bob, alice):
    actions.respond(bob, meetup, 0, "going")
    actions.respond(alice, meetup, 0, "cant")
    start = meetup.starts_at
    assert actions.send_reminders(start - timedelta(hours=30)) == 0
    assert actions.send_reminders(start - timedelta(hours=23)) == 1
    assert actions.send_reminders(start - timedelta(hours=22)) == 0
    assert actions.send_reminders(start - timedelta(minutes=10)) == 1
    assert actions.send_reminders(start - timedelta(minutes=5)) == 0
    assert kinds_of(bob) == ["meetup_reminder", "meetup_reminder"]
    assert kinds_of(alice) == []


def test_a_date_that_is_already_close_gets_one_reminder(meetup, bob):
    actions.respond(bob, meetup, 0, "going")
    assert actions.send_reminders(meetup.starts_at - timedelta(minutes=10)) == 1
    assert actions.send_reminders(meetup.starts_at - timedelta(minutes=9)) == 0


def test_after_a_date_those_going_are_asked_once_how_it_went(meetup, alice, bob, charlie, social):
    lounge.join_channel(charlie, social)
    actions.respond(bob, meetup, 0, "going")
    actions.respond(charlie, meetup, 0, "maybe")
    end = meetup.starts_at + timedelta(minutes=meetup.duration_minutes)
    actions.send_reminders(meetup.starts_at - timedelta(minutes=5))
    Notification.objects.all().delete()
    assert actions.send_reminders(end - timedelta(minutes=1)) == 0
    assert actions.send_reminders(end + timedelta(minutes=1)) == 1
    assert actions.send_reminders(end + timedelta(minutes=2)) == 0
    assert kinds_of(bob) == ["meetup_check_in"] and kinds_of(charlie) == []


def test_an_earlier_last_date_calls_off_the_dates_after_it(alice, social, make_meetup, bob):
    until = (timezone.now() + timedelta(days=30)).date()
    meetup = make_meetup(alice, social, recurrence="weekly", repeat_until=until)
    actions.respond(bob, meetup, 3, "going")
    actions.respond(bob, meetup, 0, "going")
    shorter = details(
        starts_at=meetup.starts_at,
        recurrence="weekly",
        repeat_until=(meetup.starts_at + timedelta(days=8)).date(),
    )
    actions.update_meetup(alice, meetup, **shorter)
    assert Occurrence.objects.get(meetup=meetup, index=3).is_skipped
    assert not Occurrence.objects.get(meetup=meetup, index=0).is_skipped
    assert kinds_of(bob) == ["meetup_skipped"]
    assert (
        actions.send_reminders(
            Occurrence.objects.get(meetup=meetup, index=3).starts_at - timedelta(minutes=5)
        )
        == 0
    )


def test_a_date_that_took_place_keeps_its_time_when_the_meetup_moves(
    alice, social, make_meetup, bob
):
    until = (timezone.now() + timedelta(days=30)).date()
    meetup = make_meetup(alice, social, recurrence="weekly", repeat_until=until)
    actions.respond(bob, meetup, 0, "going")
    past = timezone.now() - timedelta(hours=2)
    Occurrence.objects.filter(meetup=meetup, index=0).update(
        starts_at=past, ends_at=past + timedelta(hours=1)
    )
    actions.update_meetup(
        alice,
        meetup,
        **details(
            starts_at=meetup.starts_at + timedelta(hours=1), recurrence="weekly", repeat_until=until
        ),
    )
    assert Occurrence.objects.get(meetup=meetup, index=0).starts_at == past
    assert kinds_of(bob) == []
