"""Mentorship: programmes with a cycle, the people who opt in as mentors or mentees,
requests from a mentee to a mentor, matching rounds run by the organiser, and the pairs
they all end in, each with its private chat and a checklist of goals.

Matching itself is plain maths over plain data (mentorship.matching); the verbs in
mentorship.actions read these rows into it and write its result back."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Interest, Language
from courses.models import Course

MAX_NAME_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 2000
MAX_NOTE_LENGTH = 500
MAX_GOALS_LENGTH = 1000
MAX_MESSAGE_LENGTH = 1000
MAX_GOAL_LENGTH = 200
MAX_GOALS_PER_PAIR = 20
MIN_CAPACITY = 1
MAX_CAPACITY = 5
MAX_ZONE_HOURS = 12
MAX_TOPICS = 10
MAX_CHECK_IN_LENGTH = 280
MAX_FEEDBACK_LENGTH = 2000
MIN_RATING, MAX_RATING = 1, 5
MAX_PROGRAMME_DAYS = 60


class Programme(models.Model):
    """A cycle of mentoring, for everyone (no course) or for one course's people."""

    class MentorRule(models.TextChoices):
        APPROVED = "approved", _("Anyone who opts in, once the organiser approves")
        ENROLLED = "enrolled", _("Anyone enrolled in the course, approved on opting in")

    name = models.CharField(max_length=MAX_NAME_LENGTH)
    description = models.TextField(max_length=MAX_DESCRIPTION_LENGTH, blank=True)
    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentorship_programmes",
        help_text=_("Empty: community-wide."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programmes_organised"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    mentor_rule = models.CharField(max_length=10, choices=MentorRule, default=MentorRule.APPROVED)
    # "Optionally not paired before": a new cycle can insist on new faces.
    avoid_repeat_pairs = models.BooleanField(default=False)
    # A request left unanswered: the mentor is reminded after `nudge_after_days`, and it
    # expires after `expire_after_days` (the mentee is offered the next-best mentors).
    nudge_after_days = models.PositiveSmallIntegerField(default=3)
    expire_after_days = models.PositiveSmallIntegerField(default=7)
    # Each active pair is asked "how is it going?" this often.
    check_in_every_days = models.PositiveSmallIntegerField(default=14)
    # Set by the job that closes the cycle after `ends_on`: pairs completed, requests
    # expired, everyone asked for feedback. Closing twice does nothing.
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="programme_cycle_order"
            ),
            models.CheckConstraint(
                condition=Q(mentor_rule="approved") | Q(course__isnull=False),
                name="programme_enrolled_rule_has_course",
            ),
            models.CheckConstraint(
                condition=Q(nudge_after_days__gte=1)
                & Q(expire_after_days__gt=F("nudge_after_days"))
                & Q(expire_after_days__lte=MAX_PROGRAMME_DAYS),
                name="programme_request_days_order",
            ),
            models.CheckConstraint(
                condition=Q(check_in_every_days__gte=1)
                & Q(check_in_every_days__lte=MAX_PROGRAMME_DAYS),
                name="programme_check_in_days_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentorship:programme", args=[self.pk])


class MentorProfile(models.Model):
    """Someone offering to mentor in a programme. Their free time is their weekly
    availability (accounts), read when matching."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profiles"
    )
    topics = models.ManyToManyField(Interest, blank=True, related_name="+")
    languages = models.ManyToManyField(Language, blank=True, related_name="+")
    capacity = models.PositiveSmallIntegerField(default=2, help_text=_("Mentees at once, 1–5."))
    note = models.CharField(max_length=MAX_NOTE_LENGTH, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="mentor_once_per_programme"),
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_CAPACITY) & Q(capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_range",
            ),
        ]

    def __str__(self):
        return f"{self.user} mentors in {self.programme}"

    @property
    def is_approved(self):
        return self.approved_at is not None


class MenteeProfile(models.Model):
    """Someone looking for a mentor in a programme, with what they want from it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentee_profiles"
    )
    goals = models.TextField(max_length=MAX_GOALS_LENGTH, blank=True)
    topics = models.ManyToManyField(Interest, blank=True, related_name="+")
    languages = models.ManyToManyField(Language, blank=True, related_name="+")
    same_language = models.BooleanField(
        default=True, help_text=_("Only mentors who speak one of my languages.")
    )
    # None: any distance. Otherwise the mentor's UTC offset is at most this many hours
    # from the mentee's (around the clock: +13 and −10 are one hour apart).
    max_zone_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    preferred_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="mentee_once_per_programme"),
            models.CheckConstraint(
                condition=Q(max_zone_hours__isnull=True) | Q(max_zone_hours__lte=MAX_ZONE_HOURS),
                name="mentee_zone_hours_range",
            ),
        ]

    def __str__(self):
        return f"{self.user} is mentored in {self.programme}"


