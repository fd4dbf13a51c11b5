"""A review round from start to end in the browser: teams formed from availability, an
assignment submitted by both teams; the instructor opens a round with dates and options;
a reviewer writes on a phone; the round moves to its feedback phase by itself; the
reviewed team rates one review and flags another without leaving the page; the
instructor hides the flagged comment, reassigns an owed review and sets a grade for
reviewing on the progress board."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses import actions
from courses.models import Assignment, Grouping, Review, ReviewGrade, Score
from tests.courses.teamwork import EVENINGS, MORNINGS, enrol

PHONE = {"width": 390, "height": 844}


def build_course(instructor):
    course = actions.create_course(
        instructor, title="Introduction to Statistics", code="STAT101", term="Spring 2027"
    )
    for name in ("eve", "erin", "emil"):
        enrol(course, name, free=EVENINGS)
    for name in ("mo", "mia", "max"):
        enrol(course, name, free=MORNINGS)
    proposal = actions.propose_teams(
        instructor, course, min_size=3, max_size=3, min_shared_hours=2, now=timezone.now()
    )
    grouping = actions.create_grouping(
        instructor,
        course,
        name="Project teams",
        teams=[(team.name, team.members) for team in proposal],
        method=Grouping.Method.AUTO,
        min_size=3,
        max_size=3,
        min_shared_hours=2,
    )
    assignment = actions.create_assignment(
        instructor,
        course,
        title="Survey analysis",
        brief="Analyse the **survey** together.",
        due_at=timezone.now() + timedelta(days=2),
        time_zone="Asia/Kolkata",
        grouping=grouping,
        late_policy="refuse",
        late_hours=0,
    )
    for workspace in assignment.workspaces.select_related("team"):
        writer = workspace.team.members.order_by("username").first()
        actions.save_draft(
            writer,
            workspace,
            body=f"**Findings of {workspace.team.name}**\n\nMost study late.",
            base_version=0,
        )
        actions.submit_work(writer, workspace, version=1)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    return course, Assignment.objects.get(pk=assignment.pk)


@pytest.mark.django_db(transaction=True)
def test_a_review_round_runs_through_its_phases(
    new_page, log_in, screenshot, browser_errors, instructor
):
    course, assignment = build_course(instructor)

    # The instructor opens the round: dates default to a week each, in their zone.
    teacher = new_page()
    log_in(teacher, instructor)
    teacher.goto(f"/courses/assignments/{assignment.pk}/review-round/")
    expect(teacher.get_by_text("Asia/Kolkata").first).to_be_visible()
    teacher.get_by_label("Reviews of each submission").fill("2")
    teacher.get_by_label("Each student also assesses their own team's work").check()
    teacher.get_by_label("Grade reviewing, from helpfulness").check()
    teacher.locator("#id_criteria-0-title").fill("Clear findings")
    teacher.locator("#id_criteria-0-prompt").fill("What would make the findings clearer?")
    teacher.locator("#id_criteria-0-comment_required").check()
    screenshot(teacher, "1-open-round")
    teacher.get_by_role("button", name="Open the round").click()
    expect(teacher.locator("#round-title")).to_be_visible()
    expect(teacher.locator("main")).to_contain_text("Review phase")

    # A reviewer writes their review on a phone.
    reviews = list(Review.objects.filter(is_self=False).select_related("reviewer"))
    first = reviews[0]
    reviewer = new_page(viewport=PHONE)
    log_in(reviewer, first.reviewer)
    reviewer.goto(f"/courses/assignments/{assignment.pk}/")
    expect(reviewer.get_by_text("Assess your own team's work")).to_be_visible()
    reviewer.goto(f"/courses/reviews/{first.pk}/")
    reviewer.get_by_label("4").check()
    reviewer.get_by_label("What would make the findings clearer?").fill(
        "Say how many people answered. The chart helps."
    )
    screenshot(reviewer, "2-review-phone")
    reviewer.get_by_role("button", name="Send my review").click()
    expect(reviewer.locator(".message--success")).to_contain_text("your review is in")

    # The other review of the same work, a rude one, is written too.
    second = (
        Review.objects.filter(submission=first.submission, is_self=False).exclude(pk=first.pk).get()
    )
    criterion = second.round.criteria.get()
    actions.submit_review(
        second.reviewer, second, scores={criterion.pk: (1, "Rubbish, all of it.")}
    )

    # Reviews are due: the worker's job moves the round to its feedback phase.
    actions.advance_review_rounds(second.round.reviews_due_at)

    # The reviewed team rates one review and flags the other, without reloading.
    author = first.submission.workspace.team.members.order_by("username").first()
    team = new_page()
    log_in(team, author)
    team.goto(f"/courses/workspaces/{first.submission.workspace_id}/feedback/")
    expect(team.locator("main")).to_contain_text("Feedback phase")
    cards = team.locator(".review-card")
    expect(cards).to_have_count(2)
    helpful = cards.filter(has_text="Say how many people answered")
    helpful.get_by_label("5").check()
    helpful.get_by_label("A note for the reviewer (optional)").fill("Thanks, we added the count.")
    helpful.get_by_role("button", name="Rate this review").click()
    expect(helpful).to_contain_text("Rated 5/5 helpful")
    rude = cards.filter(has_text="Rubbish")
    rude.get_by_text("Report this review as abusive").click()
    rude.get_by_label("What is wrong with this review?").fill("Insulting, and says nothing.")
    # (Screenshots come after the swaps: axe-core leaves style attributes behind, which
    # htmx would copy onto the swapped card under the page's strict CSP.)
    rude.get_by_role("button", name="Send to the instructors").click()
    expect(rude).to_contain_text("the course's instructors will look at it")
    screenshot(team, "3-feedback-rated-and-flagged")
    for reviewer_of_red in (first.reviewer, second.reviewer):
        # As a word: "Mo" is in "Mon 14 Dec" too.
        name = re.compile(rf"\b{re.escape(reviewer_of_red.display_name)}\b")
        expect(team.locator("main")).not_to_contain_text(name)
    team.set_viewport_size(PHONE)
    screenshot(team, "4-feedback-phone")

    # The instructor's board: the flag, who owes what; hide the comment, reassign, grade.
    teacher.goto(f"/courses/assignments/{assignment.pk}/review-board/")
    expect(teacher.locator("#flagged-title")).to_be_visible()
    expect(teacher.locator("main")).to_contain_text("Insulting, and says nothing.")
    screenshot(teacher, "5-board")
    teacher.get_by_role("button", name="Hide this comment from the team").click()
    expect(teacher.get_by_role("button", name="Show this comment again")).to_be_visible()
    assert Score.objects.get(review=second).is_hidden
    owed = Review.objects.filter(is_self=False, submitted_at__isnull=True).first()
    teacher.goto(f"/courses/reviews/{owed.pk}/reassign/")
    teacher.locator("#id_reviewer").select_option(index=1)
    teacher.get_by_role("button", name="Reassign the review").click()
    expect(teacher.locator(".message--success")).to_contain_text("new reviewer")
    row = teacher.locator("tr", has_text=second.reviewer.display_name).first
    row.get_by_text("Set the grade").click()
    row.get_by_label("Grade (out of 100)").fill("10")
    row.get_by_label("Reason").fill("Insulting review, hidden.")
    row.get_by_role("button", name="Save the grade").click()
    expect(teacher.locator(".message--success")).to_contain_text("grade is saved")
    assert ReviewGrade.objects.get(reviewer=second.reviewer).points == 10
    teacher.set_viewport_size(PHONE)
    screenshot(teacher, "6-board-phone")

    # The hidden comment is gone from the team's page.
    team.reload()
    expect(team.locator("main")).not_to_contain_text("Rubbish")
    expect(team.locator("main")).to_contain_text("hidden by the course staff")
    assert browser_errors == []
