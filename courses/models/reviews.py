"""Peer-review rounds: a rubric, and reviews of each team's submission by students of
other teams. Reviews are anonymous to the reviewed team: pages for them name a review
by its `public_id` and order reviews by `anon_order`, never by anything of the reviewer."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

MAX_CRITERIA = 10
MIN_SCALE = 2
MAX_SCALE = 10
MAX_REVIEWS_PER_SUBMISSION = 6
MAX_COMMENT_LENGTH = 4000
MAX_NOTE_LENGTH = 500


class ReviewRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open for reviews"
        CLOSED = "closed", "Closed: feedback is final"

    assignment = models.OneToOneField(
        "courses.Assignment", on_delete=models.CASCADE, related_name="review_round"
    )
    reviews_per_submission = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=Status, default=Status.OPEN)
    seed = models.PositiveIntegerField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self):
        return f"Review round of {self.assignment}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Criterion(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    prompt = models.CharField(max_length=300, blank=True, help_text="What to comment on.")
    scale = models.PositiveSmallIntegerField(help_text="Scores run from 1 to this.")
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
    submitted_at = models.DateTimeField(null=True, blank=True)
    helpful = models.PositiveSmallIntegerField(null=True, blank=True)
    helpful_note = models.CharField(max_length=MAX_NOTE_LENGTH, blank=True)

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

    class Meta:
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level}"
