"""Grading a team's submission with the assignment's rubric (criteria worth points),
the same for every member or adjusted for one with a reason; and teammates' ratings of
each other's contribution, which only the course's staff read."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MAX_GRADING_CRITERIA = 20
MAX_CRITERION_POINTS = 1000
MAX_FEEDBACK_LENGTH = 10_000
MAX_REASON_LENGTH = 500
MAX_RATING_NOTE_LENGTH = 500


class GradingCriterion(models.Model):
    assignment = models.ForeignKey(
        "courses.Assignment", on_delete=models.CASCADE, related_name="grading_criteria"
    )
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    points = models.PositiveSmallIntegerField(help_text=_("The most this criterion gives."))

    class Meta:
        ordering = ["assignment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "position"], name="grading_criterion_position"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=1, points__lte=MAX_CRITERION_POINTS),
                name="grading_criterion_points",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.points})"


class Grade(models.Model):
    """The grade of one team's submission; members see it once it is released."""

    workspace = models.OneToOneField(
        "courses.Workspace", on_delete=models.CASCADE, related_name="grade"
    )
    total = models.PositiveIntegerField()
    out_of = models.PositiveIntegerField()
    feedback = models.TextField(max_length=MAX_FEEDBACK_LENGTH, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    graded_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workspace"]
        constraints = [
            models.CheckConstraint(condition=Q(total__lte=F("out_of")), name="grade_in_range"),
        ]

    def __str__(self):
        return f"{self.total}/{self.out_of} for {self.workspace}"

    @property
    def is_released(self):
        return self.released_at is not None


class GradeScore(models.Model):
    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(GradingCriterion, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["grade", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "criterion"], name="one_grade_score"),
        ]

    def __str__(self):
        return f"{self.criterion.title}: {self.points}"


class MemberAdjustment(models.Model):
    """One member's grade when it differs from the team's, and why."""

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="adjustments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    total = models.PositiveIntegerField()
    reason = models.CharField(max_length=MAX_REASON_LENGTH)

    class Meta:
        ordering = ["grade", "user"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "user"], name="one_adjustment_per_member"),
            models.CheckConstraint(condition=~Q(reason=""), name="adjustment_has_reason"),
        ]

    def __str__(self):
        return f"{self.user}: {self.total}"


class TeammateRating(models.Model):
    """How one member rates a teammate's (or their own) contribution, 1 to 5. Read by
    the course's staff only, never by the team."""

    workspace = models.ForeignKey(
        "courses.Workspace", on_delete=models.CASCADE, related_name="teammate_ratings"
    )
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ratee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=MAX_RATING_NOTE_LENGTH, blank=True)
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workspace", "ratee", "rater"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "rater", "ratee"], name="one_rating_per_teammate"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="teammate_rating_range"
            ),
        ]

    def __str__(self):
        return f"{self.rater} rates {self.ratee}: {self.score}"
