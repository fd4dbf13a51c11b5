"""Verbs of a pair's life after pairing: answering "how is it going?", marking a meeting
held (written to the interaction log as MET both ways), the end-of-cycle feedback
(private to organisers) and an organiser's nudge to a quiet pair. Goals and completing
are in mentorship.actions with the rest of the pairing verbs."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import interactions
from accounts.actions import notify_many
from accounts.timezones import get_zone
from lounge.markup import render_message

from . import permissions
from .actions import _text
from .errors import InvalidInput, NotAllowed, PairClosed
from .models import (
    MAX_CHECK_IN_LENGTH,
    MAX_FEEDBACK_LENGTH,
    MAX_RATING,
    MIN_RATING,
    CheckIn,
    Feedback,
    Meeting,
    Pair,
)

# An organiser's nudge is not repeated within this time: one reminder, not a stream.
NUDGE_COOLDOWN = timedelta(days=7)
# A meeting is recorded for a day at most this long ago.
MEETING_LOOKBACK = timedelta(days=60)


def _lock_pair_for_member(actor, pair):
    pair = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("programme", "mentor__profile", "mentee__profile")
        .get(pk=pair.pk)
    )
    if not permissions.is_in_pair(actor, pair):
        raise NotAllowed(_("Only the two people in this pair can do that."))
    return pair


def _today_for(person, now):
    return now.astimezone(get_zone(person.profile.time_zone)).date()


def _record_meeting(actor, pair, held_on):
    """A Meeting for that day (one a day) and MET in the log both ways, the first time."""
    meeting, created = Meeting.objects.get_or_create(
        pair=pair, held_on=held_on, defaults={"recorded_by": actor}
    )
    if created:
        interactions.record(pair.mentor, [pair.mentee], interactions.Kind.MET, target=pair)
        interactions.record(pair.mentee, [pair.mentor], interactions.Kind.MET, target=pair)
    return meeting


@transaction.atomic
def record_meeting(actor, pair, held_on=None, now=None):
    """One of the two marks that they met, today (their own date) or on `held_on`: not
    in the future, not before they were paired, at most MEETING_LOOKBACK ago."""
    now = now or timezone.now()
    pair = _lock_pair_for_member(actor, pair)
    today = _today_for(actor, now)
    held_on = held_on or today
    if held_on > today:
        raise InvalidInput(_("A meeting is marked once it has happened: choose today or earlier."))
    earliest = max((now - MEETING_LOOKBACK).date(), pair.created_at.date() - timedelta(days=1))
    if held_on < earliest:
        raise InvalidInput(_("Choose a day since you were paired (within the last 60 days)."))
    return _record_meeting(actor, pair, held_on)


@transaction.atomic
def check_in(actor, pair, answer, *, met=False, now=None):
    """One of the two answers "how is it going?" in a line; `met` also records a
    meeting today."""
    now = now or timezone.now()
    pair = _lock_pair_for_member(actor, pair)
    if not pair.is_active:
        raise PairClosed()
    answer = _text(answer, _("the answer"), MAX_CHECK_IN_LENGTH)
    if not answer:
        raise InvalidInput(_("Say in a line how it is going."))
    if "\n" in answer or "\r" in answer:
        answer = " ".join(answer.split())
    entry = CheckIn.objects.create(pair=pair, author=actor, answer=answer, met=bool(met))
    if met:
        _record_meeting(actor, pair, _today_for(actor, now))
    return entry


@transaction.atomic
def leave_feedback(actor, pair, *, rating, text="", now=None):
    """One of the two rates their pair (1–5) with a few words, for the organisers only;
    leaving it again replaces it. Open once the pair is completed or the cycle is near
    its end."""
    now = now or timezone.now()
    pair = _lock_pair_for_member(actor, pair)
    if not permissions.can_leave_feedback(actor, pair, today=now.date()):
        raise NotAllowed(_("Feedback opens when your pair completes or the cycle nears its end."))
    if (
        not isinstance(rating, int)
        or isinstance(rating, bool)
        or not (MIN_RATING <= rating <= MAX_RATING)
    ):
        raise InvalidInput(
            _("Rate from %(low)s to %(high)s.") % {"low": MIN_RATING, "high": MAX_RATING}
        )
    text = _text(text, _("the feedback"), MAX_FEEDBACK_LENGTH)
    html = render_message(text).html if text else ""
    # The pair's row is locked: two submissions of one person queue, the second updates.
    feedback, _created = Feedback.objects.update_or_create(
        pair=pair, author=actor, defaults={"rating": rating, "text": text, "text_html": html}
    )
    return feedback


@transaction.atomic
def nudge_pair(actor, pair, now=None):
    """An organiser reminds a quiet pair that they are there: both are told. Not again
    within NUDGE_COOLDOWN."""
    now = now or timezone.now()
    pair = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("programme", "mentor__profile", "mentee__profile")
        .get(pk=pair.pk)
    )
    if not permissions.can_organise(actor, pair.programme):
        raise NotAllowed()
    if not pair.is_active:
        raise PairClosed()
    if pair.nudged_at and now - pair.nudged_at < NUDGE_COOLDOWN:
        raise InvalidInput(_("This pair was nudged less than a week ago."))
    pair.nudged_at = now
    pair.save(update_fields=["nudged_at"])
    notify_many(
        [
            (
                person,
                "mentorship_nudge",
                {
                    "actor": actor,
                    "target": pair,
                    "programme": pair.programme.name,
                    "other": other.display_name,
                    "url": f"{pair.get_absolute_url()}#check-in",
                },
            )
            for person, other in [(pair.mentor, pair.mentee), (pair.mentee, pair.mentor)]
        ]
    )
    return pair
