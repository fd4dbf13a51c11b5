"""Time zone names: the picker's list, validation, and labels like 'Asia/Kolkata (UTC+5:30)'."""

import zoneinfo
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.timezones import (
    available_time_zones,
    format_utc_offset,
    get_zone,
    is_valid_time_zone,
    zone_label,
)

JANUARY = datetime(2026, 1, 15, 12, tzinfo=UTC)
JULY = datetime(2026, 7, 15, 12, tzinfo=UTC)


# --- available_time_zones ---------------------------------------------------------------------


def test_picker_list_is_sorted_and_has_no_duplicates():
    zones = available_time_zones()
    assert zones == sorted(set(zones))


@pytest.mark.parametrize(
    "zone",
    [
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "Asia/Tokyo",
        "Asia/Kolkata",
        "America/St_Johns",
        "Asia/Kathmandu",
        "Pacific/Auckland",
        "America/Argentina/Buenos_Aires",
    ],
)
def test_picker_list_offers_real_places(zone):
    assert zone in available_time_zones()


def test_picker_list_leaves_out_legacy_and_technical_names():
    zones = available_time_zones()
    for name in ("US/Pacific", "Etc/GMT+5", "Etc/UTC", "EST5EDT", "GMT", "Japan", "localtime"):
        assert name not in zones
    assert not [name for name in zones if name.startswith(("posix/", "right/", "SystemV/"))]
    assert [name for name in zones if "/" not in name] == ["UTC"]


def test_every_zone_in_the_picker_is_valid():
    # Set arithmetic, not 600 calls: each is_valid_time_zone() call rescans the zoneinfo tree.
    assert set(available_time_zones()) <= zoneinfo.available_timezones() - {"localtime"}
    assert is_valid_time_zone(available_time_zones()[0])
    assert is_valid_time_zone(available_time_zones()[-1])


def test_picker_list_is_computed_once():
    assert available_time_zones() is available_time_zones()


# --- is_valid_time_zone -----------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/St_Johns", "US/Pacific"])
def test_iana_names_are_valid(zone):
    assert is_valid_time_zone(zone)


@pytest.mark.parametrize(
    "zone",
    [
        "Mars/Olympus_Mons",
        "",
        " ",
        "x" * 10_000,
        "europe/berlin",
        "Europe/Berlin ",
        "../../../../etc/passwd",
        "/usr/share/zoneinfo/UTC",
        "Europe/Berlin\x00",
        "posix/Europe/Berlin",
        "localtime",
        None,
    ],
)
def test_other_values_are_not_valid(zone):
    assert not is_valid_time_zone(zone)


# --- get_zone ---------------------------------------------------------------------------------


def test_get_zone_loads_a_known_zone():
    assert get_zone("Asia/Kathmandu") == ZoneInfo("Asia/Kathmandu")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../../etc/passwd", None, "x" * 10_000])
def test_get_zone_falls_back_to_utc_for_anything_unknown(zone):
    assert get_zone(zone) == ZoneInfo("UTC")


# --- format_utc_offset ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "label"),
    [
        (timedelta(0), "UTC"),
        (timedelta(hours=1), "UTC+1"),
        (timedelta(hours=9), "UTC+9"),
        (timedelta(hours=-5), "UTC-5"),
        (timedelta(hours=5, minutes=30), "UTC+5:30"),
        (timedelta(hours=5, minutes=45), "UTC+5:45"),
        (-timedelta(hours=3, minutes=30), "UTC-3:30"),
        (-timedelta(hours=2, minutes=30), "UTC-2:30"),
        (-timedelta(minutes=30), "UTC-0:30"),
        (timedelta(minutes=30), "UTC+0:30"),
        (timedelta(hours=12, minutes=45), "UTC+12:45"),
        (timedelta(hours=14), "UTC+14"),
        (timedelta(hours=-12), "UTC-12"),
    ],
)
def test_format_utc_offset(offset, label):
    assert format_utc_offset(offset) == label


# --- zone_label -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "at", "label"),
    [
        ("Asia/Tokyo", JANUARY, "Asia/Tokyo (UTC+9)"),
        ("Asia/Kolkata", JULY, "Asia/Kolkata (UTC+5:30)"),
        ("Asia/Kathmandu", JANUARY, "Asia/Kathmandu (UTC+5:45)"),
        ("America/St_Johns", JANUARY, "America/St_Johns (UTC-3:30)"),
        ("America/St_Johns", JULY, "America/St_Johns (UTC-2:30)"),
        ("Europe/London", JANUARY, "Europe/London (UTC)"),
        ("Europe/London", JULY, "Europe/London (UTC+1)"),
        ("Europe/Berlin", JULY, "Europe/Berlin (UTC+2)"),
        ("America/New_York", JANUARY, "America/New_York (UTC-5)"),
        ("America/New_York", JULY, "America/New_York (UTC-4)"),
        ("Pacific/Auckland", JANUARY, "Pacific/Auckland (UTC+13)"),
        ("Pacific/Chatham", JANUARY, "Pacific/Chatham (UTC+13:45)"),
    ],
)
def test_zone_label_shows_the_offset_at_that_moment(zone, at, label):
    assert zone_label(zone, at) == label


def test_zone_label_for_utc_does_not_repeat_itself():
    assert zone_label("UTC", JULY) == "UTC"


def test_zone_label_follows_the_dst_change_to_the_minute():
    # New York springs forward on Sunday 8 March 2026 at 02:00 EST = 07:00 UTC.
    assert zone_label("America/New_York", datetime(2026, 3, 8, 6, 59, tzinfo=UTC)).endswith(
        "(UTC-5)"
    )
    assert zone_label("America/New_York", datetime(2026, 3, 8, 7, 0, tzinfo=UTC)).endswith(
        "(UTC-4)"
    )


def test_zone_label_for_an_unknown_stored_zone_shows_utc():
    assert zone_label("Mars/Olympus_Mons", JANUARY) == "Mars/Olympus_Mons (UTC)"


def test_zone_label_defaults_to_now():
    assert zone_label("Asia/Tokyo") == "Asia/Tokyo (UTC+9)"
