"""Recurring wall-clock times kept as real UTC minutes, one row per stretch per week.

Fit, "fits my week" and "members free when I am" compare thousands of groups' meetings
with people's free time. Worked out in Python on every request, that costs hundreds of
milliseconds; kept as integer minute ranges per UTC week, the database filters and
sorts by it (overlap is LEAST(end) - GREATEST(start)).

A week is worked out for everyone the first time it is needed (or ahead of time by the
periodic job) and marked done; from then on each change to the source (a person's free
hours or zone, a group's meetings) rewrites that owner's rows in every marked week that
has been worked out. Weeks that have passed are pruned by the periodic job, which also
works out the coming week ahead of its first page.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, Expression, F, IntegerField, Value

from .availability import WEEK, Interval, free_intervals, schedules_by_id, week_start
from .models import FreeTimeRange, FreeTimeWeek

# Long enough to cover a week and the next; a marker outlives no pruned week.
MARKER_TIMEOUT = int((2 * WEEK).total_seconds())


def week_of(now: datetime) -> date:
    """The Monday (a date) of the UTC week holding `now`: the key of a week's rows."""
    return week_start(now).date()


def weeks_in_view(now: datetime) -> list[date]:
    """This week and the next: enough for every "next meeting" within seven days."""
    this_week = week_of(now)
    return [this_week, this_week + WEEK]


def week_start_of(week: date) -> datetime:
    return datetime.combine(week, time.min, tzinfo=UTC)


