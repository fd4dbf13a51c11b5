"""Review rounds in full: dated phases that move on by themselves, reminders to those who
still owe reviews, the round's options, flags, hidden comments, reassigning a review and
the grade for reviewing."""

from datetime import timedelta

import pytest

from accounts.models import Block, Interaction, Notification
from accounts.notifications import render_for
from courses import actions
from courses.models import Review, ReviewGrade, ReviewRound
from courses.review_grades import agreement_of, grades_for
from tests.courses.teamwork import RUBRIC, enrol, new_assignment, write_and_submit


@pytest.fixture
def three_teams(course, instructor, alice, bob, charlie):
    """Red (alice, bob), Blue (charlie, dana), Green (erin, finn), all submitted, due a
    minute before `after_due`."""
    for person in (alice, bob, charlie):
        actions.enrol_with_code(person, course.join_code)
    dana, erin, finn = (enrol(course, name) for name in ("dana", "erin", "finn"))
    grouping = actions.create_grouping(
        instructor,
        course,
        name="Three teams",
        teams=[("Red", [alice, bob]), ("Blue", [charlie, dana]), ("Green", [erin, finn])],
    )
    assignment = new_assignment(instructor, course, grouping)
    spaces = {w.team.name: w for w in assignment.workspaces.select_related("team")}
    for name, writer in (("Red", alice), ("Blue", charlie), ("Green", erin)):
        write_and_submit(writer, spaces[name], body=f"{name}'s work")
    return assignment, spaces, {"dana": dana, "erin": erin, "finn": finn}


@pytest.fixture
def after_due(three_teams):
    return three_teams[0].due_at + timedelta(minutes=1)


def open_round(instructor, assignment, now, **options):
    values = {"reviews_per_submission": 2, "criteria": RUBRIC, "seed": 11, "now": now}
    return actions.open_review_round(instructor, assignment, **(values | options))


def scores_for(review, level=4, comment="Clear and well argued."):
    return {c.pk: (level, comment) for c in review.round.criteria.all()}


def write(review, level=4, now=None, comment="Clear and well argued."):
    return actions.submit_review(
        review.reviewer, review, scores=scores_for(review, level, comment), now=now
    )


# Phases


def test_phases_move_on_by_themselves_and_late_reviews_are_marked(
    three_teams, instructor, after_due
):
    assignment, _, _ = three_teams
    due, closes = after_due + timedelta(days=3), after_due + timedelta(days=5)
    round_ = open_round(instructor, assignment, after_due, reviews_due_at=due, closes_at=closes)
    first, second = round_.reviews.order_by("pk")[:2]
    write(first, now=after_due + timedelta(days=1))

    assert actions.advance_review_rounds(due - timedelta(minutes=1)) == 0
    assert actions.advance_review_rounds(due) == 1
    round_.refresh_from_db()
    assert round_.status == ReviewRound.Status.FEEDBACK

    # Late reviews are still taken in the feedback phase, and marked late.
    write(second, now=due + timedelta(hours=2))
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.is_late and not first.is_late

    assert actions.advance_review_rounds(closes) == 1
    round_.refresh_from_db()
    assert round_.status == ReviewRound.Status.CLOSED and round_.closed_at == closes
    with pytest.raises(actions.ReviewClosed):
        write(second)
    reader = first.submission.workspace.team.members.first()
    with pytest.raises(actions.ReviewClosed):
        actions.rate_review(reader, first, helpful=3)


def test_a_round_past_both_dates_closes_in_one_run(three_teams, instructor, after_due):
    round_ = open_round(instructor, three_teams[0], after_due)
    assert actions.advance_review_rounds(round_.closes_at + timedelta(days=30)) == 1
    round_.refresh_from_db()
    assert round_.status == ReviewRound.Status.CLOSED


def test_the_worker_job_runs_the_phases(three_teams, instructor, after_due):
    from accounts.models import ScheduledRun
    from core.schedules import run_due
    from home.schedules import JOBS

    round_ = open_round(instructor, three_teams[0], after_due)
    assert "courses.review_phases" in run_due(
        JOBS, round_.reviews_due_at + timedelta(seconds=5), claim=ScheduledRun.objects.claim
    )
    round_.refresh_from_db()
    assert round_.status == ReviewRound.Status.FEEDBACK


@pytest.mark.parametrize(
    ("due", "closes", "message"),
    [
        (timedelta(minutes=-5), timedelta(days=2), "after the round opens"),
        (timedelta(days=3), timedelta(days=2), "ends after reviews are due"),
        (timedelta(days=3), timedelta(days=3), "ends after reviews are due"),
        (timedelta(days=3), timedelta(days=200), "at most 90 days"),
    ],
)
def test_dates_out_of_order_are_refused_and_nothing_is_written(
    three_teams, instructor, after_due, due, closes, message
):
    with pytest.raises(actions.InvalidReviewRound, match=message):
        open_round(
            instructor,
            three_teams[0],
            after_due,
            reviews_due_at=after_due + due,
            closes_at=after_due + closes,
        )
    assert not ReviewRound.objects.exists() and not Review.objects.exists()


