"""IANA time zone helpers: validation, the picker's list, and naming a zone
the way a person reads it ("Asia/Kolkata, UTC+5:30")."""

import zoneinfo
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files

from django.utils import timezone

DEFAULT_TIME_ZONE = "UTC"


@cache
def zone_links():
    """Old IANA names mapped to today's ("Asia/Calcutta" -> "Asia/Kolkata").

    Browsers still report some old names (Chromium says Asia/Calcutta), so names
    are stored in today's spelling. Read from the tzdata package's link lines.
    """
    links = {}
    source = files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    for line in source.splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            # "UTC" stays "UTC" rather than becoming "Etc/UTC": it is the name people know.
            if not target.startswith("Etc/"):
                links[alias] = target
    return links


def canonical_time_zone(name):
    return zone_links().get(name, name)


@cache
def available_time_zones():
    """Sorted names people pick from: today's IANA names, without aliases or 'Etc/' zones."""
    links = zone_links()
    canonical = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name
        and name not in links
        and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return sorted(canonical | {"UTC"})


@cache
def _known_zones():
    return frozenset(zoneinfo.available_timezones())


def is_valid_time_zone(name):
    # Debian's zoneinfo has a "localtime" link to /etc/localtime: the server's own
    # zone, which would change meaning with the host, not a place a person lives.
    return name != "localtime" and name in _known_zones()


@cache
def get_zone(name):
    """The ZoneInfo for a stored name, falling back to UTC for anything unknown.

    Kept for the process: ZoneInfo itself keeps only its eight latest zones, so a member
    list or a roster spanning more read each zone's file again, for every person."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def format_utc_offset(offset: timedelta) -> str:
    """'UTC', 'UTC+9', 'UTC-3:30', 'UTC+5:45'."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def utc_offset_label(zone_name, at: datetime | None = None) -> str:
    at = at or timezone.now()
    return format_utc_offset(at.astimezone(get_zone(zone_name)).utcoffset())


def zone_label(zone_name, at: datetime | None = None) -> str:
    """'Asia/Tokyo (UTC+9)': the zone's name and its offset at that moment."""
    offset = utc_offset_label(zone_name, at)
    return zone_name if offset == zone_name else f"{zone_name} ({offset})"
