"""Meetups as iCalendar events: in the organiser's zone (a TZID with its VTIMEZONE), an
RRULE for a repeating one and an EXDATE for each skipped date, so calendar programs
show every date at the right time in their own zone."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from accounts.timezones import get_zone

from . import recurrence
from .models import Meetup

FREQUENCIES = {
    Meetup.Recurrence.WEEKLY: {"freq": "WEEKLY"},
    Meetup.Recurrence.FORTNIGHTLY: {"freq": "WEEKLY", "interval": 2},
}


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//Commons//Meetups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def meetup_event(meetup, skipped_indexes=(), *, site_url=""):
    zone = get_zone(meetup.time_zone)
    event = Event()
    event.add("uid", f"meetup-{meetup.pk}@{settings.ALLOWED_HOSTS[0]}")
    event.add("summary", meetup.title)
    event.add("dtstart", meetup.starts_at.astimezone(zone))
    event.add("duration", timedelta(minutes=meetup.duration_minutes))
    event.add("dtstamp", timezone.now())
    if meetup.repeats:
        last = recurrence.when(
            meetup,
            recurrence.last_index(
                meetup.starts_at, meetup.time_zone, meetup.recurrence, meetup.repeat_until
            ),
        )
        event.add("rrule", vRecur(**FREQUENCIES[meetup.recurrence], until=last.starts_at))
        for index in sorted(skipped_indexes):
            event.add("exdate", recurrence.when(meetup, index).starts_at.astimezone(zone))
    if meetup.is_cancelled:
        event.add("status", "CANCELLED")
    description = meetup.description
    url = f"{site_url}{meetup.get_absolute_url()}" if site_url else ""
    if url:
        event.add("url", url)
        description = f"{description}\n\n{url}".strip()
    if description:
        event.add("description", description)
    if meetup.where == Meetup.Where.LINK:
        event.add("location", meetup.call_url)
    elif meetup.where == Meetup.Where.PLACE:
        event.add("location", meetup.place)
    return event


def skipped_by_meetup(meetups):
    from .models import Occurrence

    skipped = {}
    for meetup_id, index in Occurrence.objects.filter(
        meetup__in=meetups, skipped_at__isnull=False
    ).values_list("meetup_id", "index"):
        skipped.setdefault(meetup_id, []).append(index)
    return skipped


def meetup_calendar(meetup, *, site_url=""):
    calendar = new_calendar(meetup.title)
    skipped = skipped_by_meetup([meetup]).get(meetup.pk, [])
    calendar.add_component(meetup_event(meetup, skipped, site_url=site_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
