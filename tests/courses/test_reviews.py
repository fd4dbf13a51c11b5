"""Peer review: opening a round with a rubric, fair allocation, writing reviews,
anonymous feedback and helpfulness."""

from datetime import timedelta

import pytest

from accounts.interactions import interactions_of
from accounts.models import Interaction, Notification
from courses import actions
from courses.models import Review, ReviewRound, Score
from tests.courses.teamwork import RUBRIC, write_and_submit


@pytest.fixture
def after_due(assignment):
    return assignment.due_at + timedelta(minutes=1)


@pytest.fixture
def submitted(workspaces, alice, charlie):
    write_and_submit(alice, workspaces["Red"], body="Red's work")
    write_and_submit(charlie, workspaces["Blue"], body="Blue's work")
    return workspaces


@pytest.fixture
def review_round(instructor, assignment, submitted, after_due):
    return actions.open_review_round(
        instructor, assignment, reviews_per_submission=2, criteria=RUBRIC, seed=7, now=after_due
    )


def scores_for(review, level=4, comment="Clear and well argued."):
    return {c.pk: (level, comment) for c in review.round.criteria.all()}


def test_every_submission_is_reviewed_by_the_other_team(review_round, teams, alice, bob):
    by_team = {}
    for review in review_round.reviews.select_related("submission__workspace__team", "reviewer"):
        by_team.setdefault(review.submission.workspace.team.name, set()).add(
            review.reviewer.username
        )
    assert by_team == {"Red": {"charlie", "dana"}, "Blue": {"alice", "bob"}}
    assert Notification.objects.filter(kind="review_assigned", recipient=alice).exists()


def test_opening_before_submissions_close_is_refused(instructor, assignment, submitted):
    with pytest.raises(actions.InvalidReviewRound, match="once submissions have closed"):
        actions.open_review_round(instructor, assignment, reviews_per_submission=1, criteria=RUBRIC)


@pytest.mark.parametrize(
    ("per", "criteria", "message"),
    [
        (1, [], "at least one criterion"),
        (0, RUBRIC, "1 to 6"),
        (7, RUBRIC, "1 to 6"),
        (3, RUBRIC, "at most 2"),
        (1, [{"title": "Depth", "scale": 1}], "Scales"),
        (1, [{"title": "Depth", "scale": 11}], "Scales"),
        (1, [{"title": " ", "scale": 5}], "title"),
        (1, [{"title": "T", "scale": 3}] * 11, "at most 10"),
    ],
)
def test_bad_rounds_are_refused_and_nothing_is_written(
    instructor, assignment, submitted, after_due, per, criteria, message
):
    with pytest.raises(actions.InvalidReviewRound, match=message):
        actions.open_review_round(
            instructor, assignment, reviews_per_submission=per, criteria=criteria, now=after_due
        )
    assert not ReviewRound.objects.exists() and not Review.objects.exists()


def test_students_cannot_open_rounds(assignment, submitted, after_due, alice):
    with pytest.raises(actions.NotAllowed):
        actions.open_review_round(
            alice, assignment, reviews_per_submission=1, criteria=RUBRIC, now=after_due
        )


def test_a_reviewer_scores_and_the_team_is_told_without_a_name(review_round, charlie, alice):
    review = review_round.reviews.get(reviewer=charlie)
    actions.submit_review(charlie, review, scores=scores_for(review))
    assert Score.objects.filter(review=review).count() == 2
    told = Notification.objects.get(kind="feedback_received", recipient=alice)
    assert told.actor is None and "charlie" not in str(told.params).lower()
    # The log has it, and the reviewed side's connections do not show the reviewer.
    assert Interaction.objects.filter(person=charlie, other=alice, kind="reviewed").exists()
    assert charlie not in [person for person, _ in interactions_of(alice, review.round.opened_at)]


def test_someone_elses_review_cannot_be_written(review_round, alice, charlie, mallory):
    review = review_round.reviews.get(reviewer=charlie)
    for person in (alice, mallory):
        with pytest.raises(actions.NotAllowed):
            actions.submit_review(person, review, scores=scores_for(review))
    assert not Score.objects.exists()


def test_reviewing_ones_own_team_by_id_is_not_possible(review_round, alice):
    own = review_round.reviews.filter(submission__workspace__team__name="Red")
    assert not own.filter(reviewer=alice).exists()
    with pytest.raises(actions.NotAllowed):
        actions.submit_review(alice, own.first(), scores=scores_for(own.first()))


@pytest.mark.parametrize(
    "bad",
    [
        lambda review, ids: {ids[0]: (4, "ok")},  # a criterion missing
        lambda review, ids: {**dict.fromkeys(ids, (4, "ok")), 999_999: (1, "")},  # a foreign id
        lambda review, ids: {ids[0]: (6, "ok"), ids[1]: (1, "")},  # out of the scale
        lambda review, ids: {ids[0]: (0, "ok"), ids[1]: (1, "")},
        lambda review, ids: {ids[0]: (3, ""), ids[1]: (1, "")},  # a required comment
        lambda review, ids: {ids[0]: (3, "x" * 4001), ids[1]: (1, "")},  # a huge comment
    ],
)
def test_bad_reviews_are_refused_and_nothing_is_written(review_round, charlie, bad):
    review = review_round.reviews.get(reviewer=charlie)
    ids = list(review.round.criteria.values_list("pk", flat=True))
    with pytest.raises(actions.InvalidReview):
        actions.submit_review(charlie, review, scores=bad(review, ids))
    review.refresh_from_db()
    assert review.submitted_at is None and not Score.objects.exists()


def test_no_review_after_the_round_closes(review_round, instructor, charlie):
    actions.close_review_round(instructor, review_round)
    review = review_round.reviews.get(reviewer=charlie)
    with pytest.raises(actions.ReviewClosed):
        actions.submit_review(charlie, review, scores=scores_for(review))


def test_the_reviewed_team_rates_helpfulness(review_round, charlie, alice, bob, mallory):
    review = review_round.reviews.get(reviewer=charlie)
    with pytest.raises(actions.InvalidReview, match="not been written"):
        actions.rate_review(alice, review, helpful=4)
    actions.submit_review(charlie, review, scores=scores_for(review))
    actions.rate_review(bob, review, helpful=5, note="Very concrete, thanks")
    review.refresh_from_db()
    assert (review.helpful, review.helpful_note) == (5, "Very concrete, thanks")
    for helpful in (0, 6):
        with pytest.raises(actions.InvalidReview):
            actions.rate_review(alice, review, helpful=helpful)
    for outsider in (charlie, mallory):
        with pytest.raises(actions.NotAllowed):
            actions.rate_review(outsider, review, helpful=1)
    review.refresh_from_db()
    assert review.helpful == 5


def test_hostile_comments_are_stored_as_text(review_round, charlie):
    review = review_round.reviews.get(reviewer=charlie)
    actions.submit_review(
        charlie, review, scores=scores_for(review, comment="<img src=x onerror=alert(1)>")
    )
    assert Score.objects.filter(comment="<img src=x onerror=alert(1)>").exists()
