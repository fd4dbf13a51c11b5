"""Every write to coffee chats: series, opting in, snoozing and out, the "don't pair me
with" list, running a round (by the organiser or on the cadence), check-ins and the
check-in prompt. Views, the admin, the periodic job and the demo call these.

A round locks its series' row, so two runs of one series queue and the second sees
the first's pairs (and does not repeat them); the database keeps one seat per person
per round (coffee_seat_once_per_round) should anything slip by."""

import logging
import random
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import interactions
from accounts.actions import notify, notify_many
from accounts.moderation import record_action
from courses.models import Enrolment
from lounge import actions as lounge
from lounge.models import Channel

from ..text import clean_line, clean_text
from . import facts, pairing, permissions
from .errors import CheckInClosed, InvalidInput, NotAllowed, NotTakingPart
from .icebreakers import ICEBREAKERS
from .models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_ISOLATED_DAYS,
    MAX_NAME_LENGTH,
    MAX_NO_REPEAT_ROUNDS,
    MAX_SNOOZE_ROUNDS,
    MIN_ISOLATED_DAYS,
    Avoidance,
    Pairing,
    Participant,
    Round,
    Seat,
    Series,
)

logger = logging.getLogger(__name__)

SNOOZED = "snoozed"
# Check-ins are asked for this long after a round, when most chats have happened.
CHECK_IN_AFTER = timedelta(days=4)
MAX_AVOIDANCES = 200


def _line(value, what, limit):
    return clean_line(value, what, limit, InvalidInput)


def _text(value, what, limit):
    return clean_text(value, what, limit, InvalidInput)


