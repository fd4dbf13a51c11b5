"""Peer-review rounds: the instructor opens one with a rubric, its phases' dates and its
options once submissions are in; each submission is given to reviewers from other teams
(courses.allocation), and with self-assessment each student also assesses their own
team's work; reviewers score and comment; the reviewed team reads its feedback,
anonymous unless the round says otherwise, says how helpful each review was and can flag
an abusive one. The phases move on by themselves (review_phases.py); the instructor's
moderation, reassigning and grading are in review_moderation.py.

Anonymity: nothing written here for the reviewed team carries the reviewer. Their
notification has no actor, and the "reviewed" interaction is one the reviewed side's
pages do not list (accounts.interactions.interactions_of)."""

import random
import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
    MAX_PHASE_DAYS,
    MAX_REASON_LENGTH,
    MAX_REVIEWS_PER_SUBMISSION,
    MAX_SCALE,
    MIN_SCALE,
)
from .assignments import workspace_channel
from .courses import course_channel
from .groupings import blocked_pairs_among


def _clean_criteria(criteria):
    if not criteria:
        raise InvalidReviewRound(_("Give the rubric at least one criterion."))
    if len(criteria) > MAX_CRITERIA:
        raise InvalidReviewRound(
            _("A rubric has at most %(max_criteria)s criteria.") % {"max_criteria": MAX_CRITERIA}
        )
    cleaned = []
    for item in criteria:
        title = " ".join(item["title"].split())
        if not title or len(title) > 120:
            raise InvalidReviewRound(_("Give each criterion a title of up to 120 characters."))
        if not MIN_SCALE <= item["scale"] <= MAX_SCALE:
            raise InvalidReviewRound(
                _("Scales run from 1 to %(min_scale)s–%(max_scale)s.")
                % {"min_scale": MIN_SCALE, "max_scale": MAX_SCALE}
            )
        prompt = " ".join(item.get("prompt", "").split())[:300]
        cleaned.append((title, prompt, item["scale"], bool(item.get("comment_required"))))
    return cleaned


DEFAULT_PHASE = timedelta(days=7)


def _clean_phases(now, reviews_due_at, closes_at):
    reviews_due_at = reviews_due_at or now + DEFAULT_PHASE
    closes_at = closes_at or reviews_due_at + DEFAULT_PHASE
    if reviews_due_at <= now:
        raise InvalidReviewRound(_("Reviews are due after the round opens: choose a later time."))
    if closes_at <= reviews_due_at:
        raise InvalidReviewRound(_("The feedback phase ends after reviews are due."))
    if closes_at > now + timedelta(days=MAX_PHASE_DAYS):
        raise InvalidReviewRound(
            _("A round runs for at most %(max_phase_days)s days.")
            % {"max_phase_days": MAX_PHASE_DAYS}
        )
    return reviews_due_at, closes_at


