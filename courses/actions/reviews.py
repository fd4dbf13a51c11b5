"""Peer-review rounds: the instructor opens one with a rubric once submissions are in;
each submission is given to reviewers from other teams (courses.allocation); reviewers
score and comment; the reviewed team reads its feedback, anonymous, and says how
helpful each review was.

Anonymity: nothing written here for the reviewed team carries the reviewer. Their
notification has no actor, and the "reviewed" interaction is one the reviewed side's
pages do not list (accounts.interactions.interactions_of)."""

import random
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import interactions
from accounts.actions import notify_many
from accounts.models import User

from .. import permissions
from ..allocation import AllocationError, allocate_reviews
from ..errors import InvalidReview, InvalidReviewRound, NotAllowed, ReviewClosed
from ..models import Criterion, Enrolment, Review, ReviewRound, Score, Submission, TeamMember
from ..models.reviews import (
    MAX_COMMENT_LENGTH,
    MAX_CRITERIA,
    MAX_NOTE_LENGTH,
    MAX_REVIEWS_PER_SUBMISSION,
    MAX_SCALE,
    MIN_SCALE,
)
from .assignments import workspace_channel
from .courses import course_channel
from .groupings import blocked_pairs_among


def _clean_criteria(criteria):
    if not criteria:
        raise InvalidReviewRound("Give the rubric at least one criterion.")
    if len(criteria) > MAX_CRITERIA:
        raise InvalidReviewRound(f"A rubric has at most {MAX_CRITERIA} criteria.")
    cleaned = []
    for item in criteria:
        title = " ".join(item["title"].split())
        if not title or len(title) > 120:
            raise InvalidReviewRound("Give each criterion a title of up to 120 characters.")
        if not MIN_SCALE <= item["scale"] <= MAX_SCALE:
            raise InvalidReviewRound(f"Scales run from 1 to {MIN_SCALE}–{MAX_SCALE}.")
        prompt = " ".join(item.get("prompt", "").split())[:300]
        cleaned.append((title, prompt, item["scale"], bool(item.get("comment_required"))))
    return cleaned


@transaction.atomic
def open_review_round(actor, assignment, *, reviews_per_submission, criteria, seed=None, now=None):
    """Open the assignment's review round once submissions have closed. `criteria`:
    [{title, prompt, scale, comment_required}]. Reviewers are the students in the
    assignment's teams; every submission gets `reviews_per_submission` of them."""
    if not permissions.can_manage_course(actor, assignment.course):
        raise NotAllowed("Only the course's instructors can open a review round.")
    now = now or timezone.now()
    if now <= assignment.closes_at:
        raise InvalidReviewRound("Open the review round once submissions have closed.")
    if ReviewRound.objects.filter(assignment=assignment).exists():
        raise InvalidReviewRound("This assignment already has a review round.")
    if not 1 <= reviews_per_submission <= MAX_REVIEWS_PER_SUBMISSION:
        raise InvalidReviewRound(
            f"Ask for 1 to {MAX_REVIEWS_PER_SUBMISSION} reviews of each submission."
        )
    rubric = _clean_criteria(criteria)
    students = set(
        Enrolment.objects.filter(course=assignment.course, role=Enrolment.Role.STUDENT).values_list(
            "user_id", flat=True
        )
    )
    members = {}
    for workspace_id, user_id in TeamMember.objects.filter(
        team__workspaces__assignment=assignment, user_id__in=students
    ).values_list("team__workspaces__id", "user_id"):
        members.setdefault(workspace_id, set()).add(user_id)
    submissions = {
        submission.pk: submission
        for submission in Submission.objects.filter(workspace__assignment=assignment)
    }
    if not submissions:
        raise InvalidReviewRound("No team has submitted: there is nothing to review.")
    reviewers = sorted(set().union(*members.values())) if members else []
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        pairs = allocate_reviews(
            {pk: members.get(s.workspace_id, set()) for pk, s in submissions.items()},
            reviewers,
            reviews_per_submission,
            blocked_pairs_among(reviewers),
            seed=seed,
        )
    except AllocationError as error:
        raise InvalidReviewRound(str(error)) from error
    round_ = ReviewRound.objects.create(
        assignment=assignment,
        reviews_per_submission=reviews_per_submission,
        seed=seed,
        opened_by=actor,
    )
    Criterion.objects.bulk_create(
        Criterion(
            round=round_,
            position=position,
            title=title,
            prompt=prompt,
            scale=scale,
            comment_required=required,
        )
        for position, (title, prompt, scale, required) in enumerate(rubric, start=1)
    )
    # Created in a shuffled order with shuffled labels: neither ids nor the order the
    # reviewed team sees follow anything of the reviewers.
    rng = random.Random(seed)
    rng.shuffle(pairs)
    orders = rng.sample(range(1, 10 * len(pairs) + 1), len(pairs))
    Review.objects.bulk_create(
        Review(round=round_, submission_id=s, reviewer_id=r, anon_order=order)
        for (s, r), order in zip(pairs, orders, strict=True)
    )
    _tell_reviewers(actor, round_, pairs)
    return round_


