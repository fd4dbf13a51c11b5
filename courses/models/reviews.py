"""Peer-review rounds: a rubric, and reviews of each team's submission by students of
other teams. In an anonymous round (the default) pages for the reviewed team name a
review by its `public_id` and order reviews by `anon_order`, never by anything of the
reviewer.

A round runs through phases with dates: reviews are written until `reviews_due_at`
(the review phase), then the reviewed teams read, rate and flag them while late
reviews are still taken, marked late (the feedback phase), and from `closes_at`
everything is final (closed). The periodic job `courses.review_phases` moves the
status along; the submission phase before it is the assignment's own."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_CRITERIA = 10
MIN_SCALE = 2
MAX_SCALE = 10
MAX_REVIEWS_PER_SUBMISSION = 6
MAX_COMMENT_LENGTH = 4000
MAX_NOTE_LENGTH = 500
MAX_REASON_LENGTH = 300
MAX_PHASE_DAYS = 90


class ReviewRound(models.Model):
    class Status(models.TextChoices):
        REVIEW = "review", _("Review: reviewers write their reviews")
        FEEDBACK = "feedback", _("Feedback: teams read and rate their reviews")
        CLOSED = "closed", _("Closed: feedback is final")

    assignment = models.OneToOneField(
        "courses.Assignment", on_delete=models.CASCADE, related_name="review_round"
    )
    reviews_per_submission = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=Status, default=Status.REVIEW)
    reviews_due_at = models.DateTimeField(
        help_text=_("The review phase ends; later reviews are late.")
    )
    closes_at = models.DateTimeField(help_text=_("The feedback phase ends; everything is final."))
    anonymous = models.BooleanField(
        default=True, help_text=_("The reviewed team does not learn who reviewed them.")
    )
    same_team_reviewers = models.BooleanField(
        default=True,
        help_text=_("Two reviewers of one submission may come from the same team."),
    )
    self_assessment = models.BooleanField(
        default=False, help_text=_("Each student also assesses their own team's work.")
    )
    graded = models.BooleanField(
        default=False,
        help_text=_("Reviewers get a grade from helpfulness and agreement with other reviewers."),
    )
    # The last reminder to reviewers who still owe reviews: at most one a day.
    reminded_at = models.DateTimeField(null=True, blank=True)
    seed = models.PositiveIntegerField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("reviews_due_at")),
                name="review_round_phases_in_order",
            ),
        ]

    def __str__(self):
        return f"Review round of {self.assignment}"

    @property
    def is_open(self):
        """Reviews can still be written (late ones in the feedback phase)."""
        return self.status != self.Status.CLOSED

    @property
    def in_review(self):
        return self.status == self.Status.REVIEW


class Criterion(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    prompt = models.CharField(max_length=300, blank=True, help_text=_("What to comment on."))
    scale = models.PositiveSmallIntegerField(help_text=_("Scores run from 1 to this."))
    comment_required = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="criterion_position"),
            models.CheckConstraint(
                condition=models.Q(scale__gte=MIN_SCALE, scale__lte=MAX_SCALE),
                name="criterion_scale",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def levels(self):
        return range(1, self.scale + 1)


class Review(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="reviews")
    submission = models.ForeignKey(
        "courses.Submission", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_to_write"
    )
    # What the reviewed team sees instead of anything of the reviewer's.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    anon_order = models.PositiveIntegerField()
    # A student's assessment of their own team's work: not a peer review, never rated.
    is_self = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    helpful = models.PositiveSmallIntegerField(null=True, blank=True)
    helpful_note = models.CharField(max_length=MAX_NOTE_LENGTH, blank=True)
    # A member of the reviewed team found a comment abusive; the instructor decides.
    flagged_at = models.DateTimeField(null=True, blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag_reason = models.CharField(max_length=MAX_REASON_LENGTH, blank=True)

    class Meta:
        ordering = ["round", "anon_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="one_review_per_reviewer"
            ),
            models.CheckConstraint(
                condition=models.Q(helpful__isnull=True) | models.Q(helpful__gte=1, helpful__lte=5),
                name="review_helpful_range",
            ),
        ]

    def __str__(self):
        return f"Review of {self.submission.workspace}"

    def get_absolute_url(self):
        return reverse("courses:review", args=[self.pk])

    @property
    def is_done(self):
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=MAX_COMMENT_LENGTH, blank=True)
    # Hidden by an instructor: the reviewed team no longer sees the comment.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class ReviewGrade(models.Model):
    """An instructor's grade for one reviewer's reviewing in a round, replacing the one
    computed from helpfulness and agreement (courses.review_grades)."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="grades")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_grades"
    )
    points = models.PositiveSmallIntegerField(help_text=_("Out of 100."))
    reason = models.CharField(max_length=MAX_REASON_LENGTH)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["round", "reviewer"], name="one_review_grade"),
            models.CheckConstraint(condition=models.Q(points__lte=100), name="review_grade_range"),
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.points}/100"
