"""A grade for reviewing, per reviewer and round, out of 100.

Two things make a review good for this grade: the reviewed team found it helpful (its
1–5 rating), and its scores agree with what the other reviewers of the same work gave
(so a careless or hostile review stands out). For one reviewer:

- helpfulness: the mean of (rating − 1) / 4 over their rated reviews, 0 to 1;
- agreement: for each of their reviews whose submission has other written reviews,
  1 − the mean over criteria of |their level − the others' mean level| / (scale − 1);
  the mean of that, 0 to 1;
- quality: the mean of whichever of the two is known (1 when neither is yet);
- the grade: 100 × quality × the share of the reviews they owe that they wrote.

Self-assessments take no part. An instructor's grade (`ReviewGrade`) replaces the
computed one, with a reason. This module only reads."""

from dataclasses import dataclass, field
from statistics import mean

from .models import Review, ReviewGrade, Score


@dataclass
class ReviewerGrade:
    reviewer_id: int
    owed: int = 0
    done: int = 0
    late: int = 0
    ratings: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    override: ReviewGrade | None = None

    @property
    def helpfulness(self):
        return mean((r - 1) / 4 for r in self.ratings) if self.ratings else None

    @property
    def mean_rating(self):
        return mean(self.ratings) if self.ratings else None

    @property
    def agreement(self):
        return mean(self.agreements) if self.agreements else None

    @property
    def computed(self):
        if not self.owed:
            return None
        known = [v for v in (self.helpfulness, self.agreement) if v is not None]
        quality = mean(known) if known else 1.0
        return round(100 * quality * self.done / self.owed)

    @property
    def points(self):
        return self.override.points if self.override is not None else self.computed


def agreement_of(levels, others, scales):
    """levels: {criterion id: level}; others: [{criterion id: level}] of the other
    reviewers of the same work; scales: {criterion id: scale}. 0 to 1, or None."""
    gaps = []
    for criterion, level in levels.items():
        theirs = [other[criterion] for other in others if criterion in other]
        if theirs and scales.get(criterion, 1) > 1:
            gaps.append(abs(level - mean(theirs)) / (scales[criterion] - 1))
    return 1 - mean(gaps) if gaps else None


def grades_for(round_):
    """{reviewer id: ReviewerGrade} for every peer reviewer of `round_`."""
    grades = {}
    reviews = list(
        Review.objects.filter(round=round_, is_self=False).values(
            "pk", "reviewer_id", "submission_id", "submitted_at", "is_late", "helpful"
        )
    )
    levels = {}
    for review_id, criterion_id, level in Score.objects.filter(
        review__round=round_, review__is_self=False
    ).values_list("review_id", "criterion_id", "level"):
        levels.setdefault(review_id, {})[criterion_id] = level
    scales = dict(round_.criteria.values_list("pk", "scale"))
    done_by_submission = {}
    for review in reviews:
        if review["submitted_at"] is not None:
            done_by_submission.setdefault(review["submission_id"], []).append(review["pk"])
    for review in reviews:
        grade = grades.setdefault(review["reviewer_id"], ReviewerGrade(review["reviewer_id"]))
        grade.owed += 1
        if review["submitted_at"] is None:
            continue
        grade.done += 1
        grade.late += review["is_late"]
        if review["helpful"] is not None:
            grade.ratings.append(review["helpful"])
        others = [
            levels.get(pk, {})
            for pk in done_by_submission[review["submission_id"]]
            if pk != review["pk"]
        ]
        agreement = agreement_of(levels.get(review["pk"], {}), others, scales)
        if agreement is not None:
            grade.agreements.append(agreement)
    for override in ReviewGrade.objects.filter(round=round_):
        if override.reviewer_id in grades:
            grades[override.reviewer_id].override = override
    return grades
