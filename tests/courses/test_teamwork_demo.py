"""The demo's teamwork: built by the verbs on top of the demo courses, safe to re-run."""

import random

import pytest

from accounts import demo as accounts_demo
from courses import demo as courses_demo
from courses import teamwork_demo
from courses.models import (
    Assignment,
    Attachment,
    DraftVersion,
    Grade,
    MemberAdjustment,
    ReviewRound,
    Score,
    Submission,
    Task,
    TeammateRating,
)
from lounge import demo as lounge_demo


@pytest.mark.django_db
def test_the_demo_has_an_assignment_in_progress_one_in_review_and_one_closed():
    for _ in range(2):
        for demo in (accounts_demo, lounge_demo, courses_demo, teamwork_demo):
            demo.seed(random.Random(2026))
    assert set(Assignment.objects.values_list("title", flat=True)) == {
        "Study habits survey",
        "Sampling and bias",
        "Describing a data set",
        "Reading a chart",
    }
    review_round = ReviewRound.objects.get(assignment__title="Study habits survey")
    assert review_round.is_open
    assert review_round.reviews.filter(submitted_at__isnull=False).count() == 3
    assert review_round.reviews.filter(helpful=5).count() == 1
    closed = ReviewRound.objects.get(assignment__title="Reading a chart")
    assert closed.status == ReviewRound.Status.CLOSED and closed.graded
    assert not closed.reviews.filter(submitted_at__isnull=True).exists()
    assert closed.reviews.filter(is_late=True).count() == 1
    assert Score.objects.filter(review__round=closed, hidden_at__isnull=False).exists()
    in_progress = Assignment.objects.get(title="Sampling and bias")
    assert Submission.objects.filter(workspace__assignment=in_progress).count() == 1
    assert DraftVersion.objects.filter(workspace__assignment=in_progress).count() >= 5
    # Workspaces with tasks, files and a ledger; a team with an extension.
    assert Task.objects.filter(workspace__assignment=in_progress, done_at__isnull=False).exists()
    assert Attachment.objects.filter(assignment=in_progress, workspace=None).count() == 1
    assert Attachment.objects.filter(workspace__assignment=in_progress).count() == 3
    assert in_progress.workspaces.filter(extended_due_at__isnull=False).count() == 1
    # One closed assignment graded, released, with one member's grade adjusted.
    graded = Assignment.objects.get(title="Describing a data set")
    grades = Grade.objects.filter(workspace__assignment=graded)
    assert grades.count() == graded.workspaces.count()
    assert all(grade.is_released for grade in grades)
    assert MemberAdjustment.objects.filter(grade__workspace__assignment=graded).count() == 1
    assert TeammateRating.objects.filter(workspace__assignment=graded).exists()
