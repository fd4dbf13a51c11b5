"""The group's weekly meetings as an iCalendar feed, in the zone each was entered in."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from accounts.timezones import get_zone

from .schedule import next_meeting

ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def group_events(group, now):
    """One repeating event per weekly meeting of `group`."""
    events = []
    for slot in group.meeting_slots.all():
        zone = get_zone(slot.time_zone)
        first = next_meeting([slot], now).astimezone(zone)
        event = Event()
        event.add("uid", f"group-{group.pk}-slot-{slot.pk}@{settings.ALLOWED_HOSTS[0]}")
        event.add("summary", _("%(group)s: study group meeting") % {"group": group.name})
        event.add("dtstart", datetime.combine(first.date(), slot.start_time, tzinfo=zone))
        event.add("duration", slot.duration)
        event.add("rrule", vRecur(freq="WEEKLY", byday=ICAL_WEEKDAYS[slot.weekday]))
        event.add("dtstamp", now)
        if group.description:
            event.add("description", group.description)
        if group.location:
            event.add("location", group.location)
            if group.location.startswith(("https://", "http://")):
                event.add("url", group.location)
        events.append(event)
    return events


def group_calendar(group):
    calendar = Calendar()
    calendar.add("prodid", "-//Commons//Study groups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("%(group)s (study group)") % {"group": group.name})
    for event in group_events(group, timezone.now()):
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
