"""An instructor opens the isolation radar of a course, invites a student who is alone
to a study group with one click, and the student's open page hears of it at once."""

import pytest
from playwright.sync_api import expect

from accounts.models import Interaction
from courses import actions as course_actions
from groups import health_refresh
from groups.models import Invitation
from tests.factories import UserFactory
from tests.groups.conftest import build_group


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
    screenshot(radar, "radar-desktop")

    row.get_by_role("button", name="Invite to Bayes club").click()

    expect(radar.locator(f"#student-{alice.pk}-outcome")).to_have_text(
        "Invited Alice Ames to Bayes club."
    )
    expect(badge).to_have_attribute("data-unread", "1")
    screenshot(radar, "radar-after-invite-desktop")
    student_page.locator(".bell__button").click()
    expect(student_page.locator(".bell__latest li").first).to_contain_text(
        "invited you to the study group Bayes club"
    )
    assert Invitation.objects.filter(group=group, invitee=alice).exists()

    phone = live_page(
        instructor, f"/courses/{course.pk}/health/", viewport={"width": 390, "height": 844}
    )
    screenshot(phone, "radar-phone")
    groups_page = live_page(instructor, f"/courses/{course.pk}/health/groups/")
    screenshot(groups_page, "groups-desktop")
    groups_phone = live_page(
        instructor, f"/courses/{course.pk}/health/groups/", viewport={"width": 390, "height": 844}
    )
    screenshot(groups_phone, "groups-phone")
    assert browser_errors == []
