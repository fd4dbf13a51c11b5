"""An instructor forms teams from availability and sets an assignment; a student drafts
and submits for their team; after the deadline a reviewer from the other team reviews
it; the team reads the feedback, anonymous, and rates it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.actions import set_free_hours
from courses import actions
from courses.models import Assignment, Review
from tests.courses.teamwork import EVENINGS, MORNINGS, enrol

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_team_assignment_from_teams_to_feedback(
    new_page, log_in, screenshot, browser_errors, instructor, alice, charlie
):
    course = actions.create_course(
        instructor, title="Introduction to Statistics", code="STAT101", term="Spring 2027"
    )
    for person, free in [(alice, EVENINGS), (charlie, MORNINGS)]:
        actions.enrol_with_code(person, course.join_code)
        set_free_hours(person, free)
    for name in ("eve", "erin"):
        enrol(course, name, free=EVENINGS)
    for name in ("mo", "mia"):
        enrol(course, name, free=MORNINGS)

    # The instructor previews teams formed from availability, then keeps them.
    teacher = new_page()
    log_in(teacher, instructor)
    teacher.goto(f"/courses/{course.pk}/groupings/")
    teacher.get_by_label("Name").first.fill("Project teams")
    teacher.get_by_label("Smallest team").fill("3")
    teacher.get_by_label("Largest team").fill("3")
    teacher.get_by_label("Hours a week every member is free").fill("2")
    teacher.get_by_role("button", name="Preview teams").click()
    expect(teacher.locator(".team-card")).to_have_count(2)
    expect(teacher.locator(".team-card").first).to_contain_text("hours a week")
    screenshot(teacher, "1-proposed-teams")
    teacher.get_by_role("button", name="Keep these teams").click()
    expect(teacher.locator("h1")).to_have_text("Project teams")

    # ... and sets the assignment, due in their own zone.
    teacher.goto(f"/courses/{course.pk}/assignments/new/")
    teacher.get_by_label("Title").fill("Survey analysis")
    teacher.get_by_label("Brief").fill("Analyse the **survey** together. <script>alert(1)</script>")
    due = timezone.now() + timedelta(days=5)
    teacher.get_by_label("Due date").fill(due.strftime("%Y-%m-%d"))
    teacher.get_by_label("Due time").fill("18:00")
    teacher.get_by_label("Teams from").select_option(label="Project teams")
    teacher.get_by_role("button", name="Set the assignment").click()
    expect(teacher.locator(".due")).to_contain_text("Asia/Kolkata")
    expect(teacher.locator(".data-table")).to_contain_text("not yet")
    screenshot(teacher, "2-assignment-instructor")
    assignment = Assignment.objects.get()

    # Alice (Berlin) drafts and submits for her team.
    student = new_page()
    log_in(student, alice)
    student.goto(f"/courses/{course.pk}/")
    student.get_by_role("link", name="Survey analysis").click()
    expect(student.locator(".due")).to_contain_text("Europe/Berlin")
    student.get_by_role("link", name="Open the workspace").click()
    student.get_by_role("textbox", name="Draft").fill(
        "**Findings**\n\nMost students study in the evening."
    )
    student.get_by_role("button", name="Save a version").click()
    expect(student.locator(".message--success")).to_contain_text("Draft saved")
    student.get_by_role("textbox", name="Draft").fill(
        "**Findings**\n\nMost students study in the evening, alone.\n\nGroups help."
    )
    student.get_by_role("button", name="Save a version").click()
    student.get_by_role("link", name="Version 2").click()
    expect(student.locator(".diff__line--added").first).to_contain_text("alone")
    screenshot(student, "3-diff")
    student.go_back()
    screenshot(student, "4-workspace-before-submitting")
    student.get_by_role("button", name="Submit version 2").click()
    expect(student.locator("#submitted-title")).to_be_visible()
    student.set_viewport_size(PHONE)
    screenshot(student, "5-workspace-submitted-phone")

    # The other team submits too; then the deadline passes.
    other = assignment.workspaces.exclude(team__members=alice).get()
    actions.save_draft(charlie, other, body="Our morning survey.", base_version=0)
    actions.submit_work(charlie, other, version=1)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(minutes=1))

    # The instructor opens a review round with a one-criterion rubric.
    teacher.goto(f"/courses/assignments/{assignment.pk}/")
    teacher.get_by_role("link", name="Open a review round").click()
    teacher.get_by_label("Reviews of each submission").fill("3")
    teacher.locator("#id_criteria-0-title").fill("Clear findings")
    teacher.locator("#id_criteria-0-prompt").fill("What would make the findings clearer?")
    teacher.locator("#id_criteria-0-comment_required").check()
    screenshot(teacher, "6-open-review-round")
    teacher.get_by_role("button", name="Open the round").click()
    expect(teacher.locator("#round-title")).to_be_visible()

    # Charlie, on a phone, reviews the other team's work.
    review = Review.objects.get(reviewer=charlie)
    reviewer = new_page(viewport=PHONE)
    log_in(reviewer, charlie)
    reviewer.goto(f"/courses/assignments/{assignment.pk}/")
    reviewer.get_by_role("link", name="Review 1").click()
    expect(reviewer.locator(".prose")).to_contain_text("Most students study in the evening")
    reviewer.get_by_label("4").check()
    reviewer.get_by_label("What would make the findings clearer?").fill(
        "Say how many people answered. The point about groups is good."
    )
    screenshot(reviewer, "7-review-phone")
    reviewer.get_by_role("button", name="Send my review").click()
    expect(reviewer.locator(".message--success")).to_contain_text("your review is in")

    # Alice reads the feedback, with no reviewer's name, and rates it.
    student.set_viewport_size({"width": 1280, "height": 900})
    student.goto(f"/courses/workspaces/{review.submission.workspace_id}/feedback/")
    card = student.locator(".review-card")
    expect(card).to_contain_text("Say how many people answered")
    expect(card).not_to_contain_text("Charlie")
    card.get_by_label("5").check()
    card.get_by_label("A note for the reviewer (optional)").fill("Thanks, we added the count.")
    card.get_by_role("button", name="Rate this review").click()
    expect(student.locator(".message--success")).to_contain_text("how helpful")
    screenshot(student, "8-feedback")
    student.set_viewport_size(PHONE)
    screenshot(student, "9-feedback-phone")
    review.refresh_from_db()
    assert review.helpful == 5
    assert browser_errors == []