def as_minutes(intervals: list[Interval], week: date) -> list[tuple[int, int]]:
    """UTC intervals inside `week` as (start, end) minutes from its Monday 00:00 UTC."""
    origin = week_start_of(week)
    return [
        ((start - origin) // timedelta(minutes=1), (end - origin) // timedelta(minutes=1))
        for start, end in intervals
    ]


class _RangesExpression(Expression):
    """SQL over a row's `start_minute` and `end_minute` against a fixed list of (start,
    end) minute ranges, one term per range, as a single expression node. Spelled with
    F(), Q(), Greatest and Least it takes a dozen nodes per range, which the ORM copies
    and resolves on every query it is part of: milliseconds per page for a week of a
    dozen free stretches. The SQL is the same either way."""

    # One range's term: {start} and {end} are the row's columns, each %s a bound of the
    # range, named in order by `bounds`.
    term = ""
    bounds = ()
    joiner = ""

    def __init__(self, ranges, output_field):
        if not ranges:
            raise ValueError("no ranges to compare with")
        super().__init__(output_field=output_field)
        self.ranges = tuple(ranges)
        self.start, self.end = F("start_minute"), F("end_minute")

    def get_source_expressions(self):
        return [self.start, self.end]

    def set_source_expressions(self, exprs):
        self.start, self.end = exprs

    def as_sql(self, compiler, connection):
        (start, start_params), (end, end_params) = map(compiler.compile, (self.start, self.end))
        if start_params or end_params:
            raise ValueError("start_minute and end_minute must be plain columns")
        # SQLite spells GREATEST and LEAST of several values MAX and MIN.
        greatest, least = ("MAX", "MIN") if connection.vendor == "sqlite" else ("GREATEST", "LEAST")
        term = self.term.format(start=start, end=end, greatest=greatest, least=least)
        params = []
        for range_start, range_end in self.ranges:
            bound = {"start": range_start, "end": range_end}
            params.extend(bound[name] for name in self.bounds)
        return "(" + self.joiner.join([term] * len(self.ranges)) + ")", params


class _OverlapMinutes(_RangesExpression):
    term = "{greatest}(0, {least}({end}, %s) - {greatest}({start}, %s))"
    bounds = ("end", "start")
    joiner = " + "


class _AnyRange(_RangesExpression):
    joiner = " OR "


class _Overlapping(_AnyRange):
    term = "({start} < %s AND {end} > %s)"
    bounds = ("end", "start")


class _InsideOneOf(_AnyRange):
    term = "({start} >= %s AND {end} <= %s)"
    bounds = ("start", "end")


def overlap_minutes(ranges: list[tuple[int, int]]):
    """An expression: minutes a row's [start_minute, end_minute) shares with `ranges`
    (disjoint (start, end) minute pairs of the same week). Zero for no ranges."""
    if not ranges:
        return Value(0)
    return _OverlapMinutes(ranges, IntegerField())


def overlapping(ranges: list[tuple[int, int]]):
    """A filter: rows that share at least a minute with one of `ranges` (not empty)."""
    return _Overlapping(ranges, BooleanField())


def inside_one_of(ranges: list[tuple[int, int]]):
    """A filter: rows that lie wholly inside one of `ranges` (not empty)."""
    return _InsideOneOf(ranges, BooleanField())


@dataclass(frozen=True)
class WeekTable:
    """One kind of week ranges: its marker model, its range model, the field naming the
    owner, and `rows(week, owner_ids)` building the unsaved rows of those owners (all
    owners when `owner_ids` is None) for that week."""

    name: str
    marker: type
    ranges: type
    owner_field: str
    rows: object

    def _cache_key(self, week):
        return f"week-ranges:{self.name}:{week.isoformat()}"

    def ensure(self, weeks):
        """Work out each of these weeks for every owner unless that is done already:
        a cache read once it is, a query while the cache does not know yet."""
        missing = [week for week in weeks if not cache.get(self._cache_key(week))]
        if missing:
            done = set(self.marker.objects.filter(week__in=missing).values_list("week", flat=True))
            for week in missing:
                if week not in done:
                    self._work_out(week)
                self._remember(week)

    def _work_out(self, week):
        with transaction.atomic():
            # Concurrent first requests queue on the marker's unique index; the one
            # that loses finds the winner's rows committed with the marker.
            _, created = self.marker.objects.get_or_create(week=week)
            if created:
                self.ranges.objects.bulk_create(self.rows(week, None), batch_size=2000)

    def _remember(self, week):
        remember = partial(cache.set, self._cache_key(week), True, MARKER_TIMEOUT)
        if connection.in_atomic_block:
            # Inside a caller's transaction the rows exist only once it commits.
            transaction.on_commit(remember)
        else:
            remember()

    def refresh(self, owner_ids):
        """Rewrite these owners' rows in every worked-out week (past ones are pruned):
        call after their source changed, in the same transaction."""
        owner_ids = list(owner_ids)
        weeks = list(self.marker.objects.values_list("week", flat=True))
        if not weeks or not owner_ids:
            return
        owner_filter = {f"{self.owner_field}__in": owner_ids}
        self.ranges.objects.filter(week__in=weeks, **owner_filter).delete()
        self.ranges.objects.bulk_create(
            [row for week in weeks for row in self.rows(week, owner_ids)], batch_size=2000
        )

    def prepare(self, now):
        """The periodic job: work out the weeks in view ahead of the first page that
        needs them, and drop the weeks that have passed."""
        self.ensure(weeks_in_view(now))
        this_week = week_of(now)
        self.ranges.objects.filter(week__lt=this_week).delete()
        self.marker.objects.filter(week__lt=this_week).delete()


def _free_time_rows(week, user_ids):
    from .models import AvailabilitySlot

    if user_ids is None:
        user_ids = AvailabilitySlot.objects.values_list("user_id", flat=True).distinct()
    start = week_start_of(week)
    rows = []
    for user_id, schedule in schedules_by_id(user_ids).items():
        for start_minute, end_minute in as_minutes(
            free_intervals(schedule, start, start + WEEK), week
        ):
            rows.append(
                FreeTimeRange(
                    user_id=user_id, week=week, start_minute=start_minute, end_minute=end_minute
                )
            )
    return rows


FREE_TIME = WeekTable("free-time", FreeTimeWeek, FreeTimeRange, "user", _free_time_rows)


def free_minutes(user, week) -> list[tuple[int, int]]:
    """`user`'s free time in `week` (worked out already) as (start, end) minutes."""
    return list(
        FreeTimeRange.objects.filter(user=user, week=week)
        .order_by("start_minute")
        .values_list("start_minute", "end_minute")
    )
