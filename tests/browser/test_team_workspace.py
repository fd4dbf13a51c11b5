"""A team works in its workspace: adds and claims tasks (htmx, no page reload), uploads
a file, and sees who did what; a teammate on a phone rates the team; the instructor
grades the submission and releases it; the student reads their grade."""

import pytest
from playwright.sync_api import expect

from courses import actions
from courses.models import Attachment, Task
from tests.courses.teamwork import enrol, new_assignment, two_teams

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_a_team_works_together_and_is_graded(
    new_page, log_in, screenshot, browser_errors, instructor, alice, bob, tmp_path, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    course = actions.create_course(
        instructor, title="Introduction to Statistics", code="STAT101", term="Spring 2027"
    )
    for person in (alice, bob):
        actions.enrol_with_code(person, course.join_code)
    chen, dana = enrol(course, "chen"), enrol(course, "dana")
    grouping = two_teams(instructor, course, [alice, bob], [chen, dana])
    assignment = new_assignment(instructor, course, grouping)
    red = assignment.workspaces.get(team__name="Red")
    actions.save_draft(bob, red, body="**Question**\n\nWhen do students study?", base_version=0)

    # Bob has the workspace open on his phone while Alice works.
    teammate = new_page(viewport=PHONE)
    log_in(teammate, bob)
    teammate.goto(red.get_absolute_url())
    teammate.wait_for_function("() => document.body.dataset.live === 'open'")

    # Alice adds a task and claims it; the checklist changes in place.
    student = new_page()
    log_in(student, alice)
    student.goto(red.get_absolute_url())
    student.get_by_label("New task").fill("Find three published polls")
    student.get_by_role("button", name="Add the task").click()
    task_row = student.locator(".task", has_text="Find three published polls")
    expect(task_row).to_contain_text("not claimed")
    task_row.get_by_role("button", name="Claim").click()
    expect(task_row).to_contain_text("yours")
    student.get_by_label("New task").fill("Draw the chart")
    student.get_by_role("button", name="Add the task").click()
    expect(student.locator(".task")).to_have_count(2)
    task_row.get_by_role("button", name="Done").click()
    expect(student.locator(".task--done")).to_contain_text("done by Alice Ames")
    # Bob's page shows the new tasks and Alice's count without reloading.
    expect(teammate.locator(".task")).to_have_count(2)
    expect(teammate.locator(".task--done")).to_contain_text("done by Alice Ames")
    expect(teammate.locator("#ledger tr", has_text="Alice Ames").locator("td").nth(1)).to_have_text(
        "1"
    )

    # ... uploads a file, refused first as a program, then taken as a PDF.
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ" + b"\x00" * 200)
    student.get_by_label("Add a file").set_input_files(str(program))
    student.get_by_role("button", name="Upload").click()
    expect(student.locator("#files .error")).to_contain_text("not taken")
    pdf = tmp_path / "Polls.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    student.get_by_label("Add a file").set_input_files(str(pdf))
    student.get_by_role("button", name="Upload").click()
    expect(student.locator(".file-list")).to_contain_text("Polls.pdf")
    with student.expect_download() as download:
        student.get_by_role("link", name="Polls.pdf").click()
    assert download.value.suggested_filename == "Polls.pdf"

    # The ledger counts each member's work.
    ledger = student.locator("#ledger")
    alice_row = ledger.locator("tr", has_text="Alice Ames")
    expect(alice_row.locator("td").nth(1)).to_have_text("1")  # tasks done
    expect(alice_row.locator("td").nth(2)).to_have_text("1")  # files
    expect(ledger.locator("tr", has_text="Bob Baptiste").locator("td").first).to_have_text("1")
    expect(ledger).to_contain_text("added the file “Polls.pdf”")
    screenshot(student, "1-workspace")
    student.set_viewport_size(PHONE)
    screenshot(student, "2-workspace-phone")
    assert Task.objects.filter(done_by=alice).count() == 1
    assert Attachment.objects.count() == 1

    # Bob, on his phone, rates his teammate and himself.
    expect(teammate.locator(".file-list")).to_contain_text("Polls.pdf")
    teammate.get_by_role("link", name="Rate your teammates").click()
    teammate.locator(f"input[name='score_{alice.pk}'][value='5']").check()
    teammate.locator(f"input[name='score_{bob.pk}'][value='3']").check()
    teammate.get_by_label("A note about Alice Ames (optional)").fill("Found every poll.")
    screenshot(teammate, "3-rate-teammates-phone")
    teammate.get_by_role("button", name="Save my ratings").click()
    expect(teammate.locator(".message--success")).to_contain_text("Only your instructors")

    # Alice submits; the instructor sets a rubric, grades and releases.
    red.refresh_from_db()
    actions.submit_work(alice, red, version=red.version)
    teacher = new_page()
    log_in(teacher, instructor)
    teacher.goto(red.get_absolute_url())
    expect(teacher.locator("#ledger")).to_contain_text("5/5 from Bob Baptiste")
    screenshot(teacher, "4-workspace-staff")
    teacher.goto(f"/courses/assignments/{assignment.pk}/grades/rubric/")
    teacher.locator("#id_c-0-title").fill("Sound method")
    teacher.locator("#id_c-0-points").fill("60")
    teacher.locator("#id_c-1-title").fill("Clear writing")
    teacher.locator("#id_c-1-points").fill("40")
    teacher.get_by_role("button", name="Keep the rubric").click()
    teacher.get_by_role("link", name="Grade Red").click()
    teacher.get_by_label("Sound method (out of 60)").fill("50")
    teacher.get_by_label("Clear writing (out of 40)").fill("30")
    teacher.get_by_label("Feedback").fill("A **clear** question. Say how you chose the polls.")
    teacher.get_by_label("Bob Baptiste's grade, if it differs").fill("70")
    teacher.get_by_role("button", name="Save the grade").click()
    expect(teacher.locator(".field--error")).to_contain_text("Say why")
    teacher.get_by_label("Why Bob Baptiste's grade differs").fill("Wrote less of the report.")
    screenshot(teacher, "5-grade-form")
    teacher.get_by_role("button", name="Save the grade").click()
    expect(teacher.locator(".data-table")).to_contain_text("80 / 100")
    teacher.get_by_role("button", name="Release 1 grade").click()
    expect(teacher.locator(".message--success")).to_contain_text("Released 1 grade")
    screenshot(teacher, "6-grades")

    student.set_viewport_size({"width": 1280, "height": 800})
    student.goto(red.get_absolute_url())
    expect(student.locator("#grade-title")).to_have_text("Your grade: 80 / 100")
    expect(student.locator(".callout").last).not_to_contain_text("Wrote less")
    screenshot(student, "7-grade-released")
    student.set_viewport_size(PHONE)
    screenshot(student, "8-grade-released-phone")
    # The refused upload and the grade without a reason answered 400, as they should.
    assert [error for error in browser_errors if "status of 400" not in error] == []


@pytest.mark.django_db(transaction=True)
def test_teams_from_a_csv_and_chosen_by_students(
    new_page, log_in, screenshot, browser_errors, instructor, alice, bob, tmp_path
):
    course = actions.create_course(
        instructor, title="Introduction to Statistics", code="STAT101", term="Spring 2027"
    )
    for person in (alice, bob):
        actions.enrol_with_code(person, course.join_code)
    enrol(course, "chen")

    # A CSV with a broken row: every bad row is listed, nothing is kept.
    teacher = new_page()
    log_in(teacher, instructor)
    teacher.goto(f"/courses/{course.pk}/groupings/")
    csv_file = tmp_path / "teams.csv"
    csv_file.write_text("team,student\nRed,alice\nRed,ghost\nBlue,bob@example.org\nBlue,alice\n")
    teacher.locator("#csv_name").fill("Labs")
    teacher.locator("#csv_file").set_input_files(str(csv_file))
    teacher.get_by_role("button", name="Import the teams").click()
    errors = teacher.get_by_role("list", name="Rows to fix")
    expect(errors).to_contain_text("Line 3: “ghost” is not a student of this course.")
    expect(errors).to_contain_text("Line 5: Alice Ames is already in a team, on line 2.")
    screenshot(teacher, "1-csv-errors")

    # Letting students choose, two teams of at most two.
    teacher.locator("#choice_name").fill("Project teams")
    teacher.get_by_label("Number of teams").fill("2")
    teacher.get_by_label("At most this many in a team").fill("2")
    teacher.get_by_role("button", name="Open the teams").click()
    expect(teacher.locator("h1")).to_have_text("Project teams")
    expect(teacher.locator(".page-heading")).to_contain_text("choosing is open")

    # Alice, on her phone, finds the open teams from the course page and joins one.
    student = new_page(viewport=PHONE)
    log_in(student, alice)
    student.goto(f"/courses/{course.pk}/")
    student.get_by_role("link", name="choose your team for Project teams").click()
    student.get_by_role("button", name="Join Team 1").click()
    expect(student.locator(".message--success")).to_contain_text("You joined Team 1")
    expect(student.locator(".team-card").first).to_contain_text("Alice Ames")
    screenshot(student, "2-choose-team-phone")
    student.set_viewport_size({"width": 1280, "height": 800})
    screenshot(student, "3-choose-team")
    assert browser_errors == [] or all("status of 400" in e for e in browser_errors)
