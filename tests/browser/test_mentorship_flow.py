"""A mentee finds a mentor by fit and asks; the mentor accepts; both open their pair
space and read, in their own zone, why they were matched and when they are both free,
and check in. An organiser runs a bulk round in the background, watches its progress,
previews, pins and publishes it."""

import re

import pytest
from playwright.sync_api import expect

from accounts.actions import set_free_hours
from accounts.languages import LANGUAGES
from accounts.models import Interaction, Language
from mentorship import rounds
from mentorship.models import MatchingRound, Pair
from tests.factories import UserFactory
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
    times = mentee.locator(".meeting-times")
    expect(times).to_contain_text("America/New_York")
    expect(times).to_contain_text("for Alice Ames")
    expect(times).to_contain_text("Europe/Berlin")
    expect(times.get_by_role("link").first).to_have_attribute(
        "href", re.compile(r"meeting\.ics\?at=")
    )
    # Bob checks in (htmx swaps the answer in) and says they met.
    check_in = mentee.locator(f"#pair-{pair.pk}-check-in")
    check_in.get_by_label("How is it going?").fill("Our first call went really well!")
    check_in.get_by_label("We met since the last check-in").check()
    check_in.get_by_role("button", name="Send").click()
    expect(check_in.locator(".check-ins")).to_contain_text("Our first call went really well!")
    expect(check_in).to_contain_text("Met 1 time")
    # After the swap: axe leaves empty style attributes behind, which htmx would copy
    # onto the swapped elements of the same id (a CSP report, not a page problem).
    screenshot(mentee, "4-mentee-phone-pair-space")
    assert Interaction.objects.filter(kind="met", person=bob, other=alice).exists()
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_an_organiser_runs_a_round_in_the_background_and_publishes_it(
    languages, settings, live_page, screenshot, browser_errors, instructor
):
    # The page only queues the round, as with the worker in production; the test then
    # does the worker's part.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    programme = build_programme(instructor)
    mentors = [UserFactory(username=f"mentor{n}", display_name=f"Mentor {n}") for n in range(3)]
    mentees = [UserFactory(username=f"mentee{n}", display_name=f"Mentee {n}") for n in range(4)]
    for person in mentors + mentees:
        set_free_hours(person, EVENINGS)
    for person in mentors:
        make_mentor(programme, person, capacity=1, approve_by=instructor)
    for person in mentees:
        make_mentee(programme, person)

    organiser = live_page(instructor, f"/mentorship/{programme.pk}/organise/", viewport=DESKTOP)
    organiser.get_by_role("button", name="Run a round").click()
    progress = organiser.locator("progress")
    expect(progress).to_be_visible()
    expect(organiser.locator(".round-progress")).to_contain_text("Waiting for the worker")
    screenshot(organiser, "1-organiser-desktop-round-running")

    matching_round = MatchingRound.objects.get()
    rounds.compute_round(matching_round.pk)
    # The polling part of the page swaps the preview in by itself.
    expect(organiser.get_by_text("Total score")).to_be_visible()
    expect(progress).to_have_count(0)
    expect(organiser.locator("table").first).to_contain_text("Mentor 0")
    screenshot(organiser, "2-organiser-desktop-preview")

    # On a phone: pin a pair, run again, publish.
    phone = live_page(instructor, f"/mentorship/{programme.pk}/organise/", viewport=PHONE)
    phone.get_by_role("button", name="Pin Mentor 0 and").first.click()
    expect(phone.locator(".message--success")).to_contain_text("Saved")
    phone.get_by_role("button", name="Run again").click()
    expect(phone.locator("progress")).to_be_visible()
    screenshot(phone, "3-organiser-phone-round-running")
    rounds.compute_round(MatchingRound.objects.get(status="running").pk)
    expect(phone.get_by_role("button", name="Publish these pairs")).to_be_visible()
    expect(phone.locator(".badge", has_text="pinned")).to_have_count(1)
    screenshot(phone, "4-organiser-phone-preview")
    phone.get_by_role("button", name="Publish these pairs").click()
    expect(phone.locator(".message--success")).to_contain_text("Published 3 pairs")
    assert Pair.objects.count() == 3
    screenshot(phone, "5-organiser-phone-dashboard")
    assert browser_errors == []
