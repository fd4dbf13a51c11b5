"""A student's main path through study groups, in a real browser: filter the groups of
their course down to those that fit their week (htmx, back button included), open the
one that fits, read its meeting time in their own zone, and join it; and join the
waitlist of a group that is full.

The people live in zones without daylight saving (Asia/Kolkata UTC+5:30, Asia/Tokyo
UTC+9, Asia/Singapore UTC+8), so the expected times hold in any week of the year. The
one Berlin group is chosen to miss the student's free time under both CET and CEST.
"""

import re
import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from accounts.actions import set_free_hours
from accounts.models import Interest, Profile
from courses.actions import create_course, enrol_with_code
from groups.actions import create_group, join_group
from tests.factories import UserFactory

STUDENT_ZONE = "Asia/Kolkata"
STUDENT_NAME = "Priya Raman"
TUE, SAT = 1, 5
# Free Tue 19:00-21:00 and Sat 09:00-12:00 Kolkata time, i.e. Tue 13:30-15:30 UTC and
# Sat 03:30-06:30 UTC.
STUDENT_FREE = [(TUE, 19), (TUE, 20), (SAT, 9), (SAT, 10), (SAT, 11)]

FITS = "Tokyo Tuesday Night Proofs"
EARLY = "Tokyo Early Tuesday"
OVERLAPS = "Tokyo Saturday Afternoon"
BERLIN_FULL = "Berlin Saturday Morning"


def wall_clock(zone_name, weekday, at, *, reference):
    """The instant of `weekday` `at` (wall clock in zone_name) in the week of `reference`."""
    zone = zoneinfo.ZoneInfo(zone_name)
    day = reference.astimezone(zone).date()
    monday = day - timedelta(days=day.weekday())
    return datetime.combine(monday + timedelta(days=weekday), at, tzinfo=zone)


