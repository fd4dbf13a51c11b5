"""Every write to meetups: calling, editing, cancelling, skipping a date, answering,
the waitlist, checking in and kudos. Views, the admin, tasks and the demo call these.

Seats: every answer to an occurrence takes a lock on the meetup's row, so answers to one
meetup queue and each sees the seats the one before it left; the occurrence's check
constraint (going_count <= capacity) refuses an overfull date should anything slip by."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import interactions
from accounts import moderation as site
from accounts.actions import notify_many
from accounts.interactions import Kind as InteractionKind
from accounts.timezones import is_valid_time_zone

from . import permissions, realtime, recurrence
from .errors import (
    CannotMeetHere,
    InvalidMeetup,
    MeetupCancelled,
    NoSuchOccurrence,
    NotAttendee,
    NotOrganiser,
    OccurrenceNotOver,
    OccurrenceOver,
    OccurrenceSkipped,
)
from .models import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MAX_KUDOS_LENGTH,
    MIN_CAPACITY,
    MIN_DURATION_MINUTES,
    CalendarFeed,
    Kudos,
    Meetup,
    Occurrence,
    Rsvp,
)

# How far ahead a recurring meetup may be planned.
MAX_REPEAT = timedelta(days=366)
# Whom a change to a date concerns: everyone who answered other than "can't".
CONCERNED = [Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.WAITLISTED]
FIELDS = [
    "title",
    "description",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "recurrence",
    "repeat_until",
    "capacity",
    "where",
    "call_url",
    "place",
]


def _lock(meetup):
    return Meetup.objects.select_for_update().select_related("channel").get(pk=meetup.pk)


def _check(details):
    """The verbs' own guard on what a form already checked (the admin and the demo
    call verbs too): a clean refusal instead of a database error."""
    if not details["title"].strip():
        raise InvalidMeetup(_("Give the meetup a title."))
    if not MIN_DURATION_MINUTES <= details["duration_minutes"] <= MAX_DURATION_MINUTES:
        raise InvalidMeetup(_("A meetup lasts from 15 minutes to 12 hours."))
    capacity = details.get("capacity")
    if capacity is not None and not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise InvalidMeetup(
            _("Seats run from %(min)s to %(max)s.") % {"min": MIN_CAPACITY, "max": MAX_CAPACITY}
        )
    if not is_valid_time_zone(details["time_zone"]):
        raise InvalidMeetup(_("That is not a time zone."))
    if details["where"] == Meetup.Where.LINK and not details.get("call_url"):
        raise InvalidMeetup(_("Give the call link."))
    if details["where"] == Meetup.Where.PLACE and not details.get("place", "").strip():
        raise InvalidMeetup(_("Say where to meet."))
    if details["recurrence"] != Meetup.Recurrence.NONE:
        until = details.get("repeat_until")
        first_day = recurrence.local_date(details["starts_at"], details["time_zone"])
        if until is None or until < first_day:
            raise InvalidMeetup(_("A repeating meetup needs a last date on or after the first."))
        if until - first_day > MAX_REPEAT:
            raise InvalidMeetup(_("Plan a repeating meetup at most a year ahead."))
    else:
        details["repeat_until"] = None


@transaction.atomic
def create_meetup(actor, channel, **details):
    """Call a meetup in `channel`. `details`: FIELDS (starts_at aware, in the future)."""
    if not permissions.can_create_meetup(actor, channel):
        raise CannotMeetHere()
    now = timezone.now()
    _check(details)
    if details["starts_at"] <= now:
        raise InvalidMeetup(_("Choose a start in the future."))
    meetup = Meetup(channel=channel, organiser=actor, **details)
    _set_last_start(meetup)
    meetup.save()
    return meetup


def _set_last_start(meetup):
    meetup.last_starts_at = recurrence.last_start(
        meetup.starts_at, meetup.time_zone, meetup.recurrence, meetup.repeat_until
    )


@transaction.atomic
def update_meetup(actor, meetup, *, reason="", **details):
    """Change a meetup. Dates already planned keep their answers and move with it; those
    concerned are told when its time or place changes. Fewer seats than people already
    going to some date is refused; more seats go to that date's waitlist first."""
    meetup = _lock(meetup)
    _require_manager(actor, meetup, reason, "edit_meetup")
    if meetup.is_cancelled:
        raise MeetupCancelled()
    _check(details)
    moved = any(
        getattr(meetup, name) != details[name]
        for name in ("starts_at", "time_zone", "duration_minutes", "recurrence")
    )
    relocated = any(
        getattr(meetup, name) != details[name] for name in ("where", "call_url", "place")
    )
    for name, value in details.items():
        setattr(meetup, name, value)
    _set_last_start(meetup)
    capacity = meetup.capacity
    planned = list(meetup.occurrences.select_for_update())
    too_full = [o for o in planned if capacity is not None and o.going_count > capacity]
    if too_full:
        raise InvalidMeetup(
            ngettext(
                "%(count)s person is already going on one date: keep at least that many seats.",
                "%(count)s people are already going on one date: keep at least that many seats.",
                too_full[0].going_count,
            )
            % {"count": too_full[0].going_count}
        )
    meetup.save()
    now = timezone.now()
    # Dates that took place keep what was recorded of them (answers, check-ins).
    upcoming = [o for o in planned if o.ends_at > now]
    dropped = [o for o in upcoming if not recurrence.has_index(meetup, o.index)]
    for occurrence in upcoming:
        if occurrence in dropped:
            # An earlier last date, or no repeat any more: those dates are called off.
            occurrence.skipped_at = occurrence.skipped_at or now
        elif moved:
            when = recurrence.when(meetup, occurrence.index)
            occurrence.starts_at, occurrence.ends_at = when.starts_at, when.ends_at
            # A date that moved is reminded again at its new time.
            occurrence.reminded_day_before_at = occurrence.reminded_soon_at = None
        occurrence.capacity = capacity
        occurrence.save()
        _fill_from_waitlist(meetup, occurrence)
    _tell_concerned(
        meetup, [o for o in dropped if o.skipped_at == now], "meetup_skipped", actor=actor
    )
    if moved or relocated:
        kept = [o for o in upcoming if o not in dropped and not o.is_skipped]
        _tell_concerned(meetup, kept, "meetup_changed", actor=actor)
    return meetup


