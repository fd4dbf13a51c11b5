"""Suggested meeting times for a pair: the hours of the coming fortnight when both are
free (their weekly availability, accounts.availability), one a day, shown in each
person's zone with the zone named; and one of them as an iCalendar event."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.availability import free_counts

from .localized import DAY_TIME, in_zone

DAYS_AHEAD = 14
SHOWN = 4
LENGTH = timedelta(hours=1)
# Suggested starts are at least this far ahead: time to agree on one.
LEAD_TIME = timedelta(hours=2)


@dataclass(frozen=True)
class MeetingTime:
    starts_at: datetime  # UTC, on the hour

    @property
    def key(self):
        """The start as it travels in a link: 2026-12-08T18:00Z."""
        return self.starts_at.strftime("%Y-%m-%dT%H:%MZ")

    def local(self, person):
        return self.starts_at.astimezone(person.profile.zone)


def suggested_times(pair, now=None, *, shown=SHOWN):
    """Up to `shown` hour-long times in the coming DAYS_AHEAD days when both are free,
    at most one per UTC day, soonest first."""
    now = now or timezone.now()
    first = (now + LEAD_TIME).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    first = first.astimezone(UTC)
    spans = [
        (first + timedelta(hours=step), first + timedelta(hours=step) + LENGTH)
        for step in range(DAYS_AHEAD * 24)
    ]
    counts, _total = free_counts([pair.mentor_id, pair.mentee_id], spans)
    chosen, days = [], set()
    for (start, _end), count in zip(spans, counts, strict=True):
        if count == 2 and start.date() not in days:
            days.add(start.date())
            chosen.append(MeetingTime(start))
            if len(chosen) == shown:
                break
    return chosen


def shown_to(viewer, pair, now=None, *, shown=SHOWN):
    """The suggested times, each also in the zone of the pair's people whose clock
    differs from the viewer's: [{"key", "starts_at", "elsewhere": [(name, text)]}]."""
    rows = []
    for time in suggested_times(pair, now, shown=shown):
        mine = time.local(viewer)
        elsewhere = []
        for person in pair.members():
            local = time.local(person)
            if person.pk != viewer.pk and local.utcoffset() != mine.utcoffset():
                text = f"{in_zone(local, local.tzinfo, DAY_TIME)} {person.profile.time_zone}"
                elsewhere.append((person.display_name, text))
        rows.append({"key": time.key, "starts_at": time.starts_at, "elsewhere": elsewhere})
    return rows


def parse_key(value):
    """A MeetingTime from its `key`, or None for anything else."""
    try:
        starts_at = datetime.strptime(value or "", "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return MeetingTime(starts_at)


def meeting_calendar(pair, meeting_time, *, site_url=""):
    """One hour-long event at `meeting_time`, for either of the two."""
    calendar = Calendar()
    calendar.add("prodid", "-//Commons//Mentorship//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"mentoring-{pair.pk}-{meeting_time.key}@{settings.ALLOWED_HOSTS[0]}")
    names = {"mentor": pair.mentor.display_name, "mentee": pair.mentee.display_name}
    event.add("summary", _("Mentoring: %(mentor)s & %(mentee)s") % names)
    event.add("dtstart", meeting_time.starts_at)
    event.add("duration", LENGTH)
    event.add("dtstamp", timezone.now())
    url = f"{site_url}{pair.get_absolute_url()}" if site_url else ""
    description = _("%(programme)s: your mentoring call.") % {"programme": pair.programme.name}
    if url:
        event.add("url", url)
        description = f"{description}\n\n{url}"
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
