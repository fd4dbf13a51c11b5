"""Meetups: a time to meet, attached to a channel (a social channel, a course's, a study
group's or a conversation). Whoever may read the channel sees the meetup.

A meetup's first start is stored in UTC with the organiser's zone; a recurring one
recurs at the same wall-clock time in that zone (19:00 Madrid stays 19:00 Madrid across
DST), so each occurrence's UTC start is worked out from the rule (meetups.recurrence).
An occurrence gets a row of its own only once something happens to it (an RSVP, a skip,
a reminder): that row holds its seats, its going count and the RSVPs."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lounge.models import Channel

MAX_TITLE_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 5000
MIN_DURATION_MINUTES = 15
MAX_DURATION_MINUTES = 12 * 60
MIN_CAPACITY = 2
MAX_CAPACITY = 500
MAX_KUDOS_LENGTH = 280


class MeetupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)


class Meetup(models.Model):
    class Recurrence(models.TextChoices):
        NONE = "none", _("Does not repeat")
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")

    class Where(models.TextChoices):
        LOUNGE = "lounge", _("Here in the lounge")
        LINK = "link", _("A call link")
        PLACE = "place", _("Somewhere else")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="meetups")
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organised_meetups"
    )
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    description = models.TextField(max_length=MAX_DESCRIPTION_LENGTH, blank=True)
    # The first occurrence, in UTC; with time_zone it fixes every occurrence's wall clock.
    starts_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64)
    duration_minutes = models.PositiveSmallIntegerField()
    recurrence = models.CharField(max_length=12, choices=Recurrence, default=Recurrence.NONE)
    # The last day (in time_zone) an occurrence may start on; required for a recurrence.
    repeat_until = models.DateField(null=True, blank=True)
    # The last occurrence's start (the first's for a one-off), kept by the verbs so that
    # "upcoming" and "past" are one indexed comparison.
    last_starts_at = models.DateTimeField()
    # Seats per occurrence; None: as many as come.
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    where = models.CharField(max_length=8, choices=Where, default=Where.LOUNGE)
    call_url = models.URLField(max_length=500, blank=True)
    place = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=500, blank=True)

    objects = MeetupQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["channel", "starts_at"]),
            models.Index(fields=["last_starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION_MINUTES)
                & Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="meetup_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True)
                | (Q(capacity__gte=MIN_CAPACITY) & Q(capacity__lte=MAX_CAPACITY)),
                name="meetup_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(recurrence="none") | Q(repeat_until__isnull=False),
                name="meetup_recurrence_has_end",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetups:detail", args=[self.pk])

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def repeats(self):
        return self.recurrence != self.Recurrence.NONE


class Occurrence(models.Model):
    """One date of a meetup, kept once something happened to it. `index` counts
    occurrences from the first (0); its start is the rule's, stored for queries
    (reminders, "happening now") and rewritten when the organiser moves the meetup."""

    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="occurrences")
    index = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The meetup's seats, copied here so that the database itself can refuse an
    # overfull occurrence (a check constraint sees only its own row).
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    going_count = models.PositiveIntegerField(default=0)
    skipped_at = models.DateTimeField(null=True, blank=True)
    reminded_day_before_at = models.DateTimeField(null=True, blank=True)
    reminded_soon_at = models.DateTimeField(null=True, blank=True)
    # When those going were asked whether it happened (once, after it ended).
    asked_how_it_went_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.UniqueConstraint(fields=["meetup", "index"], name="occurrence_unique_index"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(going_count__lte=F("capacity")),
                name="occurrence_not_overfull",
            ),
        ]

    def __str__(self):
        return f"{self.meetup} #{self.index + 1}"

    @property
    def is_skipped(self):
        return self.skipped_at is not None


class Rsvp(models.Model):
    class Status(models.TextChoices):
        GOING = "going", pgettext_lazy("answer", "Going")
        MAYBE = "maybe", pgettext_lazy("answer", "Maybe")
        CANT = "cant", pgettext_lazy("answer", "Can't go")
        WAITLISTED = "waitlisted", _("On the waitlist")

    class CheckIn(models.TextChoices):
        MET = "met", _("We met")
        DID_NOT_HAPPEN = "did_not_happen", _("It didn't happen")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_rsvps"
    )
    status = models.CharField(max_length=12, choices=Status)
    responded_at = models.DateTimeField()
    # The waitlist is served in this order: when the person asked for a seat.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    check_in = models.CharField(max_length=16, choices=CheckIn, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["responded_at"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "user"], name="rsvp_one_per_person"),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} {self.status} for {self.occurrence}"


class Kudos(models.Model):
    """A short private thank-you from one attendee of an occurrence to another."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="kudos")
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_given"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_received"
    )
    message = models.CharField(max_length=MAX_KUDOS_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = _("kudos")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "giver", "receiver"], name="kudos_once_per_pair"
            ),
            models.CheckConstraint(condition=~Q(giver=F("receiver")), name="kudos_not_to_self"),
        ]

    def __str__(self):
        return f"{self.giver} to {self.receiver}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address: anyone holding the token reads their
    upcoming meetups and study-group meetings, so it can be replaced at any time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"calendar of {self.user}"