def _require_manager(actor, meetup, reason, action):
    """Organisers manage their meetups; a channel moderator managing someone else's
    gives a reason, recorded in the audit log."""
    if not permissions.can_manage_meetup(actor, meetup):
        raise NotOrganiser()
    if permissions.manages_as_moderator(actor, meetup):
        site.record_action(
            actor, action, reason=reason, target_user=meetup.organiser, target=meetup
        )


@transaction.atomic
def cancel_meetup(actor, meetup, *, reason=""):
    """Cancel every date still to come; whoever answered going, maybe or waitlisted for
    one of them is told."""
    meetup = _lock(meetup)
    _require_manager(actor, meetup, reason, "cancel_meetup")
    if meetup.is_cancelled:
        raise MeetupCancelled(_("This meetup is already cancelled."))
    now = timezone.now()
    meetup.cancelled_at, meetup.cancelled_by = now, actor
    meetup.cancel_reason = reason.strip()[:500]
    meetup.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "updated_at"])
    upcoming = list(meetup.occurrences.filter(ends_at__gt=now, skipped_at__isnull=True))
    _tell_concerned(meetup, upcoming, "meetup_cancelled", actor=actor)
    return meetup


def _upcoming_occurrence(meetup, index, *, now, lock=True):
    """The row of date `index` (made if it has none yet), refused when the meetup was
    cancelled, the date does not exist, was skipped or is over. Caller holds the
    meetup's lock."""
    if meetup.is_cancelled:
        raise MeetupCancelled()
    if not recurrence.has_index(meetup, index):
        raise NoSuchOccurrence()
    occurrence = _occurrence_row(meetup, index)
    if occurrence.is_skipped:
        raise OccurrenceSkipped()
    if occurrence.ends_at <= now:
        raise OccurrenceOver()
    return occurrence


def _occurrence_row(meetup, index):
    when = recurrence.when(meetup, index)
    occurrence, _created = Occurrence.objects.get_or_create(
        meetup=meetup,
        index=index,
        defaults={
            "starts_at": when.starts_at,
            "ends_at": when.ends_at,
            "capacity": meetup.capacity,
        },
    )
    return occurrence


@transaction.atomic
def skip_occurrence(actor, meetup, index, *, reason=""):
    """Call off one date of a repeating meetup; the rest stay. Those concerned are told."""
    meetup = _lock(meetup)
    _require_manager(actor, meetup, reason, "skip_meetup_date")
    occurrence = _upcoming_occurrence(meetup, index, now=timezone.now())
    occurrence.skipped_at = timezone.now()
    occurrence.save(update_fields=["skipped_at"])
    _tell_concerned(meetup, [occurrence], "meetup_skipped", actor=actor)
    return occurrence