def _tell_reviewers(actor, round_, pairs):
    counts = {}
    for _, reviewer_id in pairs:
        counts[reviewer_id] = counts.get(reviewer_id, 0) + 1
    assignment = round_.assignment
    channel = course_channel(assignment.course)
    notify_many(
        (
            user,
            "review_assigned",
            {
                "actor": actor,
                "target": round_,
                "scope": channel,
                "count": counts[user.pk],
                "assignment": assignment.title,
                "url": assignment.get_absolute_url(),
            },
        )
        for user in User.objects.filter(pk__in=counts)
    )


def _lock(review):
    return (
        Review.objects.select_for_update()
        .select_related("round__assignment__course", "submission__workspace__team")
        .get(pk=review.pk)
    )


@transaction.atomic
def submit_review(actor, review, *, scores, now=None):
    """Write (or, while the round is open, rewrite) a review. `scores`:
    {criterion id: (level, comment)} for every criterion of the round's rubric."""
    review = _lock(review)
    if review.reviewer_id != actor.pk or not permissions.is_enrolled(
        actor, review.round.assignment.course
    ):
        raise NotAllowed("Only its reviewer can write this review.")
    if not review.round.is_open:
        raise ReviewClosed()
    criteria = {criterion.pk: criterion for criterion in review.round.criteria.all()}
    if set(scores) != set(criteria):
        raise InvalidReview("Score every criterion of the rubric, and only those.")
    rows = []
    for criterion_id, (level, comment) in scores.items():
        criterion = criteria[criterion_id]
        comment = (comment or "").replace("\x00", "").strip()
        if not isinstance(level, int) or not 1 <= level <= criterion.scale:
            raise InvalidReview(f"Score “{criterion.title}” from 1 to {criterion.scale}.")
        if len(comment) > MAX_COMMENT_LENGTH:
            raise InvalidReview(f"Keep each comment under {MAX_COMMENT_LENGTH:,} characters.")
        if criterion.comment_required and not comment:
            raise InvalidReview(f"“{criterion.title}” needs a comment.")
        rows.append(Score(review=review, criterion=criterion, level=level, comment=comment))
    first_time = review.submitted_at is None
    review.scores.all().delete()
    Score.objects.bulk_create(rows)
    review.submitted_at = now or timezone.now()
    review.save(update_fields=["submitted_at"])
    if first_time:
        workspace = review.submission.workspace
        team = list(User.objects.filter(team_memberships__team=workspace.team))
        interactions.record(actor, team, interactions.Kind.REVIEWED, review.round)
        channel = workspace_channel(workspace)
        notify_many(
            (
                member,
                "feedback_received",
                {
                    # No actor: the reviewed team must not learn who wrote it.
                    "target": workspace,
                    "scope": channel,
                    "assignment": review.round.assignment.title,
                    "url": reverse("courses:feedback", args=[workspace.pk]),
                },
            )
            for member in team
        )
    return review


@transaction.atomic
def rate_review(actor, review, *, helpful, note=""):
    """A member of the reviewed team says how helpful a review was (1 to 5)."""
    review = _lock(review)
    workspace = review.submission.workspace
    if not permissions.can_edit_workspace(actor, workspace):
        raise NotAllowed("Only the reviewed team can rate its reviews.")
    if not review.is_done:
        raise InvalidReview("This review has not been written yet.")
    if not isinstance(helpful, int) or not 1 <= helpful <= 5:
        raise InvalidReview("Rate a review from 1 (not helpful) to 5 (very helpful).")
    note = " ".join((note or "").replace("\x00", "").split())
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidReview(f"Keep the note under {MAX_NOTE_LENGTH} characters.")
    review.helpful, review.helpful_note = helpful, note
    review.save(update_fields=["helpful", "helpful_note"])
    return review


@transaction.atomic
def close_review_round(actor, round_, now=None):
    """No more reviews are written or changed; feedback stays readable."""
    round_ = (
        ReviewRound.objects.select_for_update()
        .select_related("assignment__course")
        .get(pk=round_.pk)
    )
    if not permissions.can_manage_course(actor, round_.assignment.course):
        raise NotAllowed("Only the course's instructors can close a review round.")
    if not round_.is_open:
        raise ReviewClosed("This review round is already closed.")
    round_.status = ReviewRound.Status.CLOSED
    round_.closed_at = now or timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    return round_
