"""The coffee-chat verbs on PostgreSQL: series, opting in and out, snoozing, the
don't-pair list, rounds (pairs, trios, isolation, repeats, blocks), check-ins and the
periodic job."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import interactions
from accounts.actions import set_free_hours
from accounts.models import Block, Interaction, Notification
from courses import actions as course_actions
from lounge.models import Channel, Membership
from mentorship.coffee import actions, pairing
from mentorship.coffee.errors import CheckInClosed, InvalidInput, NotAllowed, NotTakingPart
from mentorship.coffee.models import Participant, Round, Seat, Series
from tests.factories import UserFactory

from .conftest import BERLIN_EVENINGS, build_series

pytestmark = pytest.mark.django_db


def _join(series, *people):
    for person in people:
        actions.join_series(person, series)


def _groups(the_round):
    return sorted(
        tuple(sorted(seat.user.username for seat in pairing_row.seats.all()))
        for pairing_row in the_round.pairings.prefetch_related("seats__user")
    )


def test_a_round_pairs_people_who_share_an_hour_and_tells_them(series, moderator, free_people):
    alice, bob, charlie = free_people
    _join(series, alice, bob, charlie)
    the_round = actions.run_round(moderator, series)
    assert the_round.number == 1
    assert _groups(the_round) == [("alice", "bob")]
    assert the_round.unpaired == [[charlie.pk, pairing.NO_OVERLAP]]
    chat = the_round.pairings.get()
    assert chat.icebreaker
    assert chat.overlap_minutes == 6 * 60
    assert 1 <= len(chat.suggested_times) <= 3
    channel = actions.channel_of(chat)
    assert channel.kind == Channel.Kind.DIRECT
    assert set(
        Membership.objects.filter(channel=channel).values_list("user__username", flat=True)
    ) == {"alice", "bob"}
    assert chat.icebreaker in channel.topic
    told = Notification.objects.filter(kind="coffee_paired")
    assert set(told.values_list("recipient__username", flat=True)) == {"alice", "bob"}
    paired = Interaction.objects.filter(kind=Interaction.Kind.PAIRED)
    assert set(paired.values_list("person__username", "other__username")) == {
        ("alice", "bob"),
        ("bob", "alice"),
    }


def test_suggested_times_are_hours_both_are_free_and_still_to_come(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    now = timezone.now()
    chat = actions.run_round(moderator, series).pairings.get()
    from datetime import datetime

    for text in chat.suggested_times:
        at = datetime.fromisoformat(text)
        assert at > now
        berlin = at.astimezone(alice.profile.zone)
        assert (berlin.weekday(), berlin.hour) in BERLIN_EVENINGS


def test_an_odd_one_out_joins_a_pair_as_a_trio(series, moderator, free_people, mallory):
    alice, bob, _ = free_people
    set_free_hours(mallory, [(day, hour) for day in (1, 2, 3) for hour in (18, 19)])  # UTC
    _join(series, alice, bob, mallory)
    the_round = actions.run_round(moderator, series)
    assert _groups(the_round) == [("alice", "bob", "mallory")]
    channel = actions.channel_of(the_round.pairings.get())
    assert Membership.objects.filter(channel=channel).count() == 3


def test_blocks_and_dont_pair_lists_keep_people_apart_both_ways(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    Block.objects.create(blocker=bob, blocked=alice)
    assert _groups(actions.run_round(moderator, series)) == []
    Block.objects.all().delete()
    actions.avoid(alice, bob)
    the_round = actions.run_round(moderator, series)
    assert _groups(the_round) == []
    assert [reason for _, reason in the_round.unpaired] == [pairing.EXCLUDED, pairing.EXCLUDED]
    actions.stop_avoiding(alice, bob)
    assert _groups(actions.run_round(moderator, series)) == [("alice", "bob")]


def test_a_pair_does_not_meet_again_within_the_series_rounds(moderator, free_people):
    alice, bob, _ = free_people
    series = build_series(moderator, no_repeat_rounds=2)
    _join(series, alice, bob)
    assert _groups(actions.run_round(moderator, series)) == [("alice", "bob")]
    assert _groups(actions.run_round(moderator, series)) == []
    assert _groups(actions.run_round(moderator, series)) == []
    assert _groups(actions.run_round(moderator, series)) == [("alice", "bob")]


def test_isolated_people_are_paired_first(series, moderator, free_people, mallory):
    """alice and bob fit each other best, but mallory (no peer contact lately) shares an
    hour with bob only: bob meets mallory."""
    alice, bob, _ = free_people
    set_free_hours(mallory, [(1, 18)])  # UTC: Tue 19:00 Berlin, one hour
    _join(series, alice, bob, mallory)
    interactions.record(alice, [bob], interactions.Kind.MESSAGED)
    the_round = actions.run_round(moderator, series)
    assert ("bob", "mallory") in _groups(the_round) or ("alice", "bob", "mallory") in _groups(
        the_round
    )
    assert the_round.isolated_count == 1 and the_round.isolated_paired == 1
    assert Seat.objects.get(user=mallory).was_isolated


def test_being_paired_alone_does_not_end_isolation(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    actions.run_round(moderator, series)
    second = actions.run_round(moderator, series)
    assert second.isolated_count == 2


def test_snoozing_skips_rounds_then_wakes_by_itself(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    actions.snooze(alice, series, rounds=1)
    first = actions.run_round(moderator, series)
    assert _groups(first) == []
    assert [alice.pk, actions.SNOOZED] in first.unpaired
    assert Participant.objects.get(user=alice).skip_rounds == 0
    assert _groups(actions.run_round(moderator, series)) == [("alice", "bob")]


def test_snoozing_until_a_date(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    actions.snooze(bob, series, until=timezone.now().date() + timedelta(days=10))
    assert _groups(actions.run_round(moderator, series)) == []
    later = timezone.now() + timedelta(days=11)
    assert _groups(actions.run_round(moderator, series, now=later)) == [("alice", "bob")]


@pytest.mark.parametrize(
    "fields",
    [{"rounds": -1}, {"rounds": 13}, {"rounds": "2"}, {"until": "tomorrow"}],
)
def test_bad_snoozes_are_refused(series, alice, fields):
    actions.join_series(alice, series)
    with pytest.raises(InvalidInput):
        actions.snooze(alice, series, **fields)
    with pytest.raises(InvalidInput):
        actions.snooze(alice, series, until=timezone.now().date())


def test_opting_out_stops_the_rounds_and_keeps_the_past(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    actions.run_round(moderator, series)
    actions.leave_series(alice, series)
    assert _groups(actions.run_round(moderator, series)) == []
    assert Seat.objects.filter(user=alice).count() == 1
    with pytest.raises(NotTakingPart):
        actions.snooze(alice, series, rounds=1)
    with pytest.raises(NotTakingPart):
        actions.leave_series(alice, series)


def test_a_course_series_is_for_its_people(course_series, course, instructor, free_people):
    alice, bob, _ = free_people
    with pytest.raises(NotAllowed):
        actions.join_series(alice, course_series)
    course_actions.enrol_with_code(alice, course.join_code)
    course_actions.enrol_with_code(bob, course.join_code)
    _join(course_series, alice, bob)
    assert _groups(actions.run_round(instructor, course_series)) == [("alice", "bob")]


def test_only_organisers_run_rounds_and_only_staff_or_instructors_start_series(
    series, alice, course, instructor
):
    with pytest.raises(NotAllowed):
        actions.run_round(alice, series)
    with pytest.raises(NotAllowed):
        build_series(alice)
    with pytest.raises(NotAllowed):
        build_series(instructor)  # community-wide: staff only
    assert build_series(instructor, course=course).course == course


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"name": "<script>alert(1)</script>"},
        {"name": "x" * 121},
        {"description": "x" * 1001},
        {"cadence_days": 3},
        {"mode": "speed-dating"},
        {"no_repeat_rounds": 53},
        {"isolated_days": 0},
        {"isolated_days": True},
        {"first_round_at": "tomorrow"},
    ],
)
def test_bad_series_are_refused_and_nothing_is_written(moderator, fields):
    with pytest.raises(InvalidInput):
        build_series(moderator, **fields)
    assert not Series.objects.exists()


def test_check_in_met_writes_met_once_and_can_change(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    chat = actions.run_round(moderator, series).pairings.get()
    actions.check_in(alice, chat, True)
    actions.check_in(alice, chat, True)
    met = Interaction.objects.filter(kind=Interaction.Kind.MET)
    assert list(met.values_list("person__username", "other__username")) == [("alice", "bob")]
    actions.check_in(alice, chat, False)
    assert Seat.objects.get(user=alice).check_in == Seat.CheckIn.MISSED


def test_check_in_is_for_members_only_and_closes_two_rounds_later(
    series, moderator, free_people, mallory
):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    chat = actions.run_round(moderator, series).pairings.get()
    with pytest.raises(NotAllowed):
        actions.check_in(mallory, chat, True)
    actions.run_round(moderator, series)
    actions.check_in(bob, chat, True)
    actions.run_round(moderator, series)
    with pytest.raises(CheckInClosed):
        actions.check_in(bob, chat, False)


def test_avoiding_oneself_is_refused(alice):
    with pytest.raises(InvalidInput):
        actions.avoid(alice, alice)


def test_the_periodic_job_runs_due_rounds_on_the_cadence_and_asks_for_check_ins(
    series, free_people
):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    due = series.next_round_at
    actions.run_due_rounds(due - timedelta(minutes=1))
    assert not Round.objects.exists()
    actions.run_due_rounds(due + timedelta(minutes=2))
    the_round = Round.objects.get()
    assert the_round.run_by is None
    series.refresh_from_db()
    assert series.next_round_at == due + timedelta(days=7)
    actions.run_due_rounds(due + timedelta(minutes=7))
    assert Round.objects.count() == 1
    actions.run_due_rounds(due + actions.CHECK_IN_AFTER + timedelta(minutes=5))
    asked = Notification.objects.filter(kind="coffee_check_in")
    assert set(asked.values_list("recipient__username", flat=True)) == {"alice", "bob"}
    actions.run_due_rounds(due + actions.CHECK_IN_AFTER + timedelta(minutes=10))
    assert asked.count() == 2


def test_a_paused_series_does_not_run_by_itself(series, moderator, free_people):
    actions.set_paused(moderator, series, True)
    actions.run_due_rounds(series.next_round_at + timedelta(minutes=1))
    assert not Round.objects.exists()
    actions.set_paused(moderator, series, False)
    series.refresh_from_db()
    assert series.next_round_at > timezone.now()


def test_tandem_pairs_a_learner_with_a_speaker(moderator, free_people, mallory):
    from accounts.models import Language

    alice, bob, _ = free_people
    set_free_hours(mallory, [(day, hour) for day in (1, 2, 3) for hour in (18, 19)])
    series = build_series(moderator, mode=Series.Mode.TANDEM)
    pt, en = (
        Language.objects.get_or_create(code="pt", defaults={"name": "Portuguese"})[0],
        (Language.objects.get_or_create(code="en", defaults={"name": "English"})[0]),
    )
    alice.profile.languages.set([en])
    bob.profile.languages.set([en])
    mallory.profile.languages.set([pt])
    alice.profile.learning_languages.set([pt])
    _join(series, alice, bob, mallory)
    assert _groups(actions.run_round(moderator, series)) == [("alice", "mallory")]


def test_a_deactivated_person_is_not_paired(series, moderator, free_people):
    alice, bob, _ = free_people
    _join(series, alice, bob)
    bob.is_active = False
    bob.save()
    assert _groups(actions.run_round(moderator, series)) == []


def test_many_people_in_one_round(series, moderator):
    people = [UserFactory(time_zone="UTC") for _ in range(25)]
    for person in people:
        set_free_hours(person, [(2, 18), (2, 19)])
    _join(series, *people)
    the_round = actions.run_round(moderator, series)
    assert sum(len(group) for group in _groups(the_round)) == 25
    assert sum(1 for group in _groups(the_round) if len(group) == 3) == 1


def test_a_failing_series_leaves_the_others_rounds_standing(moderator, free_people, monkeypatch):
    alice, bob, _ = free_people
    first = build_series(moderator, name="First")
    second = build_series(moderator, name="Second")
    for series in (first, second):
        _join(series, alice, bob)
    real = actions.run_round

    def failing(actor, series, now=None):
        if series.pk == first.pk:
            raise RuntimeError("boom")
        return real(actor, series, now)

    monkeypatch.setattr(actions, "run_round", failing)
    due = max(first.next_round_at, second.next_round_at) + timedelta(minutes=1)
    actions.run_due_rounds(due)
    assert list(Round.objects.values_list("series__name", flat=True)) == ["Second"]
    first.refresh_from_db()
    assert first.next_round_at < due  # still due: the next tick tries again
