"""IANA time zone helpers: validation, the picker's list, and naming a zone
the way a person reads it ("Asia/Kolkata, UTC+5:30")."""

import zoneinfo
from datetime import datetime, timedelta
from functools import cache

from django.utils import timezone

DEFAULT_TIME_ZONE = "UTC"


@cache
def available_time_zones():
    """Sorted IANA names people pick from; legacy aliases like 'US/Pacific' are left out."""
    names = zoneinfo.available_timezones()
    canonical = {
        name
        for name in names
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    }
    return sorted(canonical | {"UTC"})


def is_valid_time_zone(name):
    return name in zoneinfo.available_timezones()


def get_zone(name):
    """The ZoneInfo for a stored name, falling back to UTC for anything unknown."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
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
