"""A mentee finds a mentor by fit and asks; the mentor accepts; both open their pair
space and read, in their own zone, why they were matched."""

import pytest
from playwright.sync_api import expect

from accounts.actions import set_free_hours
from accounts.languages import LANGUAGES
from accounts.models import Language
from mentorship.models import Pair
from tests.mentorship.conftest import EVENINGS, build_programme, make_mentee, make_mentor

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def languages(transactional_db):
    """The languages a migration adds, back after an earlier test's flush emptied them."""
    Language.objects.bulk_create(
        [Language(code=code, name=name) for code, name in LANGUAGES], ignore_conflicts=True
    )


@pytest.mark.django_db(transaction=True)
def test_a_mentee_asks_and_the_mentor_accepts(
    languages, live_page, screenshot, browser_errors, alice, bob, instructor
):
    programme = build_programme(instructor)
    set_free_hours(alice, EVENINGS)
    set_free_hours(bob, [(day, hour) for day in (1, 2, 3) for hour in (13, 14)])
    make_mentor(
        programme, alice, approve_by=instructor, note="I took STAT101 last year; ask me anything."
    )
    make_mentee(programme, bob)

    # Bob (New York) browses mentors on his phone and sees why Alice fits.
    mentee = live_page(bob, programme.get_absolute_url(), viewport=PHONE)
    card = mentee.locator(f"#mentor-{alice.pk}")
    expect(card).to_contain_text("you both speak Portuguese")
    expect(card).to_contain_text("mostly Tue–Thu afternoons your time (America/New_York)")
    screenshot(mentee, "1-mentee-phone-mentors")
    card.get_by_label("Message to Alice Ames").fill("Hi! Could you help me with regression?")
    card.get_by_role("button", name="Ask to be mentored").click()
    expect(mentee.locator(".message--success")).to_contain_text("Your request went to Alice Ames")

    # Alice (Berlin) accepts from her mentorship page, at desktop width.
    mentor = live_page(alice, "/mentorship/", viewport=DESKTOP)
    expect(mentor.get_by_text("Could you help me with regression?")).to_be_visible()
    screenshot(mentor, "2-mentor-desktop-request")
    mentor.get_by_label("Your answer (optional)").fill("Gladly: Tuesday evenings work for me.")
    mentor.get_by_role("button", name="Accept").click()
    expect(mentor.locator("h1")).to_have_text("You mentor Bob Baptiste")
    expect(mentor.locator("#why-title + ul")).to_contain_text(
        "mostly Tue–Thu evenings your time (Europe/Berlin)"
    )
    mentor.get_by_label("New goal").fill("Work through chapter 4 on regression")
    mentor.get_by_role("button", name="Add").click()
    expect(mentor.locator(".checklist")).to_contain_text("Work through chapter 4")
    screenshot(mentor, "3-mentor-desktop-pair-space")

    # Bob sees the same pair space from his side, in his zone, on his phone.
    pair = Pair.objects.get()
    mentee.goto(pair.get_absolute_url())
    expect(mentee.locator("h1")).to_have_text("Alice Ames mentors you")
    expect(mentee.locator("#why-title + ul")).to_contain_text("your time (America/New_York)")
    expect(mentee.get_by_role("link", name="Open our chat")).to_be_visible()
    mentee.get_by_role("button", name="Work through chapter 4 on regression (to do)").click()
    expect(mentee.locator(".checklist__done")).to_contain_text("Work through chapter 4")
    screenshot(mentee, "4-mentee-phone-pair-space")
    assert browser_errors == []
