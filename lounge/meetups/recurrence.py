"""When a meetup's occurrences are. A recurring meetup repeats at the wall-clock time of
its first occurrence in the organiser's zone, so its UTC start moves with DST; a viewer
sees each occurrence converted from UTC to their own zone.

Occurrences are numbered from 0 (the first). A wall-clock time that does not exist on
some date (the hour skipped when clocks go forward) is read with the offset from before
the change, so it lands an hour later on the clock, as calendar programs do."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from accounts.timezones import get_zone

INTERVAL_DAYS = {"weekly": 7, "fortnightly": 14}


@dataclass(frozen=True)
class When:
    """An occurrence's index and its UTC start and end."""

    index: int
    starts_at: datetime
    ends_at: datetime


def _interval(recurrence):
    return INTERVAL_DAYS.get(recurrence)


def start_of(starts_at, time_zone, recurrence, index):
    """The UTC start of occurrence `index` of a meetup first starting at `starts_at`."""
    if index == 0:
        return starts_at
    interval = _interval(recurrence)
    if interval is None:
        raise ValueError("a one-off meetup has one occurrence")
    zone = get_zone(time_zone)
    first = starts_at.astimezone(zone)
    day = first.date() + timedelta(days=interval * index)
    return datetime.combine(day, first.time(), tzinfo=zone).astimezone(UTC)


def last_index(starts_at, time_zone, recurrence, repeat_until):
    """The index of the last occurrence: none starts on a local day after `repeat_until`."""
    interval = _interval(recurrence)
    if interval is None or repeat_until is None:
        return 0
    first_day = starts_at.astimezone(get_zone(time_zone)).date()
    return max(0, (repeat_until - first_day).days // interval)


def last_start(starts_at, time_zone, recurrence, repeat_until):
    index = last_index(starts_at, time_zone, recurrence, repeat_until)
    return start_of(starts_at, time_zone, recurrence, index)


def when(meetup, index):
    start = start_of(meetup.starts_at, meetup.time_zone, meetup.recurrence, index)
    return When(index, start, start + timedelta(minutes=meetup.duration_minutes))


def has_index(meetup, index):
    return (
        0
        <= index
        <= last_index(meetup.starts_at, meetup.time_zone, meetup.recurrence, meetup.repeat_until)
    )


def occurrences_between(meetup, start, end):
    """The occurrences of `meetup` that have not ended by `start` and begin before `end`,
    in order."""
    last = last_index(meetup.starts_at, meetup.time_zone, meetup.recurrence, meetup.repeat_until)
    interval = _interval(meetup.recurrence)
    duration = timedelta(minutes=meetup.duration_minutes)
    first_index = 0
    if interval is not None and start > meetup.starts_at:
        # Jump close to `start` (a day early, for DST), then walk.
        elapsed = (start - meetup.starts_at - duration).days - 1
        first_index = min(last, max(0, elapsed // interval))
    found = []
    for index in range(first_index, last + 1):
        occurrence = when(meetup, index)
        if occurrence.starts_at >= end:
            break
        if occurrence.ends_at > start:
            found.append(occurrence)
    return found


def local_date(moment, time_zone) -> date:
    return moment.astimezone(get_zone(time_zone)).date()
