"""A live session of a course or a study group: a lobby where people gather, and rounds
of breakout rooms. Each round's rooms are set up (before the session starts or while it
runs), opened with an optional timer, and closed (by the host, or when the timer runs
out), which returns everyone to the lobby. A room keeps its chat (a lounge channel of
kind BREAKOUT, found through `Channel.objects.owned_by`) and its board
(`groups.boards.models.Board.room`) after it closes: the session's artefacts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Course, Grouping
from groups.models import StudyGroup

MAX_TITLE_LENGTH = 120
MAX_ROOMS = 50
MAX_ROOM_NAME_LENGTH = 60
MAX_ROUND_MINUTES = 180
MAX_BROADCAST_LENGTH = 500


class LiveSessionQuerySet(models.QuerySet):
    def for_owner(self, owner):
        if isinstance(owner, Course):
            return self.filter(course=owner)
        return self.filter(group=owner)


class LiveSession(models.Model):
    class Status(models.TextChoices):
        PREPARED = "prepared", pgettext_lazy("session status", "Prepared")
        LIVE = "live", pgettext_lazy("session status", "Live")
        ENDED = "ended", pgettext_lazy("session status", "Ended")

    class Mode(models.TextChoices):
        RANDOM = "random", _("Random")
        ZONE = "zone", _("Balanced: nearby time zones together")
        LANGUAGE = "language", _("Balanced: a shared language in each room")
        MIXED = "mixed", _("Balanced: each room mixes zones and languages")
        MANUAL = "manual", _("Manual: the host places people")
        CHOOSE = "choose", _("People choose a room (with a cap)")
        GROUPING = "grouping", _("A saved grouping of the course")

    # The owner: exactly one of a course and a study group.
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="live_sessions"
    )
    group = models.ForeignKey(
        StudyGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="live_sessions"
    )
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    # Video stays outside Commons: an http(s) link to the call, shown in the lobby.
    call_link = models.URLField(max_length=500, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status, default=Status.PREPARED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The current round of rooms (0: none set up yet) and how it places people.
    round = models.PositiveSmallIntegerField(default=0)
    mode = models.CharField(max_length=8, choices=Mode, default=Mode.RANDOM)
    room_cap = models.PositiveSmallIntegerField(null=True, blank=True)
    grouping = models.ForeignKey(
        Grouping, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # While the current round's rooms are open: since when, and until when (no timer:
    # None). `warned_at` records that the one-minute warning went out.
    rooms_opened_at = models.DateTimeField(null=True, blank=True)
    rooms_close_at = models.DateTimeField(null=True, blank=True)
    rooms_open = models.BooleanField(default=False)
    warned_at = models.DateTimeField(null=True, blank=True)
    # The host's latest message to every room, shown until the next one.
    announcement = models.CharField(max_length=MAX_BROADCAST_LENGTH, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(course__isnull=False) & Q(group__isnull=True))
                | (Q(course__isnull=True) & Q(group__isnull=False)),
                name="live_session_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(rooms_open=False) | Q(status="live"),
                name="live_session_rooms_open_only_live",
            ),
        ]
        indexes = [models.Index(fields=["rooms_open", "rooms_close_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("live:lobby", args=[self.pk])

    @property
    def owner(self):
        return self.course if self.course_id else self.group

    @property
    def is_live(self):
        return self.status == self.Status.LIVE

    @property
    def is_ended(self):
        return self.status == self.Status.ENDED


class Room(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="rooms")
    round = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=MAX_ROOM_NAME_LENGTH)
    # A TA or a student who manages this room only.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "round", "number"], name="live_room_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.session})"

    def get_absolute_url(self):
        return reverse("live:room", args=[self.pk])


class Seat(models.Model):
    """A person's place in one round: `round` repeats the room's so that the database
    keeps anyone from being in two rooms of a round."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="seats")
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["room", "placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "round", "user"], name="live_one_room_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.room}"


class Participant(models.Model):
    """Someone who came to the session's lobby. `sockets` counts their open session
    sockets (pages); `seen_at` is refreshed by their heartbeats, so a crashed browser
    stops counting as here."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)
    sockets = models.PositiveSmallIntegerField(default=0)
    seen_at = models.DateTimeField(null=True, blank=True)
    # "Ask for help": in the host's queue since then, from that room.
    help_asked_at = models.DateTimeField(null=True, blank=True)
    help_room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="live_participant_unique"),
        ]

    def __str__(self):
        return f"{self.user} at {self.session}"