@transaction.atomic
def open_review_round(
    actor,
    assignment,
    *,
    reviews_per_submission,
    criteria,
    reviews_due_at=None,
    closes_at=None,
    anonymous=True,
    same_team_reviewers=True,
    self_assessment=False,
    graded=False,
    seed=None,
    now=None,
):
    """Open the assignment's review round once submissions have closed. `criteria`:
    [{title, prompt, scale, comment_required}]. Reviewers are the students in the
    assignment's teams; every submission gets `reviews_per_submission` of them. The
    review phase runs until `reviews_due_at` (a week by default), the feedback phase
    until `closes_at` (a week more). `same_team_reviewers` False: no two reviewers of
    one submission come from the same team."""
    if not permissions.can_manage_course(actor, assignment.course):
        raise NotAllowed(_("Only the course's instructors can open a review round."))
    now = now or timezone.now()
    if now <= assignment.closes_at:
        raise InvalidReviewRound(_("Open the review round once submissions have closed."))
    if ReviewRound.objects.filter(assignment=assignment).exists():
        raise InvalidReviewRound(_("This assignment already has a review round."))
    if not 1 <= reviews_per_submission <= MAX_REVIEWS_PER_SUBMISSION:
        raise InvalidReviewRound(
            _("Ask for 1 to %(max_reviews_per_submission)s reviews of each submission.")
            % {"max_reviews_per_submission": MAX_REVIEWS_PER_SUBMISSION}
        )
    rubric = _clean_criteria(criteria)
    reviews_due_at, closes_at = _clean_phases(now, reviews_due_at, closes_at)
    students = set(
        Enrolment.objects.filter(course=assignment.course, role=Enrolment.Role.STUDENT).values_list(
            "user_id", flat=True
        )
    )
    members, team_of = {}, {}
    for workspace_id, team_id, user_id in TeamMember.objects.filter(
        team__workspaces__assignment=assignment, user_id__in=students
    ).values_list("team__workspaces__id", "team_id", "user_id"):
        members.setdefault(workspace_id, set()).add(user_id)
        team_of[user_id] = team_id
    submissions = {
        submission.pk: submission
        for submission in Submission.objects.filter(workspace__assignment=assignment)
    }
    if not submissions:
        raise InvalidReviewRound(_("No team has submitted: there is nothing to review."))
    reviewers = sorted(set().union(*members.values())) if members else []
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        pairs = allocate_reviews(
            {pk: members.get(s.workspace_id, set()) for pk, s in submissions.items()},
            reviewers,
            reviews_per_submission,
            blocked_pairs_among(reviewers),
            seed=seed,
            team_of=None if same_team_reviewers else team_of,
        )
    except AllocationError as error:
        raise InvalidReviewRound(str(error)) from error
    round_ = ReviewRound.objects.create(
        assignment=assignment,
        reviews_per_submission=reviews_per_submission,
        seed=seed,
        opened_by=actor,
        reviews_due_at=reviews_due_at,
        closes_at=closes_at,
        anonymous=anonymous,
        same_team_reviewers=same_team_reviewers,
        self_assessment=self_assessment,
        graded=graded,
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
    if self_assessment:
        # anon_order 0: a self-assessment is never among the numbered peer reviews.
        Review.objects.bulk_create(
            Review(
                round=round_, submission=submission, reviewer_id=user_id, anon_order=0, is_self=True
            )
            for submission in submissions.values()
            for user_id in sorted(members.get(submission.workspace_id, ()))
        )
    _tell_reviewers(actor, round_, pairs)
    return round_


def _tell_reviewers(actor, round_, pairs):
    counts = {}
    for _submission, reviewer_id in pairs:
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
        raise NotAllowed(_("Only its reviewer can write this review."))
    if not review.round.is_open:
        raise ReviewClosed()
    now = now or timezone.now()
    criteria = {criterion.pk: criterion for criterion in review.round.criteria.all()}
    if set(scores) != set(criteria):
        raise InvalidReview(_("Score every criterion of the rubric, and only those."))
    rows = []
    for criterion_id, (level, comment) in scores.items():
        criterion = criteria[criterion_id]
        comment = (comment or "").replace("\x00", "").strip()
        if not isinstance(level, int) or not 1 <= level <= criterion.scale:
            raise InvalidReview(
                _("Score “%(title)s” from 1 to %(scale)s.")
                % {"title": criterion.title, "scale": criterion.scale}
            )
        if len(comment) > MAX_COMMENT_LENGTH:
            raise InvalidReview(
                _("Keep each comment under %(limit)s characters.")
                % {"limit": number_format(MAX_COMMENT_LENGTH, force_grouping=True)}
            )
        if criterion.comment_required and not comment:
            raise InvalidReview(_("“%(title)s” needs a comment.") % {"title": criterion.title})
        rows.append(Score(review=review, criterion=criterion, level=level, comment=comment))
    first_time = review.submitted_at is None
    review.scores.all().delete()
    Score.objects.bulk_create(rows)
    review.submitted_at = now
    review.is_late = now > review.round.reviews_due_at
    review.save(update_fields=["submitted_at", "is_late"])
    if first_time and not review.is_self:
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
        raise NotAllowed(_("Only the reviewed team can rate its reviews."))
    if review.is_self:
        raise InvalidReview(_("A self-assessment is not rated."))
    if not review.is_done:
        raise InvalidReview(_("This review has not been written yet."))
    if not review.round.is_open:
        raise ReviewClosed(_("The review round is closed: ratings are final."))
    if not isinstance(helpful, int) or not 1 <= helpful <= 5:
        raise InvalidReview(_("Rate a review from 1 (not helpful) to 5 (very helpful)."))
    note = " ".join((note or "").replace("\x00", "").split())
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidReview(
            _("Keep the note under %(limit)s characters.") % {"limit": MAX_NOTE_LENGTH}
        )
    review.helpful, review.helpful_note = helpful, note
    review.save(update_fields=["helpful", "helpful_note"])
    return review


@transaction.atomic
def flag_review(actor, review, *, reason, now=None):
    """A member of the reviewed team flags a review as abusive, saying why; the course's
    instructors and TAs are told and decide whether to hide its comments."""
    review = _lock(review)
    workspace = review.submission.workspace
    if not permissions.can_edit_workspace(actor, workspace):
        raise NotAllowed(_("Only the reviewed team can flag its reviews."))
    if review.is_self or not review.is_done:
        raise InvalidReview(_("Only a written peer review can be flagged."))
    reason = " ".join((reason or "").replace("\x00", "").split())
    if not reason:
        raise InvalidReview(_("Say what is wrong with this review."))
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidReview(
            _("Keep the reason under %(limit)s characters.") % {"limit": MAX_REASON_LENGTH}
        )
    first_time = review.flagged_at is None
    review.flagged_at, review.flagged_by, review.flag_reason = now or timezone.now(), actor, reason
    review.save(update_fields=["flagged_at", "flagged_by", "flag_reason"])
    if first_time:
        assignment = review.round.assignment
        staff = User.objects.filter(
            enrolments__course=assignment.course,
            enrolments__role__in=[Enrolment.Role.INSTRUCTOR, Enrolment.Role.TA],
        )
        notify_many(
            (
                person,
                "review_flagged",
                {
                    "actor": actor,
                    "target": review.round,
                    "scope": course_channel(assignment.course),
                    "assignment": assignment.title,
                    "url": reverse("courses:review_board", args=[assignment.pk]),
                },
            )
            for person in staff
        )
    return review


@transaction.atomic
def close_review_round(actor, round_, now=None):
    """No more reviews are written, changed or rated; feedback stays readable. The
    instructor may close a round early; otherwise it closes by itself at `closes_at`."""
    round_ = (
        ReviewRound.objects.select_for_update()
        .select_related("assignment__course")
        .get(pk=round_.pk)
    )
    if not permissions.can_manage_course(actor, round_.assignment.course):
        raise NotAllowed(_("Only the course's instructors can close a review round."))
    if not round_.is_open:
        raise ReviewClosed(_("This review round is already closed."))
    return end_review_round(round_, now or timezone.now())


def end_review_round(round_, now):
    """Closes `round_` (caller holds its lock); the instructor's verb and the phase job."""
    round_.status = ReviewRound.Status.CLOSED
    round_.closed_at = now
    round_.save(update_fields=["status", "closed_at"])
    return round_
