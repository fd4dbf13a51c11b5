"""A new person's first steps, in a real browser: a group with meetings added row by row
(one past midnight) and where it meets; a conversation started by name; and home
offering to switch to the device's time zone."""

import pytest
from playwright.sync_api import expect

from accounts.models import Profile
from groups.models import MeetingSlot, StudyGroup
from lounge.models import Channel
from tests.factories import UserFactory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def people(db):
    ana = UserFactory(username="ana", display_name="Ana Souza", time_zone="Europe/Berlin")
    dev = UserFactory(username="dev", display_name="Dev Patel", time_zone="Asia/Kolkata")
    devon = UserFactory(username="devon", display_name="Devon Lee", time_zone="UTC")
    return {"ana": ana, "dev": dev, "devon": devon}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_group_with_meetings_added_row_by_row(
    new_page, log_in, screenshot, people, browser_errors, viewport
):
    page = log_in(new_page(viewport=PHONE if viewport == "phone" else DESKTOP), people["ana"])
    page.goto("/groups/new/")
    page.locator("#id_name").fill("Night owls")
    page.get_by_label("Where we meet").fill("https://meet.example.org/owls")
    page.get_by_label("Meeting 1 day").select_option(label="Tuesday")
    page.get_by_label("Meeting 1 start (hh:mm)").fill("23:00")
    page.get_by_label("Meeting 1 end (hh:mm)").fill("01:00")
    page.get_by_role("button", name="Add a meeting").click()
    # Added in place, focused, without a round trip.
    expect(page.get_by_label("Meeting 2 day")).to_be_focused()
    page.get_by_label("Meeting 2 day").select_option(label="Thursday")
    page.get_by_label("Meeting 2 start (hh:mm)").fill("18:30")
    page.get_by_label("Meeting 2 end (hh:mm)").fill("19:45")
    screenshot(page, f"{viewport}-form-filled")
    page.get_by_role("button", name="Create group").click()

    expect(page.get_by_role("heading", name="Night owls", level=1)).to_be_visible()
    expect(page.locator(".meetings li")).to_have_count(2)
    expect(page.get_by_text("Tue 23:00–01:00")).to_be_visible()
    expect(page.get_by_role("link", name="https://meet.example.org/owls")).to_be_visible()
    screenshot(page, f"{viewport}-group-page")
    group = StudyGroup.objects.get(name="Night owls")
    assert sorted(
        MeetingSlot.objects.filter(group=group).values_list("duration_minutes", flat=True)
    ) == [75, 120]
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_adding_a_meeting_without_javascript_keeps_what_was_typed(new_page, log_in, people):
    page = log_in(new_page(java_script_enabled=False), people["ana"])
    page.goto("/groups/new/")
    page.locator("#id_name").fill("Offline owls")
    page.get_by_label("Meeting 1 day").select_option(label="Monday")
    page.get_by_label("Meeting 1 start (hh:mm)").fill("07:00")
    page.get_by_label("Meeting 1 end (hh:mm)").fill("08:00")
    page.get_by_role("button", name="Add a meeting").click()
    expect(page.locator("#id_name")).to_have_value("Offline owls")
    expect(page.get_by_label("Meeting 1 start (hh:mm)")).to_have_value("07:00")
    expect(page.get_by_label("Meeting 2 day")).to_be_visible()
    assert not StudyGroup.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_conversation_started_by_name(new_page, log_in, screenshot, people, browser_errors):
    page = log_in(new_page(viewport=PHONE), people["ana"])
    page.goto("/lounge/direct/")
    page.get_by_label("Find people by name").fill("dev")
    expect(page.get_by_label("Dev Patel")).to_be_visible()
    page.wait_for_load_state("networkidle")  # no search still on its way to replace the list
    page.get_by_label("Dev Patel").check()
    # Searching again keeps who was ticked.
    page.get_by_label("Find people by name").fill("lee")
    expect(page.get_by_label("Devon Lee")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label("Dev Patel")).to_be_checked()
    page.get_by_label("Devon Lee").check()
    screenshot(page, "phone-people-ticked")
    page.get_by_role("button", name="Open conversation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dev Patel")
    channel = Channel.objects.get(kind=Channel.Kind.DIRECT)
    assert set(channel.memberships.values_list("user__username", flat=True)) == {
        "ana",
        "dev",
        "devon",
    }
    assert browser_errors == []


@pytest.mark.django_db(transaction=True)
def test_home_offers_the_devices_zone_and_remembers_keep(new_page, log_in, screenshot, people):
    ana = people["ana"]  # Europe/Berlin, confirmed
    page = log_in(new_page(viewport=PHONE, timezone_id="Asia/Tokyo"), ana)
    page.goto("/")
    offer = page.locator("#zone-differs")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Your device is set to Asia/Tokyo")
    screenshot(page, "phone-zone-offer")
    offer.get_by_role("button", name="Keep Europe/Berlin").click()
    expect(offer).to_be_hidden()
    page.reload()
    expect(page.locator("#zone-differs")).to_be_hidden()

    other = log_in(new_page(timezone_id="Asia/Tokyo"), ana)
    other.goto("/")
    other.get_by_role("button", name="Switch to Asia/Tokyo").click()
    expect(other.get_by_text("Times are now shown in Asia/Tokyo")).to_be_visible()
    assert Profile.objects.get(user=ana).time_zone == "Asia/Tokyo"


@pytest.mark.django_db(transaction=True)
def test_no_offer_when_the_device_is_in_the_profiles_zone(new_page, log_in, people):
    page = log_in(new_page(timezone_id="Europe/Berlin"), people["ana"])
    page.goto("/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#zone-differs")).to_be_hidden()