@transaction.atomic
def respond(actor, meetup, index, status):
    """Answer for one date: going, maybe or can't. Going to a full date puts you on its
    waitlist; leaving a seat gives it to the first person waiting, who is told.
    Returns the RSVP."""
    if status not in {Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.CANT}:
        raise InvalidMeetup(_("Answer going, maybe or can't go."))
    meetup = _lock(meetup)
    if not permissions.can_rsvp(actor, meetup):
        if permissions.can_see_meetup(actor, meetup) and meetup.is_cancelled:
            raise MeetupCancelled()
        raise CannotMeetHere(_("You cannot answer for this meetup."))
    now = timezone.now()
    occurrence = _upcoming_occurrence(meetup, index, now=now)
    rsvp = Rsvp.objects.filter(occurrence=occurrence, user=actor).first()
    was_going = rsvp is not None and rsvp.status == Rsvp.Status.GOING
    if rsvp is None:
        rsvp = Rsvp(occurrence=occurrence, user=actor)
    if status == Rsvp.Status.GOING and not was_going:
        if rsvp.status == Rsvp.Status.WAITLISTED:
            return rsvp  # already waiting: keep their place in the line
        if occurrence.capacity is not None and occurrence.going_count >= occurrence.capacity:
            status = Rsvp.Status.WAITLISTED
            rsvp.waitlisted_at = now
        else:
            _take_seat(occurrence)
    elif was_going and status != Rsvp.Status.GOING:
        _free_seat(occurrence)
    if status != Rsvp.Status.WAITLISTED:
        rsvp.waitlisted_at = None
    rsvp.status, rsvp.responded_at = status, now
    rsvp.save()
    if was_going and status != Rsvp.Status.GOING:
        _fill_from_waitlist(meetup, occurrence)
    realtime.occurrence_changed(meetup, occurrence)
    return rsvp


def _take_seat(occurrence):
    Occurrence.objects.filter(pk=occurrence.pk).update(going_count=F("going_count") + 1)
    occurrence.going_count += 1


def _free_seat(occurrence):
    Occurrence.objects.filter(pk=occurrence.pk).update(going_count=F("going_count") - 1)
    occurrence.going_count -= 1


