"""The instructor's hand on a review round: hiding an abusive comment (the reviewed
team no longer sees it), dismissing a flag, giving an owed review to another eligible
reviewer, and setting a reviewer's review grade by hand. Instructors of the course and
site staff only; TAs see the progress board but do not change it."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actions import notify_many
from accounts.models import User

from .. import permissions
from ..errors import InvalidReview, NotAllowed, ReviewClosed
from ..models import Enrolment, Review, ReviewGrade, ReviewRound, Score, TeamMember
from ..models.reviews import MAX_REASON_LENGTH
from .courses import course_channel
from .groupings import blocked_pairs_among


def _check_manager(actor, course):
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed(_("Only the course's instructors can do that."))


@transaction.atomic
def set_comment_hidden(actor, score, *, hidden=True, now=None):
    """Hide (or show again) one comment of a review from the reviewed team; the score
    itself stays."""
    score = (
        Score.objects.select_for_update()
        .select_related("review__round__assignment__course")
        .get(pk=score.pk)
    )
    _check_manager(actor, score.review.round.assignment.course)
    if hidden:
        score.hidden_at, score.hidden_by = now or timezone.now(), actor
    else:
        score.hidden_at, score.hidden_by = None, None
    score.save(update_fields=["hidden_at", "hidden_by"])
    return score


@transaction.atomic
def dismiss_flag(actor, review):
    """The instructor looked at a flagged review and leaves it (or has hidden what
    needed hiding): it leaves the board's flagged list."""
    review = (
        Review.objects.select_for_update()
        .select_related("round__assignment__course")
        .get(pk=review.pk)
    )
    _check_manager(actor, review.round.assignment.course)
    review.flagged_at, review.flagged_by, review.flag_reason = None, None, ""
    review.save(update_fields=["flagged_at", "flagged_by", "flag_reason"])
    return review


def eligible_reviewers(review):
    """Who else could write `review` under the round's rules: a student of the course in
    one of the assignment's teams, not in the reviewed team, without a block with any of
    its members, not already reviewing this work and, when the round keeps reviewers of
    one work in different teams, not from a team that already reviews it. Fewest
    reviews to write first."""
    round_ = review.round
    assignment = round_.assignment
    reviewed_members = set(
        TeamMember.objects.filter(team=review.submission.workspace.team_id).values_list(
            "user_id", flat=True
        )
    )
    students = set(
        Enrolment.objects.filter(course=assignment.course, role=Enrolment.Role.STUDENT).values_list(
            "user_id", flat=True
        )
    )
    team_of = dict(
        TeamMember.objects.filter(
            team__workspaces__assignment=assignment, user_id__in=students
        ).values_list("user_id", "team_id")
    )
    current = Review.objects.filter(submission=review.submission, is_self=False).exclude(
        pk=review.pk
    )
    taken = set(current.values_list("reviewer_id", flat=True)) | {review.reviewer_id}
    candidates = set(team_of) - reviewed_members - taken
    blocked = blocked_pairs_among(candidates | reviewed_members)
    candidates = {
        c for c in candidates if not any(frozenset((c, m)) in blocked for m in reviewed_members)
    }
    if not round_.same_team_reviewers:
        busy_teams = {team_of.get(pk) for pk in current.values_list("reviewer_id", flat=True)}
        candidates = {c for c in candidates if team_of[c] not in busy_teams}
    return list(
        User.objects.filter(pk__in=candidates)
        .select_related("profile")
        .annotate(
            load=Count(
                "reviews_to_write",
                filter=Q(reviews_to_write__round=round_, reviews_to_write__is_self=False),
            )
        )
        .order_by("load", "profile__display_name", "username")
    )


@transaction.atomic
def reassign_review(actor, review, reviewer):
    """Give an owed peer review to another eligible reviewer (eligible_reviewers), who
    is told. A written review stays with its writer."""
    review = (
        Review.objects.select_for_update()
        .select_related("round__assignment__course", "submission__workspace")
        .get(pk=review.pk)
    )
    course = review.round.assignment.course
    _check_manager(actor, course)
    if not review.round.is_open:
        raise ReviewClosed()
    if review.is_self or review.is_done:
        raise InvalidReview(_("Only an owed peer review can be given to someone else."))
    if reviewer.pk not in {person.pk for person in eligible_reviewers(review)}:
        raise InvalidReview(
            _(
                "That person cannot review this work: they are in the team, have a block with "
                "someone in it, already review it, or are not a student in these teams."
            )
        )
    review.reviewer = reviewer
    review.save(update_fields=["reviewer"])
    assignment = review.round.assignment
    notify_many(
        [
            (
                reviewer,
                "review_assigned",
                {
                    "actor": actor,
                    "target": review.round,
                    "scope": course_channel(course),
                    "count": 1,
                    "assignment": assignment.title,
                    "url": assignment.get_absolute_url(),
                },
            )
        ]
    )
    return review


@transaction.atomic
def set_review_grade(actor, round_, reviewer, *, points, reason=""):
    """The instructor's review grade for `reviewer` in `round_`, out of 100, with a
    reason; `points` None goes back to the computed grade."""
    round_ = ReviewRound.objects.select_related("assignment__course").get(pk=round_.pk)
    _check_manager(actor, round_.assignment.course)
    if not round_.graded:
        raise InvalidReview(_("This round does not grade reviewing."))
    if not Review.objects.filter(round=round_, reviewer=reviewer, is_self=False).exists():
        raise InvalidReview(_("That person has no reviews to write in this round."))
    if points is None:
        ReviewGrade.objects.filter(round=round_, reviewer=reviewer).delete()
        return None
    if not isinstance(points, int) or not 0 <= points <= 100:
        raise InvalidReview(_("Give a grade from 0 to 100."))
    reason = " ".join((reason or "").replace("\x00", "").split())
    if not reason or len(reason) > MAX_REASON_LENGTH:
        raise InvalidReview(
            _("Give a reason of up to %(limit)s characters.") % {"limit": MAX_REASON_LENGTH}
        )
    grade, _created = ReviewGrade.objects.update_or_create(
        round=round_,
        reviewer=reviewer,
        defaults={"points": points, "reason": reason, "set_by": actor},
    )
    return grade
