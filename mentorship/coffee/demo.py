"""Demo coffee chats: a community-wide weekly series whose first round ran last week
(with check-ins: some met, some did not, some have not said) and whose next round is
scheduled, and a language-tandem series for STAT101 that has not run yet. Runs after
the mentorship demo. Safe to run again."""

from datetime import UTC, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Language
from courses.models import Course, Enrolment
from lounge import actions as lounge

from . import actions
from .models import Seat, Series

NAME = "Community coffee"
TANDEM_NAME = "STAT101 language tandem"
# Demo records stand for what organisers write, in their own words: not translated.
DESCRIPTION = (
    "Once a week, meet one person from anywhere on Commons who is free when you are. "
    "Half an hour, camera optional, no agenda beyond the icebreaker."
)
TANDEM_DESCRIPTION = "Practise a language you are learning with a classmate who speaks it."
PEOPLE = ["ana", "ben", "chloe", "dev", "emeka", "fatima", "gabriel", "hana", "ivan"]
PEOPLE += ["jia", "kofi", "laura", "mateo", "nadia", "oliver", "priya", "quinn", "rosa"]
PEOPLE += ["sam", "tariq", "isha"]
# Languages some demo students are learning, for the tandem series.
LEARNING = {"ana": "en", "bruno": "en", "rosa": "en", "jonas": "en", "ben": "es", "oliver": "pt"}


def _next_monday_morning(now):
    day = now.date() + timedelta(days=(7 - now.weekday()) % 7 or 7)
    return datetime.combine(day, time(9), tzinfo=UTC)


def _say_hello_to_ana(the_round):
    """ana's partner wrote in their chat, under its card (the icebreaker, the times in
    both zones, ana's check-in to do)."""
    seat = Seat.objects.filter(round=the_round, user__username="ana").select_related("pairing")
    seat = seat.first()
    if seat is None:
        return
    partner = seat.pairing.seats.exclude(user=seat.user).select_related("user").first()
    lounge.post_message(
        partner.user,
        actions.channel_of(seat.pairing),
        "Hi Ana! The first time on the card suits me. Tea or coffee? ☕",
    )


def seed(rng):
    if Series.objects.filter(name=NAME).exists():
        return
    people = {user.username: user for user in get_user_model().objects.select_related("profile")}
    admin, amara = people["admin"], people["amara"]
    now = timezone.now()
    languages = {language.code: language for language in Language.objects.all()}
    for handle, code in LEARNING.items():
        if handle in people and code in languages:
            people[handle].profile.learning_languages.add(languages[code])

    series = actions.create_series(
        admin,
        name=NAME,
        description=DESCRIPTION,
        first_round_at=now - timedelta(days=8),
        no_repeat_rounds=6,
        isolated_days=14,
    )
    for handle in PEOPLE:
        actions.join_series(people[handle], series)
    actions.snooze(people["isha"], series, rounds=1)
    last_week = actions.run_round(admin, series, now=now - timedelta(days=8))
    answers = ["met", "met", "met", "missed", None]
    for seat in Seat.objects.filter(round=last_week).select_related("pairing", "user"):
        answer = rng.choice(answers)
        if seat.user.username == "ana":
            answer = None  # ana still has her check-in to do
        if answer:
            actions.check_in(seat.user, seat.pairing, answer == "met")
    _say_hello_to_ana(last_week)
    # Demo only: the round above ran "last week", which set the next one a day ago;
    # the demo shows it scheduled instead of running the moment the worker starts.
    Series.objects.filter(pk=series.pk).update(next_round_at=_next_monday_morning(now))

    course = Course.objects.filter(code="STAT101").first()
    if course is not None and Enrolment.objects.filter(course=course, user=amara).exists():
        tandem = actions.create_series(
            amara,
            name=TANDEM_NAME,
            course=course,
            description=TANDEM_DESCRIPTION,
            cadence_days=Series.Cadence.FORTNIGHTLY,
            mode=Series.Mode.TANDEM,
            first_round_at=_next_monday_morning(now),
        )
        for enrolment in Enrolment.objects.filter(course=course, role="student")[:12]:
            actions.join_series(enrolment.user, tandem)
