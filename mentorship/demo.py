"""Demo mentorship: a community-wide programme halfway through its cycle, with pairs
from a published matching round and from accepted requests, goals under way, check-ins
and meetings, a pair gone quiet, a pair that finished early and left feedback,
newcomers' requests still waiting for an answer and one that expired with other mentors
offered. Runs last (it pairs the people the accounts' demo made). Safe to run again.

Times are moved back after the verbs ran (the round a month ago, check-ins over the
weeks since): the verbs stamp everything "now"."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from lounge.actions import post_message
from lounge.models import Message

from . import actions, fit, lifecycle, pair_actions
from .models import CheckIn, MentorshipRequest, Pair, Programme

NAME = "Newcomer mentoring, spring cycle"
# Demo records stand for what people write, in their own words: not translated.
DESCRIPTION = (
    "Students a term ahead help newcomers find their feet: one call a week, "
    "goals you set together, and a private chat."
)
OPENING, ANSWER = "Olá! Could you help?", "Com prazer!"
MENTORS = ["dev", "chloe", "laura", "oliver", "uma", "victor", "xavier", "femi"]
# Matched by the organiser's round.
MENTEES = ["ben", "emeka", "fatima", "gabriel", "hana", "ivan", "jia", "kofi"]
MENTEES += ["nadia", "priya", "quinn", "rosa"]
# Joined after the round and asked a mentor themselves: (mentee, their message).
LATE = [
    ("bruno", "Oi! I am new to statistics and would love help in Portuguese."),
    ("camila", "Could you help me plan my first term?"),
    ("diego", "I would like feedback on my study habits."),
]
GOALS = ["Agree on a weekly call time", "Finish the first problem set together"]
CHECK_INS = [
    ("We talk every Tuesday; the problem sets feel lighter.", True),
    ("Good so far: I have a study plan now.", True),
    ("Busy week, but we swapped notes in the chat.", False),
    ("Great help with R, thank you!", True),
]
# (mentee's message, minutes later the mentor's reply), for the reply times.
CHAT = [
    ("Hi! When would suit you for a first call?", 25, "Tuesday at 19:00 my time?"),
    ("Could you look at my plan for the week?", 90, "Looks good; start with the reading."),
]


def _topics(user):
    return [interest.name for interest in user.profile.interests.all()][:3]


def _languages(user):
    return [language.code for language in user.profile.languages.all()]


def seed(rng):
    if Programme.objects.filter(name=NAME).exists():
        return
    people = {
        user.username: user
        for user in get_user_model()
        .objects.select_related("profile")
        .prefetch_related("profile__interests", "profile__languages")
    }
    amara = people["amara"]
    today = timezone.now().date()
    programme = actions.create_programme(
        amara,
        name=NAME,
        description=DESCRIPTION,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
    )
    for handle in MENTORS:
        person = people[handle]
        profile = actions.opt_in_as_mentor(
            person,
            programme,
            capacity=2,
            topics=_topics(person),
            languages=_languages(person),
            note="Happy to talk study plans and the first weeks.",
        )
        actions.approve_mentor(amara, profile)
    # ana asked xavier directly (both speak Portuguese), and he accepted.
    ana = people["ana"]
    actions.opt_in_as_mentee(
        ana, programme, goals="Get comfortable with R", topics=_topics(ana), languages=["pt", "en"]
    )
    asked = actions.request_mentor(ana, programme, people["xavier"], message=OPENING)
    actions.answer_request(people["xavier"], asked, accept=True, message=ANSWER)
    for handle in MENTEES:
        person = people[handle]
        actions.opt_in_as_mentee(
            person,
            programme,
            goals="Settle into the course and keep a steady pace",
            topics=_topics(person),
            languages=_languages(person),
            same_language=True,
            max_zone_hours=rng.choice([None, 6, 8]),
        )
    actions.publish_round(amara, actions.run_matching_round(amara, programme))
    for pair in Pair.objects.filter(programme=programme).order_by("pk")[:5]:
        for text in GOALS:
            goal = actions.add_goal(pair.mentee, pair, text)
        actions.set_goal_done(pair.mentor, goal.pair.goals.first(), True)
    pairs = list(Pair.objects.filter(programme=programme).order_by("pk"))
    _pair_life(programme, pairs)
    for handle, message in LATE:
        person = people[handle]
        actions.opt_in_as_mentee(
            person,
            programme,
            topics=_topics(person),
            languages=_languages(person),
            same_language=False,
        )
        seats = fit.mentor_seats(programme)
        profile = programme.mentees.get(user=person)
        for mentor_profile, _score, fits, _seats in fit.fit_for_mentee(programme, profile):
            if fits and seats.get(mentor_profile.user_id):
                actions.request_mentor(person, programme, mentor_profile.user, message=message)
                break
    _an_expired_request(programme, people["diego"])


def _back(model, pk, **times):
    model.objects.filter(pk=pk).update(**times)


def _pair_life(programme, pairs):
    """Four weeks of the pairs' life: chats, check-ins and meetings, one pair quiet,
    one finished early with feedback from both."""
    now = timezone.now()
    for pair in pairs:
        _back(Pair, pair.pk, created_at=now - timedelta(days=28))
    for index, pair in enumerate(pairs[:4]):
        channel = actions.pair_channel(pair)
        for opening, minutes, reply in CHAT:
            asked, _ = post_message(pair.mentee, channel, opening)
            answered, _ = post_message(pair.mentor, channel, reply)
            sent = now - timedelta(days=20 - index)
            _back(Message, asked.pk, created_at=sent)
            _back(Message, answered.pk, created_at=sent + timedelta(minutes=minutes * (index + 1)))
        answer, met = CHECK_INS[index]
        entry = pair_actions.check_in(pair.mentee, pair, answer, met=met)
        _back(CheckIn, entry.pk, created_at=now - timedelta(days=3 + index))
        _back(Pair, pair.pk, check_in_asked_at=now - timedelta(days=4 + index))
    mentor_note = pair_actions.check_in(pairs[0].mentor, pairs[0], "Proud of the progress.")
    _back(CheckIn, mentor_note.pk, created_at=now - timedelta(days=2))
    for days, pair in enumerate(pairs[7:10], start=5):
        note = pair_actions.check_in(pair.mentor, pair, "Steady: we met once, next call booked.")
        _back(CheckIn, note.pk, created_at=now - timedelta(days=days))
    # pairs[5], [10] and [11] have done nothing since the round: they show as quiet.
    done = pairs[6]
    pair_actions.record_meeting(done.mentee, done, now.date() - timedelta(days=9))
    actions.complete_pair(done.mentor, done)
    pair_actions.leave_feedback(
        done.mentee,
        done,
        rating=5,
        text="Exactly what I needed in my first month: **patient** and practical.",
    )
    pair_actions.leave_feedback(
        done.mentor, done, rating=4, text="We reached our goals early; a good match."
    )


def _an_expired_request(programme, mentee):
    """diego's request went unanswered past the programme's limit: the job expired it
    and offered him other mentors."""
    request = MentorshipRequest.objects.filter(
        programme=programme, mentee=mentee, status=MentorshipRequest.Status.REQUESTED
    ).first()
    if request is None:
        return
    _back(
        MentorshipRequest,
        request.pk,
        created_at=timezone.now() - timedelta(days=programme.expire_after_days, hours=1),
    )
    lifecycle.nudge_and_expire_requests(timezone.now())
