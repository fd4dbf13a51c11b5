"""An instructor opens the isolation radar of a course, invites a student who is alone
to a study group with one click, and the student's open page hears of it at once."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Interaction
from courses import actions as course_actions
from groups import health_refresh
from tests.factories import UserFactory
from tests.groups.conftest import build_group

SHOTS = Path("/tmp/shots-health")


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_one_click_from_the_radar_reaches_the_student_live(
    live_page, screenshot, browser_errors, instructor, alice, bob, charlie
):
    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Spring"
    )
    for person in (alice, bob, charlie):
        course_actions.enrol_with_code(person, course.join_code)
    more = [UserFactory(display_name=f"Student {n}") for n in range(4)]
    for person in more:
        course_actions.enrol_with_code(person, course.join_code)
    group = build_group(bob, name="Bayes club", course=course)
    for person in (bob, charlie, *more[:2]):
        Interaction.objects.create(person=person, other=more[3], kind="replied")
    Interaction.objects.create(person=alice, other=instructor, kind="messaged")
    health_refresh.refresh(course.pk)

    student_page = live_page(alice, "/groups/")
    badge = student_page.locator("#notification-badge")
    expect(badge).to_have_attribute("data-unread", "0")
    radar = live_page(instructor, f"/courses/{course.pk}/health/")
    row = radar.locator(f"#student-{alice.pk}")
    expect(row).to_contain_text("Only with staff")
    shoot(radar, "radar-desktop")
    screenshot(radar, "radar-desktop")

    row.get_by_role("button", name="Invite to Bayes club").click()

    expect(radar.locator(f"#student-{alice.pk}-outcome")).to_have_text(
        "Invited Alice Ames to Bayes club."
    )
    expect(badge).to_have_attribute("data-unread", "1")
    student_page.locator(".bell__button").click()
    expect(student_page.locator(".bell__latest li").first).to_contain_text(
        "invited you to the study group Bayes club"
    )
    shoot(radar, "radar-after-invite-desktop")

    phone = live_page(
        instructor, f"/courses/{course.pk}/health/", viewport={"width": 390, "height": 844}
    )
    shoot(phone, "radar-phone")
    screenshot(phone, "radar-phone")
    groups_page = live_page(instructor, f"/courses/{course.pk}/health/groups/")
    shoot(groups_page, "groups-desktop")
    screenshot(groups_page, "groups-desktop")
    groups_phone = live_page(
        instructor, f"/courses/{course.pk}/health/groups/", viewport={"width": 390, "height": 844}
    )
    shoot(groups_phone, "groups-phone")
    screenshot(groups_phone, "groups-phone")
    assert group.pk
    assert browser_errors == []
