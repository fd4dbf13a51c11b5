"""Coffee chats: a series of rounds on a cadence (community-wide or for one course), the
people who opt in, each round and the pairs (or one trio) it made, with each member's
check-in. The pairing maths is plain data in `mentorship.coffee.pairing`; the verbs in
`mentorship.coffee.actions` read these rows into it and write its result back."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course

MAX_NAME_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 1000
MAX_SNOOZE_ROUNDS = 12
MIN_NO_REPEAT_ROUNDS = 0
MAX_NO_REPEAT_ROUNDS = 52
MIN_ISOLATED_DAYS = 1
MAX_ISOLATED_DAYS = 90


class Series(models.Model):
    """Rounds of coffee chats, for everyone (no course) or for one course's people."""

    class Cadence(models.IntegerChoices):
        WEEKLY = 7, _("Every week")
        FORTNIGHTLY = 14, _("Every two weeks")

    class Mode(models.TextChoices):
        ANYONE = "anyone", _("Anyone who shares free time")
        TANDEM = "tandem", _("Language tandem: a learner with a speaker")

    name = models.CharField(max_length=MAX_NAME_LENGTH)
    description = models.TextField(max_length=MAX_DESCRIPTION_LENGTH, blank=True)
    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coffee_series",
        help_text=_("Empty: community-wide."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coffee_series_organised"
    )
    cadence_days = models.PositiveSmallIntegerField(choices=Cadence, default=Cadence.WEEKLY)
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.ANYONE)
    no_repeat_rounds = models.PositiveSmallIntegerField(
        default=6, help_text=_("Two people are not paired again within this many rounds.")
    )
    isolated_days = models.PositiveSmallIntegerField(
        default=14,
        help_text=_("Someone with no peer interaction for this many days is paired first."),
    )
    next_round_at = models.DateTimeField(help_text=_("When the next round runs by itself (UTC)."))
    paused = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "series"
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_days__in=[7, 14]), name="coffee_series_cadence"
            ),
            models.CheckConstraint(
                condition=Q(no_repeat_rounds__lte=MAX_NO_REPEAT_ROUNDS),
                name="coffee_series_no_repeat_range",
            ),
            models.CheckConstraint(
                condition=Q(isolated_days__gte=MIN_ISOLATED_DAYS)
                & Q(isolated_days__lte=MAX_ISOLATED_DAYS),
                name="coffee_series_isolated_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coffee:series", args=[self.pk])

    @property
    def cadence(self):
        return timedelta(days=self.cadence_days)

    @property
    def is_tandem(self):
        return self.mode == self.Mode.TANDEM


class Participant(models.Model):
    """Someone who opted in to a series. Opting out keeps the row (and its history)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coffee_participations"
    )
    active = models.BooleanField(default=True)
    # Snoozing: skip the next N rounds, or every round before a date (either or both).
    skip_rounds = models.PositiveSmallIntegerField(default=0)
    snoozed_until = models.DateField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["series", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["series", "user"], name="coffee_participant_once"),
            models.CheckConstraint(
                condition=Q(skip_rounds__lte=MAX_SNOOZE_ROUNDS), name="coffee_skip_rounds_range"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.series}"

    def is_snoozed(self, today=None):
        today = today or timezone.now().date()
        return self.skip_rounds > 0 or (
            self.snoozed_until is not None and self.snoozed_until > today
        )


class Avoidance(models.Model):
    """ "Don't pair me with": `person` is never paired with `other` in any series. Not
    a block: nothing else changes and `other` is not told."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coffee_avoidances"
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="coffee_avoid_once"),
            models.CheckConstraint(condition=~Q(person=F("other")), name="coffee_avoid_not_self"),
        ]

    def __str__(self):
        return f"{self.person} is not paired with {self.other}"


class Round(models.Model):
    """One round of a series: who took part, who was left out and why, and how it went."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    ran_at = models.DateTimeField(default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: ran by itself on the cadence."),
    )
    participant_count = models.PositiveIntegerField(default=0)
    isolated_count = models.PositiveIntegerField(default=0)
    isolated_paired = models.PositiveIntegerField(default=0)
    # [[user id, reason code], …] for those who took part and were not paired
    # (mentorship.coffee.pairing.REASONS), and [[user id, "snoozed"], …] for the snoozing.
    unpaired = models.JSONField(default=list)
    check_in_asked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["series", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="coffee_round_number_once")
        ]

    def __str__(self):
        return f"Round {self.number} of {self.series}"

    def get_absolute_url(self):
        return reverse("coffee:round", args=[self.series_id, self.number])


class Pairing(models.Model):
    """Two people (three when a round had an odd one out) to meet for a coffee chat,
    with their conversation, an icebreaker and times all of them are free."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pairings")
    icebreaker = models.CharField(max_length=200)
    # UTC ISO times, the start of an hour all members are free, in the week after the
    # round; each page shows them in its viewer's zone.
    suggested_times = models.JSONField(default=list)
    overlap_minutes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]

    def __str__(self):
        return f"Coffee chat {self.pk} in {self.round}"

    def get_absolute_url(self):
        return reverse("coffee:pairing", args=[self.pk])


class Seat(models.Model):
    """One member of a pairing, and what they said afterwards."""

    class CheckIn(models.TextChoices):
        MET = "met", _("We met")
        MISSED = "missed", _("We didn't meet")

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="seats")
    # The pairing's round again, so that the database itself keeps one seat per person
    # per round.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coffee_seats"
    )
    was_isolated = models.BooleanField(default=False)
    check_in = models.CharField(max_length=6, choices=CheckIn, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pairing", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="coffee_seat_once_per_round"),
        ]
        indexes = [models.Index(fields=["user", "pairing"])]

    def __str__(self):
        return f"{self.user} in {self.pairing}"