class MentorshipRequest(models.Model):
    """A mentee asking a mentor directly (self-match)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("request status", "Waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
        DECLINED = "declined", pgettext_lazy("request status", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("request status", "Withdrawn")
        EXPIRED = "expired", pgettext_lazy("request status", "Expired")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="requests")
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_requests"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_asks"
    )
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.REQUESTED)
    answer = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # When the mentor was reminded of it (once).
    nudged_at = models.DateTimeField(null=True, blank=True)
    # On expiry: the user ids of the mentors offered instead, best fit first.
    suggested_mentors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="request_open_by_age")]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee", "mentor"],
                condition=Q(status="requested"),
                name="one_open_request_per_pair",
            ),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="request_not_self"),
        ]

    def __str__(self):
        return f"{self.mentee} → {self.mentor} ({self.status})"

    @property
    def is_open(self):
        return self.status == self.Status.REQUESTED


class Pair(models.Model):
    """A mentor and a mentee working together in a programme."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("pair status", "Active")
        COMPLETED = "completed", pgettext_lazy("pair status", "Completed")

    class Source(models.TextChoices):
        ROUND = "round", _("Matching round")
        REQUEST = "request", _("Request accepted")
        ORGANISER = "organiser", _("Paired by the organiser")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairs_as_mentor"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairs_as_mentee"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    source = models.CharField(max_length=10, choices=Source)
    # The fit when they were paired (mentorship.matching.score); what they share is
    # worked out again when shown, so the time phrase is in the viewer's zone and week.
    score = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # When the two were last asked "how is it going?" (None: not yet).
    check_in_asked_at = models.DateTimeField(null=True, blank=True)
    # When an organiser last nudged a quiet pair.
    nudged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(status="active"),
                name="one_active_mentor_per_mentee",
            ),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="pair_not_self"),
        ]

    def __str__(self):
        return f"{self.mentor} mentors {self.mentee}"

    def get_absolute_url(self):
        return reverse("mentorship:pair", args=[self.pk])

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    def members(self):
        return [self.mentor, self.mentee]


class Goal(models.Model):
    """One item of a pair's shared checklist."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=MAX_GOAL_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text

    @property
    def is_done(self):
        return self.done_at is not None


class PairRule(models.Model):
    """The organiser's word on one mentor–mentee pair for the programme's matching
    rounds: keep it (pin) or never suggest it (forbid). Kept across re-runs."""

    class Rule(models.TextChoices):
        PIN = "pin", pgettext_lazy("pair rule", "Pinned")
        FORBID = "forbid", pgettext_lazy("pair rule", "Forbidden")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pair_rules")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=6, choices=Rule)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentor", "mentee"], name="one_rule_per_pair"
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_display()}: {self.mentor} – {self.mentee}"


class CheckIn(models.Model):
    """One person's short answer to "how is it going?" in their pair; saying they met
    records a meeting too."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=MAX_CHECK_IN_LENGTH)
    met = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.author} on {self.pair}: {self.answer[:40]}"


class Meeting(models.Model):
    """A meeting a pair marked as held (from the pair space or a check-in)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "held_on"], name="one_meeting_per_pair_day"),
        ]

    def __str__(self):
        return f"{self.pair} met on {self.held_on}"


class Feedback(models.Model):
    """One person's end-of-cycle word on their pair: a rating and a text, read only by
    the programme's organisers. The text is kept as typed and shown through the
    lounge's sanitiser (`text_html`)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=MAX_FEEDBACK_LENGTH, blank=True)
    text_html = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "author"], name="one_feedback_per_person"),
            models.CheckConstraint(
                condition=Q(rating__gte=MIN_RATING) & Q(rating__lte=MAX_RATING),
                name="feedback_rating_range",
            ),
        ]

    def __str__(self):
        return f"{self.author} rated {self.pair} {self.rating}/5"


class MatchingRound(models.Model):
    """One run of the matcher over a programme: a preview the organiser looks at, and
    publishes or runs again. The result is stored as ids and numbers
    (`{"pairs": [[mentor, mentee, score], …], "unmatched": [[mentee, reason], …]}`), so
    the preview shows exactly what publishing would create."""

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("matching round", "Running")
        PREVIEW = "preview", pgettext_lazy("matching round", "Preview")
        PUBLISHED = "published", pgettext_lazy("matching round", "Published")
        SUPERSEDED = "superseded", pgettext_lazy("matching round", "Replaced by a later run")
        FAILED = "failed", pgettext_lazy("matching round", "Failed")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEW)
    total_score = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)
    # While running in the background: how far it is (0–100) and at which step.
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=80, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="round_progress_range"),
        ]

    def __str__(self):
        return f"Round {self.pk} of {self.programme}"

    @property
    def is_running(self):
        return self.status == self.Status.RUNNING