def _whole(value, what, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(
            _("Choose %(what)s from %(low)s to %(high)s.")
            % {"what": what, "low": low, "high": high}
        )
    return value


def _lock(series):
    return Series.objects.select_for_update(of=("self",)).select_related("course").get(pk=series.pk)


@transaction.atomic
def create_series(
    actor,
    *,
    name,
    first_round_at,
    course=None,
    description="",
    cadence_days=Series.Cadence.WEEKLY,
    mode=Series.Mode.ANYONE,
    no_repeat_rounds=6,
    isolated_days=14,
):
    """Start a series with `actor` as its organiser; its first round runs by itself at
    `first_round_at` (an aware datetime), then on the cadence."""
    if not permissions.can_create_series(actor, course):
        raise NotAllowed(_("Only a course's instructors and site staff start coffee chats."))
    name = _line(name, _("the series' name"), MAX_NAME_LENGTH)
    description = _text(description, _("the description"), MAX_DESCRIPTION_LENGTH)
    if cadence_days not in Series.Cadence.values:
        raise InvalidInput(_("Choose every week or every two weeks."))
    if mode not in Series.Mode.values:
        raise InvalidInput(_("Choose who is paired with whom."))
    _whole(no_repeat_rounds, _("the rounds before a pair may meet again"), 0, MAX_NO_REPEAT_ROUNDS)
    _whole(isolated_days, _("the days without a peer"), MIN_ISOLATED_DAYS, MAX_ISOLATED_DAYS)
    if not isinstance(first_round_at, datetime) or timezone.is_naive(first_round_at):
        raise InvalidInput(_("Choose when the first round runs."))
    return Series.objects.create(
        name=name,
        description=description,
        course=course,
        organiser=actor,
        cadence_days=cadence_days,
        mode=mode,
        no_repeat_rounds=no_repeat_rounds,
        isolated_days=isolated_days,
        next_round_at=first_round_at,
    )


@transaction.atomic
def set_paused(actor, series, paused):
    """The organiser stops the rounds running by themselves, or starts them again (the
    next round is then one cadence from now at the earliest)."""
    series = _lock(series)
    if not permissions.can_organise(actor, series):
        raise NotAllowed()
    if series.paused == bool(paused):
        return series
    series.paused = bool(paused)
    if not paused:
        series.next_round_at = max(series.next_round_at, timezone.now() + series.cadence)
    series.save(update_fields=["paused", "next_round_at"])
    return series


@transaction.atomic
def join_series(actor, series):
    """Opt in (again): from the next round on, `actor` is paired. Clears a snooze."""
    if not permissions.can_take_part(actor, series):
        raise NotAllowed()
    participant, _created = Participant.objects.update_or_create(
        series=series,
        user=actor,
        defaults={"active": True, "skip_rounds": 0, "snoozed_until": None},
    )
    return participant


@transaction.atomic
def add_participant(actor, series, person, *, audit_action="coffee.add_participant"):
    """An organiser opts `person` in on their behalf (a course's instructor, for a
    student who is alone): `person` is told, can leave as anyone can, and the act is
    written to the audit trail as `audit_action`."""
    series = _lock(series)
    if not permissions.can_organise(actor, series):
        raise NotAllowed()
    if not person.is_active or not permissions.can_take_part(person, series):
        raise InvalidInput(
            _("%(person)s cannot take part in %(series)s.")
            % {"person": person.display_name, "series": series.name}
        )
    participant, _created = Participant.objects.update_or_create(
        series=series,
        user=person,
        defaults={"active": True, "skip_rounds": 0, "snoozed_until": None},
    )
    notify(
        person,
        "coffee_added",
        actor=actor,
        target=series,
        series=series.name,
        url=series.get_absolute_url(),
    )
    record_action(
        actor,
        audit_action,
        reason=_("Added %(person)s to the coffee chats of %(series)s")
        % {"person": person.username, "series": series.name},
        target_user=person,
        target=series,
        details={"course": series.course_id},
    )
    return participant


def _participant(actor, series):
    participant = Participant.objects.select_for_update().filter(series=series, user=actor).first()
    if participant is None or not participant.active:
        raise NotTakingPart()
    return participant


@transaction.atomic
def snooze(actor, series, *, rounds=0, until=None, today=None):
    """Skip the next `rounds` rounds, or every round before `until` (a date), or both;
    nothing of either wakes a snooze up."""
    if not permissions.can_take_part(actor, series):
        raise NotAllowed()
    participant = _participant(actor, series)
    today = today or timezone.now().date()
    _whole(rounds, _("how many rounds to skip"), 0, MAX_SNOOZE_ROUNDS)
    if until is not None:
        if not isinstance(until, date) or until <= today:
            raise InvalidInput(_("Choose a day after today."))
        if until > today + timedelta(days=366):
            raise InvalidInput(_("Snooze for at most a year; opt out to stop altogether."))
    participant.skip_rounds, participant.snoozed_until = rounds, until
    participant.save(update_fields=["skip_rounds", "snoozed_until", "updated_at"])
    return participant


@transaction.atomic
def leave_series(actor, series):
    """Opt out: no more rounds. Past chats and check-ins stay."""
    participant = _participant(actor, series)
    participant.active = False
    participant.skip_rounds, participant.snoozed_until = 0, None
    participant.save(update_fields=["active", "skip_rounds", "snoozed_until", "updated_at"])
    return participant


@transaction.atomic
def avoid(actor, other):
    """Add `other` to `actor`'s "don't pair me with" list (every series). `other` is not
    told and nothing else changes; a block does this and more."""
    if other is None or other.pk == actor.pk:
        raise InvalidInput(_("Choose someone else."))
    if Avoidance.objects.filter(person=actor).count() >= MAX_AVOIDANCES:
        raise InvalidInput(
            _("The list holds at most %(count)s people.") % {"count": MAX_AVOIDANCES}
        )
    avoidance, _created = Avoidance.objects.get_or_create(person=actor, other=other)
    return avoidance


@transaction.atomic
def stop_avoiding(actor, other):
    Avoidance.objects.filter(person=actor, other=other).delete()


def _eligible_ids(series, today):
    """(ids to pair, snoozed participants): active participants whose account is
    active and who may still take part (a course series: still in the course)."""
    participants = list(
        Participant.objects.filter(series=series, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    if series.course_id is not None:
        enrolled = set(
            Enrolment.objects.filter(course_id=series.course_id).values_list("user_id", flat=True)
        )
        participants = [p for p in participants if p.user_id in enrolled]
    snoozed = [p for p in participants if p.is_snoozed(today)]
    awake = [p.user_id for p in participants if not p.is_snoozed(today)]
    return awake, snoozed


def _icebreaker(rng):
    return rng.choice(ICEBREAKERS)


def pairing_channel(pairing_row, members):
    """The pairing's conversation: a direct chat of its members, owned by the pairing
    so that each round's pairs start afresh, with the icebreaker as its topic."""
    names = " & ".join(sorted(member.display_name for member in members))
    return lounge.ensure_owned_channel(
        pairing_row,
        Channel.Kind.DIRECT,
        name=f"Coffee: {names}"[:80],
        topic=f"Icebreaker: {pairing_row.icebreaker}"[:200],
        people=lambda: [(member, False) for member in members],
    )


def channel_of(pairing_row):
    return Channel.objects.owned_by(pairing_row, Channel.Kind.DIRECT).first()


@transaction.atomic
def run_round(actor, series, now=None):
    """Pair everyone taking part now (mentorship.coffee.pairing): each pair or trio gets
    a conversation with an icebreaker and times all are free, is told, and is written
    to the interaction log (`paired`). `actor` None: the round is due on the cadence."""
    now = now or timezone.now()
    series = _lock(series)
    if actor is not None and not permissions.can_organise(actor, series):
        raise NotAllowed()
    number = (series.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    ids, snoozed = _eligible_ids(series, now.date())
    window = facts.round_window(now)
    isolated = facts.isolated_ids(series, ids, now)
    shapes, free = facts.people(series, ids, window, isolated)
    rules = pairing.Rules(
        excluded=facts.excluded_pairs(series, ids, number), tandem=series.is_tandem
    )
    result = pairing.pair_round(shapes, rules)
    paired_ids = result.paired_ids
    the_round = Round.objects.create(
        series=series,
        number=number,
        ran_at=now,
        run_by=actor,
        participant_count=len(ids),
        isolated_count=len(isolated),
        isolated_paired=len(isolated & paired_ids),
        unpaired=[[user_id, reason] for user_id, reason in result.unpaired]
        + [[p.user_id, SNOOZED] for p in snoozed],
    )
    users = get_user_model().objects.select_related("profile").in_bulk(paired_ids)
    rng = random.Random(f"{series.pk}-{number}")
    told = []
    for group in result.groups:
        member_free = [free.get(user_id, []) for user_id in group]
        row = Pairing.objects.create(
            round=the_round,
            icebreaker=_icebreaker(rng),
            suggested_times=[at.isoformat() for at in facts.suggested_times(member_free, now)],
            overlap_minutes=facts.overlap_minutes(member_free),
        )
        members = [users[user_id] for user_id in group]
        Seat.objects.bulk_create(
            Seat(pairing=row, round=the_round, user=member, was_isolated=member.pk in isolated)
            for member in members
        )
        pairing_channel(row, members)
        for member in members:
            others = [other for other in members if other.pk != member.pk]
            interactions.record(member, others, interactions.Kind.PAIRED, target=row)
            told.append((member, others, row))
    _tell_paired(series, told, now)
    for participant in snoozed:
        if participant.skip_rounds:
            participant.skip_rounds -= 1
            participant.save(update_fields=["skip_rounds", "updated_at"])
    if actor is None:
        while series.next_round_at <= now:
            series.next_round_at += series.cadence
    else:
        series.next_round_at = now + series.cadence
    series.save(update_fields=["next_round_at"])
    return the_round


def _tell_paired(series, told, now):
    items = []
    for member, others, row in told:
        first = row.suggested_times[0] if row.suggested_times else now.isoformat()
        items.append(
            (
                member,
                "coffee_paired",
                {
                    "target": row,
                    "series": series.name,
                    "others": ", ".join(other.display_name for other in others),
                    "at": {"at": first},
                    "url": row.get_absolute_url(),
                },
            )
        )
    notify_many(items)


@transaction.atomic
def check_in(actor, pairing_row, met):
    """`actor` says whether their coffee chat happened. Saying "met" writes `met` to the
    interaction log with the others, once; the answer can be changed until the series'
    next-but-one round."""
    seat = (
        Seat.objects.select_for_update()
        .select_related("pairing__round__series")
        .filter(pairing=pairing_row, user=actor)
        .first()
    )
    if seat is None:
        raise NotAllowed(_("Only the people in this coffee chat can check in."))
    the_round = seat.pairing.round
    later = Round.objects.filter(series=the_round.series, number__gt=the_round.number + 1)
    if later.exists():
        raise CheckInClosed(_("This coffee chat is too long ago to check in."))
    answer = Seat.CheckIn.MET if met else Seat.CheckIn.MISSED
    already_met = Seat.objects.filter(pk=seat.pk, check_in=Seat.CheckIn.MET).exists()
    seat.check_in, seat.checked_in_at = answer, timezone.now()
    seat.save(update_fields=["check_in", "checked_in_at"])
    if met and not already_met:
        others = Seat.objects.filter(pairing=seat.pairing).exclude(user=actor)
        interactions.record(
            actor,
            list(others.values_list("user_id", flat=True)),
            interactions.Kind.MET,
            target=seat.pairing,
        )
    return seat


def ask_for_check_ins(now):
    """Periodic: rounds that ran CHECK_IN_AFTER ago ask their members who have not
    answered whether they met. Each round asks once."""
    due = Round.objects.filter(
        ran_at__lte=now - CHECK_IN_AFTER, check_in_asked_at__isnull=True
    ).select_related("series")
    for the_round in due.select_for_update(of=("self",)):
        seats = Seat.objects.filter(round=the_round, check_in="").select_related("pairing")
        notify_many(
            [
                (
                    seat.user,
                    "coffee_check_in",
                    {
                        "target": seat.pairing,
                        "series": the_round.series.name,
                        "url": seat.pairing.get_absolute_url(),
                    },
                )
                for seat in seats.select_related("user")
            ]
        )
        the_round.check_in_asked_at = now
        the_round.save(update_fields=["check_in_asked_at"])


def run_due_rounds(now):
    """Periodic: every series not paused whose next round is due runs it, each in its
    own savepoint: one that fails is logged and left due (the next tick tries it
    again) while the others' rounds stand."""
    due = Series.objects.filter(paused=False, next_round_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        try:
            with transaction.atomic():
                series = _lock(Series(pk=pk))
                if series.paused or series.next_round_at > now:
                    continue
                run_round(None, series, now)
        except Exception:
            logger.exception("Coffee round of series %s failed; it stays due", pk)
    ask_for_check_ins(now)
