"""The mentorship verbs: programmes, opting in, requests and answers, bulk rounds,
pairing by hand, goals and completing; permissions and bad input."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from accounts.actions import block, set_free_hours
from accounts.models import Interaction, Notification
from courses import actions as course_actions
from lounge.models import Channel
from lounge.permissions import can_read_channel
from mentorship import actions, fit
from mentorship.errors import (
    AlreadyPaired,
    AlreadyRequested,
    CannotPair,
    InvalidInput,
    MentorFull,
    NotAllowed,
    NotOpen,
    PairClosed,
    RequestClosed,
    StalePreview,
)
from mentorship.models import MatchingRound, MentorshipRequest, Pair, PairRule, Programme
from tests.factories import UserFactory

from .conftest import EVENINGS, build_programme, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def kinds_for(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


# Programmes


def test_an_instructor_starts_a_programme(instructor):
    programme = build_programme(instructor, description="Peers a year ahead")
    assert programme.organiser == instructor
    assert programme.course is None


@pytest.mark.parametrize("who", ["alice", "mallory"])
def test_students_cannot_start_a_programme(request, who):
    with pytest.raises(NotAllowed):
        build_programme(request.getfixturevalue(who))


def test_a_cycle_ends_after_it_starts(instructor):
    today = timezone.now().date()
    with pytest.raises(InvalidInput):
        build_programme(instructor, starts_on=today, ends_on=today)


def test_a_programme_name_is_plain_text(instructor):
    with pytest.raises(InvalidInput, match="plain text"):
        build_programme(instructor, name="<script>alert(1)</script>")


def test_a_course_programme_takes_mentors_from_the_course(instructor, alice, charlie):
    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Spring 2027"
    )
    course_actions.enrol_with_code(alice, course.join_code)
    programme = build_programme(
        instructor, course=course, mentor_rule=Programme.MentorRule.ENROLLED
    )
    assert make_mentor(programme, alice).is_approved  # enrolled: approved on opting in
    with pytest.raises(NotAllowed):
        make_mentor(programme, charlie)  # not in the course: cannot even see it


def test_only_course_managers_start_a_course_programme(instructor, alice):
    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Spring 2027"
    )
    course_actions.enrol_with_code(alice, course.join_code)
    with pytest.raises(NotAllowed):
        build_programme(alice, course=course)


# Opting in


@pytest.mark.parametrize("capacity", [0, 6, 99, -1])
def test_a_mentor_takes_one_to_five_mentees(programme, alice, capacity):
    with pytest.raises(InvalidInput, match="1 to 5"):
        make_mentor(programme, alice, capacity=capacity)


def test_opting_in_again_updates_the_offer(programme, alice, instructor):
    make_mentor(programme, alice, capacity=1, approve_by=instructor)
    profile = make_mentor(programme, alice, capacity=3, topics=["R", "statistics"])
    assert profile.capacity == 3 and profile.is_approved
    assert sorted(t.name for t in profile.topics.all()) == ["r", "statistics"]


def test_a_mentor_note_rejects_markup(programme, alice):
    with pytest.raises(InvalidInput, match="plain text"):
        make_mentor(programme, alice, note='<img src=x onerror="alert(1)">')


def test_unknown_languages_are_refused(programme, bob):
    with pytest.raises(InvalidInput, match="languages"):
        make_mentee(programme, bob, languages=["xx"])


def test_a_mentee_zone_distance_is_bounded(programme, bob):
    with pytest.raises(InvalidInput):
        make_mentee(programme, bob, max_zone_hours=13)


def test_approval_is_for_organisers_and_tells_the_mentor(programme, alice, mallory, instructor):
    profile = make_mentor(programme, alice)
    with pytest.raises(NotAllowed):
        actions.approve_mentor(mallory, profile)
    actions.approve_mentor(instructor, profile)
    assert "mentor_approved" in kinds_for(alice)


def test_nobody_opts_in_after_the_cycle(instructor, alice):
    today = timezone.now().date()
    over = build_programme(
        instructor, starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=1)
    )
    with pytest.raises(NotOpen):
        make_mentee(over, alice)


# Requests


def test_a_mentee_asks_and_the_mentor_accepts(programme, mentor, mentee, alice, bob):
    request = actions.request_mentor(bob, programme, alice, message="Could you help?")
    assert "mentorship_request" in kinds_for(alice)
    actions.answer_request(alice, request, accept=True, message="Gladly")
    pair = Pair.objects.get(programme=programme)
    assert (pair.mentor, pair.mentee, pair.source) == (alice, bob, Pair.Source.REQUEST)
    assert pair.score > 0
    request.refresh_from_db()
    assert request.status == MentorshipRequest.Status.ACCEPTED and request.answer == "Gladly"
    assert "mentorship_accepted" in kinds_for(bob)
    channel = Channel.objects.owned_by(pair, Channel.Kind.MENTORSHIP).get()
    assert can_read_channel(alice, channel) and can_read_channel(bob, channel)
    logged = set(Interaction.objects.filter(kind="paired").values_list("person", "other"))
    assert logged == {(alice.pk, bob.pk), (bob.pk, alice.pk)}


def test_a_declined_request_tells_the_mentee(programme, mentor, mentee, alice, bob):
    request = actions.request_mentor(bob, programme, alice)
    actions.answer_request(alice, request, accept=False, message="I am full this term")
    request.refresh_from_db()
    assert request.status == MentorshipRequest.Status.DECLINED
    assert "mentorship_declined" in kinds_for(bob)
    assert not Pair.objects.exists()


def test_only_the_mentor_asked_answers(programme, mentor, mentee, alice, bob, mallory):
    request = actions.request_mentor(bob, programme, alice)
    for person in (bob, mallory):
        with pytest.raises(NotAllowed):
            actions.answer_request(person, request, accept=True)


def test_a_request_is_answered_once(programme, mentor, mentee, alice, bob):
    request = actions.request_mentor(bob, programme, alice)
    actions.answer_request(alice, request, accept=False)
    with pytest.raises(RequestClosed):
        actions.answer_request(alice, request, accept=True)


def test_a_mentee_cannot_ask_themself(programme, mentor, alice):
    make_mentee(programme, alice)
    with pytest.raises(CannotPair):
        actions.request_mentor(alice, programme, alice)


def test_a_mentee_cannot_ask_across_a_block(programme, mentor, mentee, alice, bob):
    block(alice, bob)  # the mentor blocked the mentee; bob is not told why
    with pytest.raises(CannotPair) as refused:
        actions.request_mentor(bob, programme, alice)
    assert "block" not in str(refused.value)


def test_a_mentee_cannot_ask_someone_they_blocked(programme, mentor, mentee, alice, bob):
    block(bob, alice)
    with pytest.raises(CannotPair):
        actions.request_mentor(bob, programme, alice)


def test_a_mentee_cannot_ask_a_full_mentor(programme, alice, bob, charlie, instructor):
    make_mentor(programme, alice, capacity=1, approve_by=instructor)
    make_mentee(programme, bob)
    make_mentee(programme, charlie)
    first = actions.request_mentor(charlie, programme, alice)
    actions.answer_request(alice, first, accept=True)
    with pytest.raises(MentorFull):
        actions.request_mentor(bob, programme, alice)


def test_a_mentee_cannot_ask_twice(programme, mentor, mentee, alice, bob):
    actions.request_mentor(bob, programme, alice)
    with pytest.raises(AlreadyRequested):
        actions.request_mentor(bob, programme, alice)


def test_the_database_refuses_a_second_open_request(programme, mentor, mentee, alice, bob):
    actions.request_mentor(bob, programme, alice)
    with pytest.raises(IntegrityError):
        MentorshipRequest.objects.create(programme=programme, mentee=bob, mentor=alice)


def test_a_mentor_must_be_approved_to_be_asked(programme, alice, bob):
    make_mentor(programme, alice)  # not approved yet
    make_mentee(programme, bob)
    with pytest.raises(CannotPair):
        actions.request_mentor(bob, programme, alice)


def test_asking_needs_a_mentee_profile(programme, mentor, alice, bob):
    with pytest.raises(InvalidInput, match="mentee"):
        actions.request_mentor(bob, programme, alice)


def test_a_paired_mentee_cannot_ask_again(programme, pair, alice, bob, charlie, instructor):
    make_mentor(programme, charlie, approve_by=instructor)
    with pytest.raises(AlreadyPaired):
        actions.request_mentor(bob, programme, charlie)


def test_accepting_withdraws_the_mentees_other_requests(
    programme, mentor, mentee, alice, bob, charlie, instructor
):
    make_mentor(programme, charlie, approve_by=instructor)
    first = actions.request_mentor(bob, programme, alice)
    other = actions.request_mentor(bob, programme, charlie)
    actions.answer_request(alice, first, accept=True)
    other.refresh_from_db()
    assert other.status == MentorshipRequest.Status.CANCELLED
    with pytest.raises(RequestClosed):
        actions.answer_request(charlie, other, accept=True)


def test_a_block_after_asking_stops_the_pairing(programme, mentor, mentee, alice, bob):
    request = actions.request_mentor(bob, programme, alice)
    block(bob, alice)
    with pytest.raises(CannotPair):
        actions.answer_request(alice, request, accept=True)
    assert not Pair.objects.exists()


def test_hostile_text_in_a_request_is_kept_as_text(programme, mentor, mentee, alice, bob):
    hostile = "<script>alert('x')</script> & {{ secret }}"
    request = actions.request_mentor(bob, programme, alice, message=hostile)
    assert request.message == hostile  # shown escaped; see the views' tests


def test_overlong_and_control_characters_are_refused(programme, mentor, mentee, alice, bob):
    with pytest.raises(InvalidInput, match="1,000"):
        actions.request_mentor(bob, programme, alice, message="x" * 1001)
    with pytest.raises(InvalidInput, match="control"):
        actions.request_mentor(bob, programme, alice, message="hi\x00there")


def test_a_mentee_withdraws_a_request(programme, mentor, mentee, alice, bob, mallory):
    request = actions.request_mentor(bob, programme, alice)
    with pytest.raises(NotAllowed):
        actions.cancel_request(mallory, request)
    actions.cancel_request(bob, request)
    request.refresh_from_db()
    assert request.status == MentorshipRequest.Status.CANCELLED


# Bulk rounds


@pytest.fixture
def crowd(programme, instructor):
    """Three mentors of one seat each and four mentees, everyone free Tue–Thu evenings
    (their own zone, all UTC) and speaking Portuguese."""
    mentors = [UserFactory(username=f"mentor{n}") for n in range(3)]
    mentees = [UserFactory(username=f"mentee{n}") for n in range(4)]
    topics = [["statistics"], ["python"], ["design"]]
    for person in mentors + mentees:
        set_free_hours(person, EVENINGS)
    for person, wanted in zip(mentors, topics, strict=True):
        make_mentor(programme, person, capacity=1, topics=wanted, approve_by=instructor)
    for person, wanted in zip(mentees, topics + [["history"]], strict=True):
        make_mentee(programme, person, topics=wanted)
    return mentors, mentees


def test_a_round_previews_the_best_pairing(programme, crowd, instructor):
    mentors, mentees = crowd
    matching_round = actions.run_matching_round(instructor, programme)
    pairs = {(m, e) for m, e, _score, _pinned in matching_round.result["pairs"]}
    assert pairs == {(mentors[n].pk, mentees[n].pk) for n in range(3)}
    # 10 for the topic, 5 for the language, 6 for the six shared hours.
    assert matching_round.total_score == 3 * 21
    assert matching_round.result["unmatched"] == [[mentees[3].pk, "taken"]]
    assert not Pair.objects.exists()  # nothing is published by a preview


def test_only_organisers_run_rounds(programme, crowd, alice):
    with pytest.raises(NotAllowed):
        actions.run_matching_round(alice, programme)


def test_a_pin_is_kept_and_a_forbidden_pair_left_out(programme, crowd, instructor):
    mentors, mentees = crowd
    actions.set_pair_rule(instructor, programme, mentors[0], mentees[3], PairRule.Rule.PIN)
    actions.set_pair_rule(instructor, programme, mentors[1], mentees[1], PairRule.Rule.FORBID)
    matching_round = actions.run_matching_round(instructor, programme)
    pairs = {(m, e): pinned for m, e, _score, pinned in matching_round.result["pairs"]}
    assert pairs[(mentors[0].pk, mentees[3].pk)] is True
    assert (mentors[1].pk, mentees[1].pk) not in pairs


def test_pins_must_be_possible(programme, crowd, instructor):
    mentors, mentees = crowd
    actions.set_pair_rule(instructor, programme, mentors[0], mentees[0], PairRule.Rule.PIN)
    with pytest.raises(MentorFull):  # one seat, already pinned
        actions.set_pair_rule(instructor, programme, mentors[0], mentees[1], PairRule.Rule.PIN)
    with pytest.raises(InvalidInput):  # a mentee pinned to two mentors
        actions.set_pair_rule(instructor, programme, mentors[1], mentees[0], PairRule.Rule.PIN)
    block(mentees[2], mentors[2])
    with pytest.raises(CannotPair):
        actions.set_pair_rule(instructor, programme, mentors[2], mentees[2], PairRule.Rule.PIN)
    with pytest.raises(CannotPair):
        actions.set_pair_rule(instructor, programme, mentees[0], mentees[1], PairRule.Rule.PIN)


def test_lifting_a_rule(programme, crowd, instructor):
    mentors, mentees = crowd
    actions.set_pair_rule(instructor, programme, mentors[0], mentees[0], PairRule.Rule.FORBID)
    actions.set_pair_rule(instructor, programme, mentors[0], mentees[0], None)
    assert not PairRule.objects.exists()


def test_a_round_never_pairs_across_a_block(programme, crowd, instructor):
    mentors, mentees = crowd
    block(mentors[0], mentees[0])
    matching_round = actions.run_matching_round(instructor, programme)
    pairs = {(m, e) for m, e, *_ in matching_round.result["pairs"]}
    assert (mentors[0].pk, mentees[0].pk) not in pairs


def test_publishing_makes_pairs_with_chats_and_news(programme, crowd, instructor):
    mentors, mentees = crowd
    matching_round = actions.run_matching_round(instructor, programme)
    pairs = actions.publish_round(instructor, matching_round)
    assert len(pairs) == 3
    for pair in pairs:
        channel = Channel.objects.owned_by(pair, Channel.Kind.MENTORSHIP).get()
        assert can_read_channel(pair.mentor, channel) and can_read_channel(pair.mentee, channel)
        assert "mentorship_paired" in kinds_for(pair.mentor)
        assert "mentorship_paired" in kinds_for(pair.mentee)
    assert Interaction.objects.filter(kind="paired").count() == 6
    matching_round.refresh_from_db()
    assert matching_round.status == MatchingRound.Status.PUBLISHED
    with pytest.raises(StalePreview):
        actions.publish_round(instructor, matching_round)


def test_a_rerun_replaces_the_preview(programme, crowd, instructor):
    first = actions.run_matching_round(instructor, programme)
    actions.run_matching_round(instructor, programme)
    first.refresh_from_db()
    assert first.status == MatchingRound.Status.SUPERSEDED
    with pytest.raises(StalePreview):
        actions.publish_round(instructor, first)


def test_a_preview_that_went_stale_publishes_nothing(programme, crowd, instructor):
    mentors, mentees = crowd
    matching_round = actions.run_matching_round(instructor, programme)
    block(mentees[1], mentors[1])
    with pytest.raises(StalePreview):
        actions.publish_round(instructor, matching_round)
    assert not Pair.objects.exists()


def test_a_round_skips_mentees_already_paired_and_full_mentors(programme, crowd, instructor):
    mentors, mentees = crowd
    actions.pair_by_hand(instructor, programme, mentors[0], mentees[3])
    matching_round = actions.run_matching_round(instructor, programme)
    paired = {(m, e) for m, e, *_ in matching_round.result["pairs"]}
    assert all(m != mentors[0].pk and e != mentees[3].pk for m, e in paired)


def test_programmes_that_want_new_faces_skip_earlier_pairs(instructor, crowd, programme):
    mentors, mentees = crowd
    earlier = actions.pair_by_hand(instructor, programme, mentors[0], mentees[0])
    actions.complete_pair(instructor, earlier)
    next_cycle = build_programme(instructor, name="Next cycle", avoid_repeat_pairs=True)
    make_mentor(next_cycle, mentors[0], capacity=1, approve_by=instructor)
    make_mentee(next_cycle, mentees[0])
    matching_round = actions.run_matching_round(instructor, next_cycle)
    assert matching_round.result["pairs"] == []
    assert matching_round.result["unmatched"] == [[mentees[0].pk, "excluded"]]


# By hand, goals, completing


def test_organisers_pair_by_hand(programme, mentor, mentee, alice, bob, instructor, mallory):
    with pytest.raises(NotAllowed):
        actions.pair_by_hand(mallory, programme, alice, bob)
    pair = actions.pair_by_hand(instructor, programme, alice, bob)
    assert pair.source == Pair.Source.ORGANISER
    with pytest.raises(AlreadyPaired):
        actions.pair_by_hand(instructor, programme, alice, bob)


def test_pairing_by_hand_respects_blocks(programme, mentor, mentee, alice, bob, instructor):
    block(bob, alice)
    with pytest.raises(CannotPair):
        actions.pair_by_hand(instructor, programme, alice, bob)


def test_goals_are_added_and_checked_by_the_pair(pair, alice, bob, mallory):
    goal = actions.add_goal(bob, pair, "Finish chapter 3")
    actions.set_goal_done(alice, goal, True)
    goal.refresh_from_db()
    assert goal.is_done
    actions.set_goal_done(bob, goal, False)
    goal.refresh_from_db()
    assert not goal.is_done
    with pytest.raises(NotAllowed):
        actions.add_goal(mallory, pair, "Spam")
    with pytest.raises(NotAllowed):
        actions.set_goal_done(mallory, goal, True)


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "", "   ", "x" * 201, "bell\x07"])
def test_hostile_or_empty_goals_are_refused(pair, bob, text):
    with pytest.raises(InvalidInput):
        actions.add_goal(bob, pair, text)


def test_completing_frees_the_seat_and_closes_goals(pair, bob, mallory, programme):
    with pytest.raises(NotAllowed):
        actions.complete_pair(mallory, pair)
    actions.complete_pair(bob, pair)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED and pair.completed_at
    assert fit.mentor_seats(programme)[pair.mentor_id] == 2
    with pytest.raises(PairClosed):
        actions.add_goal(bob, pair, "One more")
    with pytest.raises(PairClosed):
        actions.complete_pair(bob, pair)


def test_why_they_fit_in_the_viewers_zone(pair, programme, alice, bob, instructor):
    for_bob = fit.explain(programme, alice, bob, bob)
    assert "you both speak Portuguese" in for_bob
    assert "shared topic: statistics" in for_bob
    assert "6 h a week overlap, mostly Tue–Thu afternoons your time (America/New_York)" in for_bob
    for_alice = fit.explain(programme, alice, bob, alice)
    assert "6 h a week overlap, mostly Tue–Thu evenings your time (Europe/Berlin)" in for_alice
    for_organiser = fit.explain(programme, alice, bob, instructor)
    assert "both speak Portuguese" in for_organiser
    assert any("Asia/Kolkata" in phrase for phrase in for_organiser)