# Reminders


def test_reminders_go_to_those_who_owe_reviews_once_a_day_before_the_due_time(
    three_teams, instructor, after_due, charlie
):
    due = after_due + timedelta(days=5)
    round_ = open_round(instructor, three_teams[0], after_due, reviews_due_at=due)
    done = round_.reviews.filter(reviewer=charlie)
    for review in done:
        write(review)

    assert actions.remind_reviewers(due - timedelta(hours=49)) == 0  # too early
    sent = actions.remind_reviewers(due - timedelta(hours=47))
    assert sent == 5  # six reviewers, charlie is done
    reminded = Notification.objects.filter(kind="review_reminder")
    assert not reminded.filter(recipient=charlie).exists()
    assert actions.remind_reviewers(due - timedelta(hours=30)) == 0  # once a day at most
    assert actions.remind_reviewers(due - timedelta(hours=23)) == 5
    assert actions.remind_reviewers(due + timedelta(hours=1)) == 0  # the phase is over

    notice = reminded.select_related("recipient__profile").first()
    [text] = render_for(notice.recipient, [notice])
    assert "Survey analysis" in text.text and notice.recipient.profile.time_zone in text.text
    assert notice.actor is None


# Options


def test_reviewers_of_one_work_can_be_kept_in_different_teams(three_teams, instructor, after_due):
    round_ = open_round(instructor, three_teams[0], after_due, same_team_reviewers=False)
    for submission_id in set(round_.reviews.values_list("submission_id", flat=True)):
        teams = [
            review.reviewer.team_memberships.get(grouping=three_teams[0].grouping).team_id
            for review in round_.reviews.filter(submission_id=submission_id)
        ]
        assert len(teams) == len(set(teams)) == 2


def test_too_few_other_teams_for_different_team_reviewers_is_refused(
    three_teams, instructor, after_due
):
    with pytest.raises(actions.InvalidReviewRound, match="only 2 other teams"):
        open_round(
            instructor,
            three_teams[0],
            after_due,
            reviews_per_submission=3,
            same_team_reviewers=False,
        )
    assert not ReviewRound.objects.exists()


def test_self_assessment_is_written_but_neither_announced_logged_nor_rated(
    three_teams, instructor, after_due, alice, bob
):
    round_ = open_round(instructor, three_teams[0], after_due, self_assessment=True)
    own = round_.reviews.filter(is_self=True)
    assert own.count() == 6
    mine = own.get(reviewer=alice)
    assert mine.submission.workspace == three_teams[1]["Red"]
    write(mine)
    assert not Notification.objects.filter(kind="feedback_received").exists()
    assert not Interaction.objects.filter(kind="reviewed").exists()
    with pytest.raises(actions.InvalidReview, match="not rated"):
        actions.rate_review(bob, mine, helpful=5)


# Flags and hidden comments


@pytest.fixture
def written(three_teams, instructor, after_due):
    """A round with every review of Red's work written."""
    round_ = open_round(instructor, three_teams[0], after_due, graded=True)
    reviews = list(round_.reviews.filter(submission__workspace__team__name="Red"))
    for review in reviews:
        write(review, comment="You are all useless <b>idiots</b>")
    return round_, reviews


def test_the_reviewed_team_flags_a_review_and_instructors_are_told(
    written, alice, instructor, course, bob
):
    actions.set_course_role(instructor, course, bob, "student")  # stays a student
    _, reviews = written
    actions.flag_review(alice, reviews[0], reason="Insults, not feedback.")
    reviews[0].refresh_from_db()
    assert reviews[0].flagged_by == alice and reviews[0].flag_reason == "Insults, not feedback."
    told = Notification.objects.get(kind="review_flagged")
    assert told.recipient == instructor and told.actor == alice


def test_only_the_reviewed_team_flags_and_with_a_reason(written, alice, charlie, mallory):
    _, reviews = written
    reviewer = reviews[0].reviewer
    for person in (charlie, mallory, reviewer):
        if person.team_memberships.filter(team__name="Red").exists():
            continue
        with pytest.raises(actions.NotAllowed):
            actions.flag_review(person, reviews[0], reason="x")
    for reason in ("", "   ", "x" * 301):
        with pytest.raises(actions.InvalidReview):
            actions.flag_review(alice, reviews[0], reason=reason)
    assert not Review.objects.filter(flagged_at__isnull=False).exists()


def test_an_instructor_hides_a_comment_and_dismisses_the_flag(
    written, alice, instructor, ta, charlie
):
    _, reviews = written
    actions.flag_review(alice, reviews[0], reason="Insults")
    score = reviews[0].scores.first()
    for person in (alice, charlie, ta):
        with pytest.raises(actions.NotAllowed):
            actions.set_comment_hidden(person, score)
    actions.set_comment_hidden(instructor, score)
    score.refresh_from_db()
    assert score.is_hidden and score.hidden_by == instructor
    actions.dismiss_flag(instructor, reviews[0])
    reviews[0].refresh_from_db()
    assert reviews[0].flagged_at is None