def _fill_from_waitlist(meetup, occurrence):
    """Give free seats of `occurrence` to the people waiting longest, and tell them."""
    promoted = []
    while occurrence.capacity is None or occurrence.going_count < occurrence.capacity:
        waiting = (
            occurrence.rsvps.select_for_update()
            .filter(status=Rsvp.Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .select_related("user")
            .first()
        )
        if waiting is None:
            break
        waiting.status, waiting.waitlisted_at = Rsvp.Status.GOING, None
        waiting.save(update_fields=["status", "waitlisted_at"])
        _take_seat(occurrence)
        promoted.append(waiting.user)
    if promoted:
        notify_many(
            [(person, "meetup_promoted", _notice(meetup, occurrence)) for person in promoted]
        )
    return promoted


def _notice(meetup, occurrence, actor=None):
    return {
        "actor": actor,
        "target": meetup,
        "scope": meetup.channel,
        "meetup": meetup.title,
        "at": {"at": occurrence.starts_at.isoformat()},
        "url": f"{meetup.get_absolute_url()}?date={occurrence.index}",
    }


def _tell_concerned(meetup, occurrences, kind, *, actor):
    if not occurrences:
        return
    rsvps = (
        Rsvp.objects.filter(occurrence__in=occurrences, status__in=CONCERNED)
        .exclude(user=actor)
        .select_related("user", "occurrence")
        .order_by("occurrence__starts_at")
    )
    told = {}
    for rsvp in rsvps:
        told.setdefault(rsvp.user_id, (rsvp.user, rsvp.occurrence))  # their next date
    notify_many(
        [(person, kind, _notice(meetup, occurrence, actor)) for person, occurrence in told.values()]
    )


def _attended_occurrence(actor, meetup, index, *, now):
    """The row of a date that has begun, and the actor's RSVP saying they were going."""
    if not permissions.can_see_meetup(actor, meetup):
        raise CannotMeetHere(_("You cannot answer for this meetup."))
    occurrence = Occurrence.objects.filter(meetup=meetup, index=index).first()
    if occurrence is None:
        raise NotAttendee()
    if occurrence.starts_at > now:
        raise OccurrenceNotOver()
    rsvp = Rsvp.objects.filter(occurrence=occurrence, user=actor, status=Rsvp.Status.GOING).first()
    if rsvp is None or occurrence.is_skipped:
        raise NotAttendee()
    return occurrence, rsvp


@transaction.atomic
def check_in(actor, meetup, index, *, met):
    """Say whether a date you were going to happened. "We met" writes the meeting into
    the peer-interaction log with everyone else who says so."""
    now = timezone.now()
    occurrence, rsvp = _attended_occurrence(actor, meetup, index, now=now)
    first_time = rsvp.check_in != Rsvp.CheckIn.MET
    rsvp.check_in = Rsvp.CheckIn.MET if met else Rsvp.CheckIn.DID_NOT_HAPPEN
    rsvp.checked_in_at = now
    rsvp.save(update_fields=["check_in", "checked_in_at"])
    if met and first_time:
        others = occurrence.rsvps.filter(check_in=Rsvp.CheckIn.MET).exclude(user=actor)
        other_ids = list(others.values_list("user_id", flat=True))
        interactions.record(actor, other_ids, InteractionKind.MET, meetup)
        # The log is one row per direction: each person who met them gets theirs too.
        for other in others.select_related("user"):
            interactions.record(other.user, [actor.pk], InteractionKind.MET, meetup)
    return rsvp


@transaction.atomic
def give_kudos(actor, meetup, index, receiver, message):
    """A short private thank-you to someone who was going to the same date."""
    message = (message or "").replace("\x00", "").strip()
    if not message:
        raise InvalidMeetup(_("Write a few words of thanks."))
    if len(message) > MAX_KUDOS_LENGTH:
        raise InvalidMeetup(
            _("Keep kudos under %(limit)s characters.") % {"limit": MAX_KUDOS_LENGTH}
        )
    now = timezone.now()
    occurrence, _rsvp = _attended_occurrence(actor, meetup, index, now=now)
    if receiver is None or receiver.pk == actor.pk:
        raise InvalidMeetup(_("Choose someone else who was there."))
    if not occurrence.rsvps.filter(user=receiver, status=Rsvp.Status.GOING).exists():
        raise NotAttendee(_("Kudos go to someone who was going to the same meetup."))
    if Kudos.objects.filter(occurrence=occurrence, giver=actor, receiver=receiver).exists():
        raise InvalidMeetup(_("You already thanked them for this meetup."))
    kudos = Kudos.objects.create(
        occurrence=occurrence, giver=actor, receiver=receiver, message=message
    )
    notify_many(
        [
            (
                receiver,
                "kudos",
                {**_notice(meetup, occurrence, actor), "message": message},
            )
        ]
    )
    interactions.record(actor, [receiver.pk], InteractionKind.THANKED, meetup)
    return kudos


@transaction.atomic
def send_reminders(now):
    """The periodic job: remind those going or maybe of dates starting within a day and
    within 15 minutes, once each. Each person's notification settings (and quiet
    hours, for email) decide how it reaches them."""
    sent = 0
    # The 15-minute reminder first: a date that is that close gets no day-before one.
    for field, window, also in (
        ("reminded_soon_at", timedelta(minutes=15), ["reminded_day_before_at"]),
        ("reminded_day_before_at", timedelta(hours=24), []),
    ):
        due = list(
            Occurrence.objects.select_for_update(skip_locked=True)
            .filter(
                starts_at__gt=now,
                starts_at__lte=now + window,
                skipped_at__isnull=True,
                meetup__cancelled_at__isnull=True,
                **{f"{field}__isnull": True},
            )
            .select_related("meetup__channel")
        )
        if not due:
            continue
        Occurrence.objects.filter(pk__in=[o.pk for o in due]).update(
            **dict.fromkeys([field, *also], now)
        )
        rsvps = Rsvp.objects.filter(
            occurrence__in=due, status__in=[Rsvp.Status.GOING, Rsvp.Status.MAYBE]
        ).select_related("user")
        by_occurrence = {o.pk: o for o in due}
        items = [
            (
                rsvp.user,
                "meetup_reminder",
                _notice(
                    by_occurrence[rsvp.occurrence_id].meetup, by_occurrence[rsvp.occurrence_id]
                ),
            )
            for rsvp in rsvps
        ]
        sent += len(notify_many(items))
    return sent + _ask_how_it_went(now)


# A date that ended longer ago than this (the worker was down) is not asked about.
ASK_WITHIN = timedelta(days=2)


def _ask_how_it_went(now):
    """Once a date has ended, those who were going are asked whether it happened."""
    ended = list(
        Occurrence.objects.select_for_update(skip_locked=True)
        .filter(
            ends_at__lte=now,
            ends_at__gt=now - ASK_WITHIN,
            skipped_at__isnull=True,
            meetup__cancelled_at__isnull=True,
            asked_how_it_went_at__isnull=True,
        )
        .select_related("meetup__channel")
    )
    if not ended:
        return 0
    Occurrence.objects.filter(pk__in=[o.pk for o in ended]).update(asked_how_it_went_at=now)
    by_occurrence = {o.pk: o for o in ended}
    going = Rsvp.objects.filter(
        occurrence__in=ended, status=Rsvp.Status.GOING, check_in=""
    ).select_related("user")
    items = [
        (
            rsvp.user,
            "meetup_check_in",
            _notice(by_occurrence[rsvp.occurrence_id].meetup, by_occurrence[rsvp.occurrence_id]),
        )
        for rsvp in going
    ]
    return len(notify_many(items))


@transaction.atomic
def replace_calendar_feed(actor, *, revoke=False):
    """Give `actor` a new secret calendar address (the old one stops working), or turn
    it off. Returns the feed, or None when revoked."""
    CalendarFeed.objects.filter(user=actor).delete()
    if revoke:
        return None
    return CalendarFeed.objects.create(user=actor)
