"""A repeating meetup keeps its wall-clock time in the organiser's zone across DST, and
every viewer's zone shows the real instant."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from lounge.meetups import recurrence
from lounge.meetups.models import Meetup

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")


def meetup_at(local, zone, rule="weekly", until=None, minutes=60):
    return Meetup(
        starts_at=local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC),
        time_zone=zone,
        recurrence=rule,
        repeat_until=until,
        duration_minutes=minutes,
    )


def test_weekly_madrid_meetup_stays_at_19_across_the_eu_change():
    # Tuesday 17 March 2026, 19:00 CET; Europe changes on 29 March, the US on 8 March.
    meetup = meetup_at(datetime(2026, 3, 17, 19), "Europe/Madrid", until=date(2026, 4, 14))
    starts = [recurrence.when(meetup, i).starts_at for i in range(5)]
    assert [s.astimezone(MADRID).strftime("%a %d %H:%M") for s in starts] == [
        "Tue 17 19:00",
        "Tue 24 19:00",
        "Tue 31 19:00",
        "Tue 07 19:00",
        "Tue 14 19:00",
    ]
    # In UTC the hour moves when Europe changes, not before.
    assert [s.hour for s in starts] == [18, 18, 17, 17, 17]


def test_a_new_york_viewer_sees_the_gap_between_the_two_changes():
    meetup = meetup_at(datetime(2026, 3, 3, 19), "Europe/Madrid", until=date(2026, 4, 7))
    seen = [recurrence.when(meetup, i).starts_at.astimezone(NEW_YORK).hour for i in range(6)]
    # 3, 10, 17, 24, 31 March, 7 April: 14:00 in New York while only the US has changed
    # (8-29 March), 13:00 before and after.
    assert seen == [13, 14, 14, 14, 13, 13]


def test_fortnightly_and_its_last_date():
    meetup = meetup_at(
        datetime(2026, 10, 20, 18), "America/New_York", "fortnightly", date(2026, 12, 1)
    )
    assert (
        recurrence.last_index(meetup.starts_at, meetup.time_zone, "fortnightly", date(2026, 12, 1))
        == 3
    )
    days = [recurrence.when(meetup, i).starts_at.astimezone(NEW_YORK) for i in range(4)]
    assert [d.strftime("%m-%d %H:%M") for d in days] == [
        "10-20 18:00",
        "11-03 18:00",
        "11-17 18:00",
        "12-01 18:00",
    ]
    assert recurrence.has_index(meetup, 3) and not recurrence.has_index(meetup, 4)


def test_half_and_three_quarter_hour_zones_see_the_same_instant():
    meetup = meetup_at(datetime(2026, 6, 2, 9), "Europe/Madrid", until=date(2026, 6, 30))
    start = recurrence.when(meetup, 1).starts_at
    assert start.astimezone(ZoneInfo("Asia/Kolkata")).strftime("%H:%M") == "12:30"
    assert start.astimezone(ZoneInfo("Asia/Kathmandu")).strftime("%H:%M") == "12:45"


def test_a_time_skipped_by_the_clock_lands_an_hour_later():
    # 02:30 does not exist in Madrid on 29 March 2026.
    meetup = meetup_at(datetime(2026, 3, 22, 2, 30), "Europe/Madrid", until=date(2026, 3, 29))
    moved = recurrence.when(meetup, 1).starts_at.astimezone(MADRID)
    assert moved.strftime("%d %H:%M") == "29 03:30"


def test_occurrences_between_finds_the_dates_in_a_window():
    meetup = meetup_at(datetime(2026, 1, 5, 10), "UTC", until=date(2026, 12, 28), minutes=90)
    found = recurrence.occurrences_between(
        meetup, datetime(2026, 6, 1, 11, tzinfo=UTC), datetime(2026, 6, 30, tzinfo=UTC)
    )
    # 1 June 10:00-11:30 is still on at 11:00; then every Monday of June.
    assert [o.starts_at.day for o in found] == [1, 8, 15, 22, 29]
    assert found[0].index == 21


def test_one_off_meetup_has_one_date():
    meetup = meetup_at(datetime(2026, 5, 5, 10), "UTC", rule="none")
    assert recurrence.last_index(meetup.starts_at, "UTC", "none", None) == 0
    window = (meetup.starts_at - timedelta(days=1), meetup.starts_at + timedelta(days=30))
    assert [o.index for o in recurrence.occurrences_between(meetup, *window)] == [0]