# Reassigning


def test_an_owed_review_goes_to_another_eligible_reviewer(
    three_teams, instructor, after_due, alice, bob, charlie
):
    round_ = open_round(instructor, three_teams[0], after_due)
    review = round_.reviews.filter(submission__workspace__team__name="Blue").first()
    eligible = actions.eligible_reviewers(review)
    names = {person.username for person in eligible}
    assert names and names <= {"alice", "bob", "erin", "finn"}
    assert "charlie" not in names and review.reviewer.username not in names
    new = eligible[0]
    actions.reassign_review(instructor, review, new)
    review.refresh_from_db()
    assert review.reviewer == new
    assert Notification.objects.filter(kind="review_assigned", recipient=new, params__count=1)


def test_reassigning_to_the_reviewed_team_or_a_blocked_person_is_refused(
    three_teams, instructor, after_due, charlie, alice, mallory
):
    round_ = open_round(instructor, three_teams[0], after_due)
    review = round_.reviews.filter(submission__workspace__team__name="Blue").first()
    before = review.reviewer_id
    outsiders = [charlie, three_teams[2]["dana"], mallory]  # own team, own team, in no team
    candidates = list(actions.eligible_reviewers(review))
    Block.objects.create(blocker=candidates[0], blocked=charlie)
    for person in [*outsiders, candidates[0]]:
        with pytest.raises(actions.InvalidReview, match="cannot review this work"):
            actions.reassign_review(instructor, review, person)
    review.refresh_from_db()
    assert review.reviewer_id == before


def test_only_instructors_reassign_and_only_owed_reviews(
    three_teams, instructor, after_due, alice, ta
):
    round_ = open_round(instructor, three_teams[0], after_due)
    review = round_.reviews.filter(submission__workspace__team__name="Blue").first()
    target = actions.eligible_reviewers(review)[0]
    for person in (alice, ta):
        with pytest.raises(actions.NotAllowed):
            actions.reassign_review(person, review, target)
    write(review)
    with pytest.raises(actions.InvalidReview, match="Only an owed"):
        actions.reassign_review(instructor, review, target)


# Grades for reviewing


def test_agreement_is_the_distance_to_the_others_mean_on_each_scale():
    assert agreement_of({1: 5}, [{1: 5}, {1: 5}], {1: 5}) == 1
    assert agreement_of({1: 1}, [{1: 5}], {1: 5}) == 0
    assert agreement_of({1: 3, 2: 4}, [{1: 5, 2: 4}], {1: 5, 2: 4}) == pytest.approx(0.75)
    assert agreement_of({1: 3}, [], {1: 5}) is None


def test_review_grades_from_helpfulness_agreement_and_work_done(
    three_teams, instructor, after_due, alice
):
    round_ = open_round(instructor, three_teams[0], after_due, graded=True)
    red = list(round_.reviews.filter(submission__workspace__team__name="Red").order_by("pk"))
    write(red[0], level=4)
    write(red[1], level=2)
    actions.rate_review(alice, red[0], helpful=5)
    actions.rate_review(alice, red[1], helpful=1)
    grades = grades_for(round_)
    first, second = grades[red[0].reviewer_id], grades[red[1].reviewer_id]
    # Scales 5 and 4: 2 apart is a half and two thirds of the way; each owes two reviews.
    agreement = 1 - (2 / 4 + 2 / 3) / 2
    assert first.agreement == pytest.approx(agreement) and first.helpfulness == 1
    assert first.computed == round(100 * (1 + agreement) / 2 * first.done / first.owed)
    assert second.computed == round(100 * (0 + agreement) / 2 * second.done / second.owed)
    idle = [g for g in grades.values() if g.done == 0]
    assert idle and all(g.computed == 0 for g in idle)


def test_an_instructor_overrides_a_review_grade_with_a_reason(
    three_teams, instructor, after_due, alice
):
    round_ = open_round(instructor, three_teams[0], after_due, graded=True)
    reviewer = round_.reviews.first().reviewer
    for points, reason in ((101, "x"), (-1, "x"), (50, ""), ("50", "x")):
        with pytest.raises(actions.InvalidReview):
            actions.set_review_grade(instructor, round_, reviewer, points=points, reason=reason)
    with pytest.raises(actions.NotAllowed):
        actions.set_review_grade(alice, round_, reviewer, points=90, reason="Self-serving")
    assert not ReviewGrade.objects.exists()
    actions.set_review_grade(instructor, round_, reviewer, points=90, reason="Thorough")
    assert grades_for(round_)[reviewer.pk].points == 90
    actions.set_review_grade(instructor, round_, reviewer, points=None)
    assert grades_for(round_)[reviewer.pk].override is None


def test_ungraded_rounds_take_no_grades(three_teams, instructor, after_due):
    round_ = open_round(instructor, three_teams[0], after_due)
    with pytest.raises(actions.InvalidReview, match="does not grade"):
        actions.set_review_grade(
            instructor, round_, round_.reviews.first().reviewer, points=80, reason="ok"
        )
