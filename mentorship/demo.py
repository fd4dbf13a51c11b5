"""Demo mentorship: a community-wide programme halfway through its cycle, with pairs
from a published matching round and from accepted requests, goals under way, and
newcomers' requests still waiting for an answer. Runs last (it pairs the people the
accounts' demo made). Safe to run again."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import actions, fit
from .models import Pair, Programme

NAME = "Newcomer mentoring, spring cycle"
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
        description=(
            "Students a term ahead help newcomers find their feet: one call a week, "
            "goals you set together, and a private chat."
        ),
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
    asked = actions.request_mentor(ana, programme, people["xavier"], message="Olá! Could you help?")
    actions.answer_request(people["xavier"], asked, accept=True, message="Com prazer!")
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
    for handle, message in LATE:
        person = people[handle]
        actions.opt_in_as_mentee(
            person, programme, topics=_topics(person), languages=_languages(person)
        )
        seats = fit.mentor_seats(programme)
        profile = programme.mentees.get(user=person)
        for mentor_profile, _score, fits, _seats in fit.fit_for_mentee(programme, profile):
            if fits and seats.get(mentor_profile.user_id):
                actions.request_mentor(person, programme, mentor_profile.user, message=message)
                break
