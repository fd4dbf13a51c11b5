"""What happens by itself as time passes: unanswered requests remind the mentor, then
expire and offer the next-best mentors; pairs are asked how it is going; the cycle
closes at its end date. The jobs run through the scheduler as the worker runs them."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from accounts.actions import set_free_hours
from accounts.models import Notification, ScheduledRun
from core.schedules import run_due
from home.schedules import JOBS
from mentorship import actions, lifecycle
from mentorship.errors import NotOpen
from mentorship.models import MatchingRound, MentorshipRequest, Pair
from mentorship.schedules import JOBS as MENTORSHIP_JOBS
from tests.factories import UserFactory

from .conftest import EVENINGS, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def notes(person, kind):
    return list(Notification.objects.filter(recipient=person, kind=kind))


def age(request, days):
    """Pretend `request` was sent `days` ago."""
    MentorshipRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def asked(programme, mentor, mentee, alice, bob):
    return actions.request_mentor(bob, programme, alice, message="Could you help?")


def test_the_jobs_are_in_the_workers_list():
    names = {job.name for job in JOBS}
    assert {job.name for job in MENTORSHIP_JOBS} <= names


def test_a_fresh_request_is_left_alone(asked, alice):
    assert lifecycle.nudge_and_expire_requests(timezone.now()) == (0, 0)
    assert notes(alice, "mentorship_request_waiting") == []


def test_the_mentor_is_reminded_once_after_the_nudge_days(asked, alice, programme):
    age(asked, programme.nudge_after_days)
    assert lifecycle.nudge_and_expire_requests(timezone.now()) == (1, 0)
    assert lifecycle.nudge_and_expire_requests(timezone.now()) == (0, 0)
    [reminder] = notes(alice, "mentorship_request_waiting")
    assert reminder.actor_id == asked.mentee_id
    asked.refresh_from_db()
    assert asked.is_open and asked.nudged_at is not None


def test_an_unanswered_request_expires_and_offers_the_next_best_mentors(
    programme, asked, alice, bob, charlie, mallory, instructor
):
    """charlie fits bob and has a seat; mallory fits too but is full; both appear
    ranked by the matcher, the full one left out."""
    set_free_hours(charlie, EVENINGS)
    make_mentor(programme, charlie, approve_by=instructor)
    make_mentor(programme, mallory, approve_by=instructor, capacity=1)
    other = UserFactory(username="other")
    make_mentee(programme, other)
    actions.pair_by_hand(instructor, programme, mallory, other)
    age(asked, programme.expire_after_days)

    assert lifecycle.nudge_and_expire_requests(timezone.now()) == (0, 1)

    asked.refresh_from_db()
    assert asked.status == MentorshipRequest.Status.EXPIRED
    assert asked.suggested_mentors == [charlie.pk]
    [note] = notes(bob, "mentorship_request_expired")
    assert note.params["mentor"] == "Alice Ames" and "Charlie Chen" in note.params["others"]
    page = _client(bob).get(programme.get_absolute_url()).text
    assert "Your request to Alice Ames expired unanswered" in page
    assert f'href="#mentor-{charlie.pk}"' in page
    # alice can no longer answer it.
    assert not MentorshipRequest.objects.filter(status="requested").exists()


def test_an_expired_request_with_no_one_else_says_so(programme, asked, bob):
    age(asked, programme.expire_after_days + 3)
    lifecycle.nudge_and_expire_requests(timezone.now())
    [note] = notes(bob, "mentorship_request_expired")
    assert "the organiser can pair you" in note.params["others"]


def test_each_programme_keeps_its_own_rhythm(instructor, alice, bob):
    from .conftest import build_programme

    patient = build_programme(instructor, nudge_after_days=10, expire_after_days=20)
    make_mentor(patient, alice, approve_by=instructor)
    make_mentee(patient, bob)
    request = actions.request_mentor(bob, patient, alice)
    age(request, 8)
    assert lifecycle.nudge_and_expire_requests(timezone.now()) == (0, 0)
    age(request, 12)
    assert lifecycle.nudge_and_expire_requests(timezone.now()) == (1, 0)


@pytest.mark.parametrize(
    ("nudge", "expire", "check_in"), [(0, 7, 14), (5, 5, 14), (3, 61, 14), (3, 7, 0), (3, 7, 99)]
)
def test_programme_rhythms_are_bounded(instructor, nudge, expire, check_in):
    from mentorship.errors import InvalidInput

    from .conftest import build_programme

    with pytest.raises(InvalidInput):
        build_programme(
            instructor,
            nudge_after_days=nudge,
            expire_after_days=expire,
            check_in_every_days=check_in,
        )


def test_pairs_are_asked_how_it_is_going_every_n_days(pair, alice, bob, programme):
    now = timezone.now()
    assert lifecycle.prompt_check_ins(now) == 0
    later = now + timedelta(days=programme.check_in_every_days)
    assert lifecycle.prompt_check_ins(later) == 1
    assert lifecycle.prompt_check_ins(later + timedelta(days=1)) == 0
    assert len(notes(alice, "mentorship_check_in")) == 1
    assert len(notes(bob, "mentorship_check_in")) == 1
    again = later + timedelta(days=programme.check_in_every_days)
    assert lifecycle.prompt_check_ins(again) == 1
    assert len(notes(bob, "mentorship_check_in")) == 2


def test_completed_pairs_are_not_asked(pair, bob, programme):
    actions.complete_pair(bob, pair)
    later = timezone.now() + timedelta(days=programme.check_in_every_days + 1)
    assert lifecycle.prompt_check_ins(later) == 0


def test_the_cycle_closes_by_itself_after_its_end_date(
    programme, pair, alice, bob, charlie, instructor
):
    make_mentee(programme, charlie)
    waiting = actions.request_mentor(charlie, programme, alice)
    actions.run_matching_round(instructor, programme)
    after_end = datetime.combine(programme.ends_on + timedelta(days=1), time(), tzinfo=UTC)
    assert lifecycle.close_ended_cycles(after_end - timedelta(days=1)) == 0

    assert lifecycle.close_ended_cycles(after_end) == 1

    pair.refresh_from_db()
    waiting.refresh_from_db()
    programme.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED and pair.completed_at == after_end
    assert waiting.status == MentorshipRequest.Status.EXPIRED
    assert not MatchingRound.objects.filter(status="preview").exists()
    assert programme.closed_at == after_end
    assert len(notes(alice, "mentorship_cycle_closed")) == 1
    assert len(notes(bob, "mentorship_cycle_closed")) == 1
    # Closing again changes nothing and tells nobody twice.
    assert lifecycle.close_ended_cycles(after_end + timedelta(hours=1)) == 0
    assert len(notes(bob, "mentorship_cycle_closed")) == 1
    with pytest.raises(NotOpen):
        actions.request_mentor(charlie, programme, alice)


def test_the_scheduler_runs_each_job_once_per_slot(asked, programme, alice):
    age(asked, programme.nudge_after_days)
    now = timezone.now()
    ran = run_due(MENTORSHIP_JOBS, now, claim=ScheduledRun.objects.claim)
    assert "mentorship.nudge_and_expire_requests" in ran
    assert run_due(MENTORSHIP_JOBS, now, claim=ScheduledRun.objects.claim) == []
    assert len(notes(alice, "mentorship_request_waiting")) == 1


def _client(person):
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client


def test_the_new_notifications_read_as_sentences(programme, pair, alice, charlie, instructor):
    from accounts.notifications import render_for
    from mentorship import pair_actions

    make_mentee(programme, charlie)
    age(actions.request_mentor(charlie, programme, alice), programme.nudge_after_days)
    lifecycle.nudge_and_expire_requests(timezone.now())
    lifecycle.prompt_check_ins(timezone.now() + timedelta(days=programme.check_in_every_days))
    pair_actions.nudge_pair(instructor, pair)
    texts = [
        item.text
        for item in render_for(alice, Notification.objects.filter(recipient=alice))
        if item.notification.kind.startswith("mentorship_")
    ]
    assert any("is still waiting for your answer in Newcomer mentoring" in t for t in texts)
    assert any("How is mentoring with Bob Baptiste going?" in t for t in texts)
    assert any("has been quiet" in t for t in texts)
