"""Review rounds move through their phases by themselves: at `reviews_due_at` the
review phase gives way to feedback (late reviews are still taken, marked late), at
`closes_at` the round closes. Reviewers who still owe reviews are reminded, at most once
a day, in the last REMIND_WITHIN before reviews are due. Run every minute by the worker
(courses/schedules.py); a late run catches up once."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count

from accounts.actions import notify_many
from accounts.models import User

from ..models import Review, ReviewRound
from .courses import course_channel
from .reviews import end_review_round

REMIND_WITHIN = timedelta(hours=48)
REMIND_EVERY = timedelta(hours=24)


@transaction.atomic
def advance_review_rounds(now):
    """Moves every round whose phase has ended on; returns how many moved."""
    due = list(
        ReviewRound.objects.select_for_update(skip_locked=True)
        .exclude(status=ReviewRound.Status.CLOSED)
        .filter(reviews_due_at__lte=now)
    )
    moved = 0
    for round_ in due:
        if round_.closes_at <= now:
            end_review_round(round_, now)
            moved += 1
        elif round_.status == ReviewRound.Status.REVIEW:
            round_.status = ReviewRound.Status.FEEDBACK
            round_.save(update_fields=["status"])
            moved += 1
    return moved


@transaction.atomic
def remind_reviewers(now):
    """Tells each reviewer who still owes reviews in a round due within REMIND_WITHIN
    how many, unless that round reminded its reviewers less than a day ago. Returns
    the number of notifications made."""
    rounds = list(
        ReviewRound.objects.select_for_update(skip_locked=True)
        .filter(
            status=ReviewRound.Status.REVIEW,
            reviews_due_at__gt=now,
            reviews_due_at__lte=now + REMIND_WITHIN,
        )
        .select_related("assignment__course")
    )
    rounds = [r for r in rounds if r.reminded_at is None or now - r.reminded_at >= REMIND_EVERY]
    items = []
    for round_ in rounds:
        owed = dict(
            Review.objects.filter(round=round_, submitted_at__isnull=True)
            .values("reviewer_id")
            .annotate(count=Count("pk"))
            .values_list("reviewer_id", "count")
        )
        assignment = round_.assignment
        channel = course_channel(assignment.course)
        items += [
            (
                person,
                "review_reminder",
                {
                    "target": round_,
                    "scope": channel,
                    "count": owed[person.pk],
                    "assignment": assignment.title,
                    "due": {"at": round_.reviews_due_at.isoformat()},
                    "url": assignment.get_absolute_url(),
                },
            )
            for person in User.objects.filter(pk__in=owed)
        ]
        round_.reminded_at = now
        round_.save(update_fields=["reminded_at"])
    return len(notify_many(items))


def run_review_phases(now):
    """The periodic job: phases first, so a round that just left review is not reminded."""
    return advance_review_rounds(now), remind_reviewers(now)
