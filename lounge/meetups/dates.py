"""Meetups' dates as pages show them: each occurrence from the rule, with its row's
seats, counts and skip (when it has a row) and the viewer's own answer. A page of dates
costs two queries whatever the number of meetups."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery

from . import recurrence
from .models import Meetup, Occurrence, Rsvp

# A meetup "starting soon" is this close; "happening now" is between start and end.
SOON = timedelta(hours=2)


@dataclass
class Date:
    meetup: Meetup
    index: int
    starts_at: datetime
    ends_at: datetime
    row: Occurrence | None = None
    mine: Rsvp | None = None

    @property
    def going_count(self):
        return self.row.going_count if self.row else 0

    @property
    def capacity(self):
        return self.row.capacity if self.row else self.meetup.capacity

    @property
    def open_seats(self):
        return None if self.capacity is None else max(0, self.capacity - self.going_count)

    @property
    def is_skipped(self):
        return bool(self.row and self.row.is_skipped)

    @property
    def my_status(self):
        return self.mine.status if self.mine else ""

    def is_past(self, now):
        return self.ends_at <= now

    def is_now(self, now):
        return self.starts_at <= now < self.ends_at

    def is_soon(self, now):
        return now < self.starts_at <= now + SOON

    @property
    def key(self):
        return f"{self.meetup.pk}-{self.index}"


def dates_between(meetups, start, end, *, viewer=None, limit=None, newest_first=False):
    """Every date of `meetups` overlapping [start, end), soonest first (or newest first),
    at most `limit`, with rows and `viewer`'s answers attached."""
    dates = [
        Date(meetup, when.index, when.starts_at, when.ends_at)
        for meetup in meetups
        for when in recurrence.occurrences_between(meetup, start, end)
    ]
    dates.sort(key=lambda date: (date.starts_at, date.meetup.pk), reverse=newest_first)
    if limit is not None:
        dates = dates[:limit]
    return attach(dates, viewer)


def attach(dates, viewer=None):
    """Fill each date's row and the viewer's answer, in one query for any number: the
    answer's few fields come with the rows."""
    if not dates:
        return dates
    rows = Occurrence.objects.filter(
        meetup_id__in={date.meetup.pk for date in dates},
        index__in={date.index for date in dates},
    )
    if viewer is not None:
        mine = Rsvp.objects.filter(occurrence=OuterRef("pk"), user=viewer)
        rows = rows.annotate(
            my_rsvp_id=Subquery(mine.values("pk")),
            my_status=Subquery(mine.values("status")),
            my_check_in=Subquery(mine.values("check_in")),
        )
    by_key = {(row.meetup_id, row.index): row for row in rows}
    for date in dates:
        date.row = by_key.get((date.meetup.pk, date.index))
        if date.row is not None and getattr(date.row, "my_rsvp_id", None):
            date.mine = Rsvp(
                pk=date.row.my_rsvp_id,
                occurrence=date.row,
                user=viewer,
                status=date.row.my_status,
                check_in=date.row.my_check_in,
            )
    return dates


def date_of(meetup, index, viewer=None):
    when = recurrence.when(meetup, index)
    return attach([Date(meetup, index, when.starts_at, when.ends_at)], viewer)[0]


def default_index(meetup, now):
    """The date a meetup's page opens on: the one happening or next, else the last."""
    upcoming = recurrence.occurrences_between(meetup, now, datetime.max.replace(tzinfo=now.tzinfo))
    if upcoming:
        return upcoming[0].index
    return recurrence.last_index(
        meetup.starts_at, meetup.time_zone, meetup.recurrence, meetup.repeat_until
    )