def seen_in(zone_name, moment):
    """'Tue 19:00': how a moment reads on a wall clock in zone_name (the app's weekday style)."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).strftime("%a %H:%M")


def student_is_free(moment, minutes):
    """True when [moment, moment + minutes) lies inside the student's free hours (by hand)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(STUDENT_ZONE))
    hours = range(local.hour, local.hour + -(-(local.minute + minutes) // 60))
    return all((local.weekday(), hour) in STUDENT_FREE for hour in hours)


@pytest.fixture
def study_groups(db):
    """A course with a student and four open groups; only FITS fits the student's week."""
    now = datetime.now(UTC)
    instructor = UserFactory(
        display_name="Dr Ines Iyer", time_zone=STUDENT_ZONE, role=Profile.Role.INSTRUCTOR
    )
    course = create_course(instructor, title="Discrete Mathematics", code="MATH201", term="Spring")
    student = UserFactory(display_name=STUDENT_NAME, time_zone=STUDENT_ZONE)
    tokyo = UserFactory(display_name="Kenji Sato", time_zone="Asia/Tokyo")
    singapore = UserFactory(display_name="Mei Lin Tan", time_zone="Asia/Singapore")
    berlin = UserFactory(display_name="Lena Vogel", time_zone="Europe/Berlin")
    berlin_friend = UserFactory(display_name="Jonas Keller", time_zone="Europe/Berlin")
    for person in (student, tokyo, singapore, berlin, berlin_friend):
        enrol_with_code(person, course.join_code)
    set_free_hours(student, STUDENT_FREE)
    # Kenji free Tue 22:00-24:00 Tokyo and Mei Lin Tue 21:00-23:00 Singapore: both are
    # Tue 13:00-15:00 UTC, which holds the whole Kolkata hour Tue 19:00-20:00 (13:30-14:30
    # UTC) and no other Kolkata hour: the heat map's best time is Tuesday 19:00-20:00.
    set_free_hours(tokyo, [(TUE, 22), (TUE, 23)])
    set_free_hours(singapore, [(TUE, 21), (TUE, 22)])

    def group(owner, name, capacity, weekday, start, minutes):
        return create_group(
            owner,
            name=name,
            description=f"{name}: we work through **the week's problem set** together.\n\n"
            "- *one* problem each\n- then we swap",
            course=course,
            capacity=capacity,
            visibility="open",
            topics=[],
            languages=[],
            slots=[(weekday, start, minutes)],
        )

    # Tue 22:30-23:30 Tokyo = Tue 13:30-14:30 UTC = Tue 19:00-20:00 Kolkata: inside.
    fits = group(tokyo, FITS, 4, TUE, time(22, 30), 60)
    fits.topics.add(Interest.objects.create(name="graph theory"))
    join_group(singapore, fits)
    # Tue 21:00-22:00 Tokyo = Tue 12:00-13:00 UTC = Tue 17:30-18:30 Kolkata: before.
    group(tokyo, EARLY, 6, TUE, time(21, 0), 60)
    # Sat 15:00-16:00 Tokyo = Sat 06:00-07:00 UTC = Sat 11:30-12:30 Kolkata: only its
    # first half hour is free time, so it does not fit (a meeting must fit whole).
    group(tokyo, OVERLAPS, 6, SAT, time(15, 0), 60)
    # Sat 10:00-11:00 Berlin = 09:00 UTC in winter (14:30 Kolkata) or 08:00 UTC in summer
    # (13:30 Kolkata): after the student's Saturday morning either way. Full (2 of 2).
    full = group(berlin, BERLIN_FULL, 2, SAT, time(10, 0), 60)
    join_group(berlin_friend, full)

    # The hand computations above, checked against zoneinfo for this very week.
    meetings = {
        FITS: (wall_clock("Asia/Tokyo", TUE, time(22, 30), reference=now), 60),
        EARLY: (wall_clock("Asia/Tokyo", TUE, time(21, 0), reference=now), 60),
        OVERLAPS: (wall_clock("Asia/Tokyo", SAT, time(15, 0), reference=now), 60),
    }
    assert seen_in(STUDENT_ZONE, meetings[FITS][0]) == "Tue 19:00"
    assert seen_in(STUDENT_ZONE, meetings[EARLY][0]) == "Tue 17:30"
    assert seen_in(STUDENT_ZONE, meetings[OVERLAPS][0]) == "Sat 11:30"
    assert [
        name for name, (start, length) in meetings.items() if student_is_free(start, length)
    ] == [FITS]
    for summer_or_winter in (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC)):
        berlin_start = wall_clock("Europe/Berlin", SAT, time(10, 0), reference=summer_or_winter)
        assert not student_is_free(berlin_start, 60), berlin_start
    return {"student": student, "fits": fits, "full": full, "meetings": meetings}


def shoot(screenshot, page, step):
    """screenshot(page, step), minus an artefact of Playwright's: to hide the caret it leaves
    empty style="" attributes on inputs. htmx's history snapshot copies them, and restoring
    that snapshot (Back, Forward) then breaks the CSP (style-src has no 'unsafe-inline'), so
    browser_errors would hold errors the app never causes. The app's pages carry no style
    attributes of their own (checked before each shot)."""
    assert page.locator("[style]").count() == 0
    path = screenshot(page, step)
    page.evaluate(
        "() => document.querySelectorAll('[style=\"\"]').forEach(e => e.removeAttribute('style'))"
    )
    return path


def card_names(page):
    return page.locator("#group-results .group-card h2")


@pytest.mark.django_db(transaction=True)
def test_student_finds_a_group_that_fits_their_week_and_joins_it(
    new_page, log_in, screenshot, browser_errors, study_groups
):
    page = new_page(timezone_id=STUDENT_ZONE, locale="en-IN")
    log_in(page, study_groups["student"])

    # 1. All four groups of the course, best fit first.
    page.goto("/groups/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Study groups")
    results = page.locator("#group-results")
    expect(results.locator(".results__count")).to_have_text("4 groups found")
    expect(card_names(page)).to_have_count(4)
    expect(card_names(page).first).to_have_text(FITS)
    fitting_card = page.locator(".group-card", has_text=FITS)
    expect(fitting_card.locator(".group-card__description strong")).to_have_text(
        "the week's problem set"
    )
    expect(fitting_card).not_to_contain_text("**")
    expect(fitting_card).to_contain_text("Tue 19:00 your time")
    expect(fitting_card).to_contain_text("1 h of its meetings in your free time")
    overlapping_card = page.locator(".group-card", has_text=OVERLAPS)
    expect(overlapping_card).to_contain_text("Sat 11:30 your time")
    expect(overlapping_card).to_contain_text("0.5 h of its meetings in your free time")
    expect(page.locator(".group-card", has_text=EARLY)).to_contain_text("Tue 17:30 your time")
    expect(page.locator(".group-card", has_text=BERLIN_FULL)).to_contain_text("Full")
    unfiltered_url = page.url
    shoot(screenshot, page, "1-browse-all")

    # The topic field's suggestions arrive when it is first focused.
    expect(page.locator("#topic-options option")).to_have_count(0)
    page.locator("#id_topic").focus()
    expect(page.locator("#topic-options option")).to_have_count(1)
    expect(page.locator("#topic-options option")).to_have_attribute("value", "graph theory")

    # 2. "Fits my week": htmx swaps the results in place and pushes the URL.
    page.evaluate("() => { window.commonsTestMarker = 'same page'; }")
    page.locator("#id_fits").check()
    expect(page).to_have_url(re.compile(r"[?&]fits=on(&|$)"))
    expect(results.locator(".results__count")).to_have_text("1 group found")
    expect(card_names(page)).to_have_text([FITS])
    assert page.evaluate("() => window.commonsTestMarker") == "same page", "the page reloaded"
    shoot(screenshot, page, "2-fits-my-week")

    # The back button brings back the whole list and its URL, still without a reload.
    page.go_back()
    expect(page).to_have_url(unfiltered_url)
    expect(results.locator(".results__count")).to_have_text("4 groups found")
    expect(card_names(page)).to_have_count(4)
    expect(page.locator("#id_fits")).not_to_be_checked()
    assert page.evaluate("() => window.commonsTestMarker") == "same page", "the page reloaded"
    shoot(screenshot, page, "3-back-to-all")
    page.go_forward()
    expect(page).to_have_url(re.compile(r"[?&]fits=on(&|$)"))
    expect(card_names(page)).to_have_text([FITS])

    # 3. The fitting group, its meeting in the student's zone.
    card_names(page).get_by_role("link", name=FITS).click()
    expect(page).to_have_url(re.compile(rf"/groups/{study_groups['fits'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FITS)
    start, minutes = study_groups["meetings"][FITS]
    local_start = seen_in(STUDENT_ZONE, start)
    local_end = seen_in(STUDENT_ZONE, start + timedelta(minutes=minutes)).split()[1]
    meetings = page.locator("ul.meetings li")
    expect(meetings).to_have_count(1)
    expect(meetings.first).to_contain_text(f"Every {local_start}–{local_end}")  # Tue 19:00–20:00
    schedule = page.locator("section", has=page.locator("#schedule-title"))
    expect(schedule).to_contain_text(f"Shown in your time zone, {STUDENT_ZONE} (UTC+5:30).")
    expect(page.locator("footer.site-footer")).to_contain_text(
        f"Times are shown in {STUDENT_ZONE} (UTC+5:30)"
    )
    seats = page.locator(".group__header p.muted").last
    expect(seats).to_have_text("2 of 4 seats taken · 2 open")
    members = page.locator("ul.members li.member > a")
    expect(members).to_have_text(["Kenji Sato", "Mei Lin Tan"])
    heatmap = page.locator("table.heatmap")
    expect(heatmap).to_be_visible()
    expect(heatmap.locator("tbody tr")).to_have_count(24)
    # Row 19:00, column Tue (the first column holds the hour): both members are free.
    expect(heatmap.locator("tbody tr").nth(19).locator("td").nth(TUE)).to_have_text("2")
    best_times = page.locator("ul.best-times li")
    expect(best_times.first).to_have_text("Tuesday 19:00–20:00: 2 of 2 free")
    shoot(screenshot, page, "4-group-page")

    # 4. Join: a welcome, their name among the members, one seat fewer.
    page.get_by_role("button", name="Join group").click()
    expect(page.locator(".messages")).to_contain_text(f"Welcome to {FITS}!")
    expect(members).to_have_text(["Kenji Sato", "Mei Lin Tan", STUDENT_NAME])
    expect(seats).to_have_text("3 of 4 seats taken · 1 open")
    expect(page.locator(".group__actions .pill")).to_have_text("You are a member")
    expect(page.get_by_role("button", name="Join group")).to_have_count(0)
    expect(best_times.first).to_have_text("Tuesday 19:00–20:00: 3 of 3 free")
    shoot(screenshot, page, "5-joined")

    # 5. A full open group offers its waitlist.
    page.goto(f"/groups/{study_groups['full'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(BERLIN_FULL)
    expect(page.locator(".group__header p.muted").last).to_have_text("2 of 2 seats taken · full")
    expect(page.get_by_role("button", name="Join group")).to_have_count(0)
    shoot(screenshot, page, "6-full-group")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.locator(".messages")).to_contain_text(f"You are on the waitlist for {BERLIN_FULL}")
    expect(page.locator(".group__actions")).to_contain_text("You are on the waitlist")
    expect(page.get_by_role("button", name="Leave the waitlist")).to_be_visible()
    expect(page.get_by_role("button", name="Join the waitlist")).to_have_count(0)
    shoot(screenshot, page, "7-on-waitlist")

    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_forward_button_keeps_fits_my_week_ticked(new_page, log_in, screenshot, study_groups):
    page = new_page(timezone_id=STUDENT_ZONE, locale="en-IN")
    log_in(page, study_groups["student"])
    page.goto("/groups/")
    expect(card_names(page)).to_have_count(4)
    page.locator("#id_fits").check()
    expect(card_names(page)).to_have_text([FITS])
    page.go_back()
    expect(card_names(page)).to_have_count(4)
    page.go_forward()
    expect(page).to_have_url(re.compile(r"[?&]fits=on(&|$)"))
    expect(card_names(page)).to_have_text([FITS])
    shoot(screenshot, page, "forward-filtered-and-ticked")
    expect(page.locator("#id_fits")).to_be_checked(timeout=2_000)
