"""Weekly wall-clock availability turned into UTC time for concrete weeks.

Every expected number below is worked out by hand in the test's docstring or
comments from the zones' offsets in 2026:

- US and Canada summer time: Sunday 8 March to Sunday 1 November (02:00 local).
- EU/UK summer time: Sunday 29 March to Sunday 25 October (01:00 UTC).
- No DST: Asia/Kolkata (+5:30), Asia/Kathmandu (+5:45), Asia/Tokyo (+9).
- Pacific/Auckland: +13 in January (NZDT), +12 in June.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.actions import set_free_hours, update_time_zone
from accounts.availability import (
    WeeklySchedule,
    free_intervals,
    overlap_hours,
    overlap_hours_between,
    schedules_for,
    shared_free_intervals,
    shared_free_intervals_between,
    week_start,
)
from tests.factories import UserFactory

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = (MON, TUE, WED, THU, FRI)

# Mondays of the weeks used below (any instant inside the week would do).
JANUARY_WEEK = datetime(2026, 1, 12, tzinfo=UTC)  # everyone on standard time
US_ONLY_SUMMER_WEEK = datetime(2026, 3, 9, tzinfo=UTC)  # US on DST since 8 March, UK not yet
BOTH_SUMMER_WEEK = datetime(2026, 3, 30, tzinfo=UTC)  # UK on DST since 29 March
JUNE_WEEK = datetime(2026, 6, 15, tzinfo=UTC)
US_SPRING_FORWARD_WEEK = datetime(2026, 3, 2, tzinfo=UTC)  # contains Sunday 8 March
UK_SPRING_FORWARD_WEEK = datetime(2026, 3, 23, tzinfo=UTC)  # contains Sunday 29 March
UK_FALL_BACK_WEEK = datetime(2026, 10, 19, tzinfo=UTC)  # contains Sunday 25 October
US_FALL_BACK_WEEK = datetime(2026, 10, 26, tzinfo=UTC)  # contains Sunday 1 November


def schedule(zone_name, days, hours):
    """A schedule free at each of `hours` (local) on each of `days`."""
    return WeeklySchedule(
        ZoneInfo(zone_name), frozenset((day, hour) for day in days for hour in hours)
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


# --- week boundaries -------------------------------------------------------------------


def test_week_start_is_monday_midnight_utc_of_the_instant():
    # Sunday 2026-01-18 23:30 in New York is already Monday 2026-01-19 04:30 UTC.
    late_sunday_new_york = datetime(2026, 1, 18, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert week_start(late_sunday_new_york) == utc(2026, 1, 19)
    assert week_start(utc(2026, 1, 18, 23, 59)) == utc(2026, 1, 12)
    assert week_start(utc(2026, 1, 12)) == utc(2026, 1, 12)


# --- empty, one and three people ----------------------------------------------------------


def test_no_schedules_have_no_overlap():
    assert shared_free_intervals([], JANUARY_WEEK) == []
    assert overlap_hours([], JANUARY_WEEK) == 0


def test_a_schedule_with_no_free_hours_has_no_free_time():
    empty = WeeklySchedule(ZoneInfo("Europe/London"), frozenset())
    assert free_intervals(empty, JANUARY_WEEK, JANUARY_WEEK + timedelta(days=7)) == []
    assert overlap_hours([empty], JANUARY_WEEK) == 0


def test_an_empty_schedule_cancels_everyone_elses_free_time():
    busy = WeeklySchedule(ZoneInfo("UTC"), frozenset())
    always_free = schedule("UTC", range(7), range(24))
    assert overlap_hours([always_free, busy], JANUARY_WEEK) == 0
    assert overlap_hours([busy, always_free], JANUARY_WEEK) == 0


def test_a_single_person_overlaps_with_all_of_their_own_free_hours():
    """Berlin, Mon-Fri 09:00-12:00 local: 3 h x 5 days = 15 h, adjacent hours merged."""
    berlin = schedule("Europe/Berlin", WEEKDAYS, [9, 10, 11])
    assert overlap_hours([berlin], JANUARY_WEEK) == 15
    intervals = shared_free_intervals([berlin], JANUARY_WEEK)
    # CET is UTC+1, so 09:00-12:00 local is 08:00-11:00 UTC, one interval per day.
    assert intervals == [
        (utc(2026, 1, 12 + day, 8), utc(2026, 1, 12 + day, 11)) for day in WEEKDAYS
    ]


def test_a_whole_free_week_is_168_hours_in_utc():
    assert overlap_hours([schedule("UTC", range(7), range(24))], JANUARY_WEEK) == 168


def test_two_people_in_the_same_zone_overlap_on_the_common_hours():
    first = schedule("Asia/Tokyo", [TUE], [18, 19, 20])
    second = schedule("Asia/Tokyo", [TUE], [19, 20, 21])
    # 19:00-21:00 JST on Tuesday 13 January is 10:00-12:00 UTC.
    assert shared_free_intervals([first, second], JANUARY_WEEK) == [
        (utc(2026, 1, 13, 10), utc(2026, 1, 13, 12))
    ]
    assert overlap_hours([first, second], JANUARY_WEEK) == 2


def test_disjoint_and_merely_touching_hours_do_not_overlap():
    # London 14:00-18:00 = 14-18 UTC in January; New York 14:00-18:00 EST = 19-23 UTC.
    london = schedule("Europe/London", WEEKDAYS, [14, 15, 16, 17])
    new_york = schedule("America/New_York", WEEKDAYS, [14, 15, 16, 17])
    assert overlap_hours([london, new_york], JANUARY_WEEK) == 0
    # In the week of 9 March New York is on EDT: 18-22 UTC, touching London's 18:00 end.
    assert overlap_hours([london, new_york], US_ONLY_SUMMER_WEEK) == 0


@pytest.mark.parametrize(
    ("week_of", "expected"),
    [
        # Berlin CET 13-15 = 12-14 UTC; NY EST 08-10 = 13-15 UTC; Tokyo 21-24 = 12-15 UTC.
        (JANUARY_WEEK, 1),
        # NY on EDT: 08-10 = 12-14 UTC; Berlin and Tokyo unchanged -> 12-14 UTC.
        (US_ONLY_SUMMER_WEEK, 2),
        # Berlin on CEST: 13-15 = 11-13 UTC; NY 12-14 UTC; Tokyo 12-15 UTC -> 12-13 UTC.
        (BOTH_SUMMER_WEEK, 1),
    ],
)
def test_three_people_overlap_only_where_all_three_are_free(week_of, expected):
    berlin = schedule("Europe/Berlin", [WED], [13, 14])
    new_york = schedule("America/New_York", [WED], [8, 9])
    tokyo = schedule("Asia/Tokyo", [WED], [21, 22, 23])
    assert overlap_hours([berlin, new_york, tokyo], week_of) == expected


# --- daylight saving time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("week_of", "expected"),
    [
        # London GMT 12-18 UTC; New York EST 12-18 local = 17-23 UTC -> 1 h/day x 5.
        (JANUARY_WEEK, 5),
        # New York already on EDT (UTC-4): 16-22 UTC; London still GMT 12-18 -> 2 h/day x 5.
        (US_ONLY_SUMMER_WEEK, 10),
        # Both on summer time: London BST 11-17 UTC; New York EDT 16-22 UTC -> 1 h/day x 5.
        (BOTH_SUMMER_WEEK, 5),
        (JUNE_WEEK, 5),
        # Week of 26 October: UK back on GMT (25 Oct), US still on EDT (to 1 Nov) -> 10.
        (US_FALL_BACK_WEEK, 10),
    ],
)
def test_london_and_new_york_afternoons_overlap_more_while_only_the_us_is_on_dst(week_of, expected):
    """Both free 12:00-18:00 local on weekdays; the gap between them is 5 h or 4 h."""
    london = schedule("Europe/London", WEEKDAYS, range(12, 18))
    new_york = schedule("America/New_York", WEEKDAYS, range(12, 18))
    assert overlap_hours([london, new_york], week_of) == expected


@pytest.mark.parametrize(
    ("week_of", "expected"),
    [
        # London 14-18 GMT = 14-18 UTC; New York 09-13 EST = 14-18 UTC -> 4 h x 5 days.
        (JANUARY_WEEK, 20),
        # New York 09-13 EDT = 13-17 UTC; London still 14-18 UTC -> 3 h x 5 days.
        (US_ONLY_SUMMER_WEEK, 15),
        # London 14-18 BST = 13-17 UTC; New York 13-17 UTC -> 4 h x 5 days.
        (BOTH_SUMMER_WEEK, 20),
    ],
)
def test_london_afternoon_meets_new_york_morning_except_in_the_dst_gap_weeks(week_of, expected):
    london = schedule("Europe/London", WEEKDAYS, [14, 15, 16, 17])
    new_york = schedule("America/New_York", WEEKDAYS, [9, 10, 11, 12])
    assert overlap_hours([london, new_york], week_of) == expected


def test_the_dst_gap_week_gives_the_exact_utc_intervals():
    london = schedule("Europe/London", [MON], [14, 15, 16, 17])
    new_york = schedule("America/New_York", [MON], [9, 10, 11, 12])
    assert shared_free_intervals([london, new_york], US_ONLY_SUMMER_WEEK) == [
        (utc(2026, 3, 9, 14), utc(2026, 3, 9, 17))
    ]


def test_an_hour_skipped_by_spring_forward_is_not_free_time():
    """New York, Sunday 8 March 2026: 02:00-03:00 does not exist (clocks jump to 03:00).

    01:00 EST = 06:00-07:00 UTC and 03:00 EDT = 07:00-08:00 UTC; the 02:00 hour adds
    nothing, so 01:00-04:00 wall-clock is only 2 real hours.
    """
    new_york = schedule("America/New_York", [SUN], [1, 2, 3])
    assert shared_free_intervals([new_york], US_SPRING_FORWARD_WEEK) == [
        (utc(2026, 3, 8, 6), utc(2026, 3, 8, 8))
    ]
    assert overlap_hours([new_york], US_SPRING_FORWARD_WEEK) == 2
    only_the_missing_hour = schedule("America/New_York", [SUN], [2])
    assert overlap_hours([only_the_missing_hour], US_SPRING_FORWARD_WEEK) == 0


def test_an_hour_repeated_by_fall_back_lasts_two_real_hours():
    """New York, Sunday 1 November 2026: 01:00-02:00 happens twice (EDT, then EST).

    01:00 EDT is 05:00 UTC and 02:00 EST is 07:00 UTC, so that wall-clock hour is two
    real hours. A UTC person free 06:00-12:00 shares 06:00-07:00 of it.
    """
    new_york = schedule("America/New_York", [SUN], [1])
    assert shared_free_intervals([new_york], US_FALL_BACK_WEEK) == [
        (utc(2026, 11, 1, 5), utc(2026, 11, 1, 7))
    ]
    assert overlap_hours([new_york], US_FALL_BACK_WEEK) == 2
    utc_morning = schedule("UTC", [SUN], range(6, 12))
    assert overlap_hours([new_york, utc_morning], US_FALL_BACK_WEEK) == 1


def test_a_whole_local_day_lasts_23_or_25_hours_on_dst_change_days():
    new_york_sunday = schedule("America/New_York", [SUN], range(24))
    # Sunday 8 March 00:00 EST = 05:00 UTC to Monday 00:00 EDT = 04:00 UTC: 23 h.
    assert free_intervals(new_york_sunday, utc(2026, 3, 7), utc(2026, 3, 10)) == [
        (utc(2026, 3, 8, 5), utc(2026, 3, 9, 4))
    ]
    # Sunday 1 November 00:00 EDT = 04:00 UTC to Monday 00:00 EST = 05:00 UTC: 25 h.
    assert free_intervals(new_york_sunday, utc(2026, 10, 31), utc(2026, 11, 3)) == [
        (utc(2026, 11, 1, 4), utc(2026, 11, 2, 5))
    ]


def test_london_spring_forward_night_loses_the_one_oclock_hour():
    """London, Sunday 29 March 2026 at 01:00 GMT clocks jump to 02:00 BST.

    Free 00:00-03:00 local: 00:00 GMT = 00:00-01:00 UTC, 01:00 does not exist,
    02:00 BST = 01:00-02:00 UTC: 2 real hours, contiguous.
    """
    london = schedule("Europe/London", [SUN], [0, 1, 2])
    assert shared_free_intervals([london], UK_SPRING_FORWARD_WEEK) == [
        (utc(2026, 3, 29, 0), utc(2026, 3, 29, 2))
    ]


def test_london_fall_back_night_stretches_the_one_oclock_hour():
    """London, Sunday 25 October 2026 at 02:00 BST clocks go back to 01:00 GMT.

    Free 00:00-03:00 local: 00:00 BST = Saturday 23:00 UTC, and 03:00 GMT = 03:00 UTC:
    4 real hours, starting on the Saturday in UTC.
    """
    london = schedule("Europe/London", [SUN], [0, 1, 2])
    assert shared_free_intervals([london], UK_FALL_BACK_WEEK) == [
        (utc(2026, 10, 24, 23), utc(2026, 10, 25, 3))
    ]
    assert overlap_hours([london], UK_FALL_BACK_WEEK) == 4


# --- half-hour and 45-minute zones -------------------------------------------------------


@pytest.mark.parametrize(
    ("london_hours", "week_of", "expected"),
    [
        # Kolkata 19:00-21:00 IST = 13:30-15:30 UTC (always, no DST there).
        ([14], JANUARY_WEEK, 1),  # London 14-15 GMT: fully inside
        ([13], JANUARY_WEEK, 0.5),  # London 13-14 GMT: 13:30-14:00
        ([15], JANUARY_WEEK, 0.5),  # London 15-16 GMT: 15:00-15:30
        ([12, 13, 14, 15, 16], JANUARY_WEEK, 2),  # London 12-17 GMT covers all of it
        ([16], JANUARY_WEEK, 0),  # London 16-17 GMT: after it
        # London on BST: 13-16 local = 12:00-15:00 UTC -> 13:30-15:00.
        ([13, 14, 15], JUNE_WEEK, 1.5),
        ([16], JUNE_WEEK, 0.5),  # 16:00 BST = 15:00-16:00 UTC -> 15:00-15:30
    ],
)
def test_kolkata_half_hour_offset_gives_exact_half_hours_against_london(
    london_hours, week_of, expected
):
    kolkata = schedule("Asia/Kolkata", [MON], [19, 20])
    london = schedule("Europe/London", [MON], london_hours)
    assert overlap_hours([kolkata, london], week_of) == expected


def test_kolkata_evening_shared_interval_starts_on_the_half_hour():
    kolkata = schedule("Asia/Kolkata", [MON], [19, 20])
    london = schedule("Europe/London", [MON], [13])
    assert shared_free_intervals([kolkata, london], JANUARY_WEEK) == [
        (utc(2026, 1, 12, 13, 30), utc(2026, 1, 12, 14))
    ]


@pytest.mark.parametrize(
    ("utc_hours", "week_of", "expected"),
    [
        # St John's 09:00-10:00 NST (UTC-3:30) = 12:30-13:30 UTC.
        ([12], JANUARY_WEEK, 0.5),
        ([13], JANUARY_WEEK, 0.5),
        ([12, 13], JANUARY_WEEK, 1),
        ([11], JANUARY_WEEK, 0),
        # Summer, NDT (UTC-2:30): 09:00-10:00 local = 11:30-12:30 UTC.
        ([11], JUNE_WEEK, 0.5),
        ([11, 12], JUNE_WEEK, 1),
        ([13], JUNE_WEEK, 0),
    ],
)
def test_st_johns_half_hour_offset_moves_with_dst(utc_hours, week_of, expected):
    st_johns = schedule("America/St_Johns", [MON], [9])
    utc_person = schedule("UTC", [MON], utc_hours)
    assert overlap_hours([st_johns, utc_person], week_of) == expected


def test_kathmandu_quarter_hour_offset_gives_quarter_hours():
    """Kathmandu (UTC+5:45) 09:00-10:00 is 03:15-04:15 UTC."""
    kathmandu = schedule("Asia/Kathmandu", [MON], [9])
    assert overlap_hours([kathmandu, schedule("UTC", [MON], [3])], JANUARY_WEEK) == 0.75
    assert overlap_hours([kathmandu, schedule("UTC", [MON], [4])], JANUARY_WEEK) == 0.25
    assert shared_free_intervals([kathmandu, schedule("UTC", [MON], [4])], JANUARY_WEEK) == [
        (utc(2026, 1, 12, 4), utc(2026, 1, 12, 4, 15))
    ]


def test_kathmandu_and_kolkata_share_three_quarters_of_an_hour():
    """09:00 local: Kolkata 03:30-04:30 UTC, Kathmandu 03:15-04:15 UTC -> 03:30-04:15."""
    kathmandu = schedule("Asia/Kathmandu", [FRI], [9])
    kolkata = schedule("Asia/Kolkata", [FRI], [9])
    assert overlap_hours([kathmandu, kolkata], JANUARY_WEEK) == 0.75


# --- week wrap-around -------------------------------------------------------------------


def test_monday_morning_in_auckland_is_sunday_afternoon_in_los_angeles():
    """January: Auckland NZDT (UTC+13) Monday 09:00-12:00 = Sunday 20:00-23:00 UTC;
    Los Angeles PST (UTC-8) Sunday 12:00-15:00 = Sunday 20:00-23:00 UTC."""
    auckland = schedule("Pacific/Auckland", [MON], [9, 10, 11])
    los_angeles = schedule("America/Los_Angeles", [SUN], [12, 13, 14])
    assert shared_free_intervals([auckland, los_angeles], JANUARY_WEEK) == [
        (utc(2026, 1, 18, 20), utc(2026, 1, 18, 23))
    ]
    assert overlap_hours([auckland, los_angeles], JANUARY_WEEK) == 3


def test_auckland_monday_does_not_meet_los_angeles_monday():
    auckland = schedule("Pacific/Auckland", [MON], [9, 10, 11])
    los_angeles_monday = schedule("America/Los_Angeles", [MON], [12, 13, 14])
    assert overlap_hours([auckland, los_angeles_monday], JANUARY_WEEK) == 0


def test_auckland_and_los_angeles_in_june_are_two_hours_closer():
    """June: Auckland NZST (UTC+12) Monday 09:00-12:00 = Sunday 21:00-24:00 UTC;
    Los Angeles PDT (UTC-7) Sunday 12:00-15:00 = Sunday 19:00-22:00 UTC -> 21-22 = 1 h."""
    auckland = schedule("Pacific/Auckland", [MON], [9, 10, 11])
    los_angeles = schedule("America/Los_Angeles", [SUN], [12, 13, 14])
    assert overlap_hours([auckland, los_angeles], JUNE_WEEK) == 1


def test_tokyo_monday_early_hours_are_the_previous_utc_sunday():
    """Tokyo Monday 00:00-03:00 JST = Sunday 15:00-18:00 UTC, the end of the UTC week."""
    tokyo = schedule("Asia/Tokyo", [MON], [0, 1, 2])
    utc_sunday = schedule("UTC", [SUN], [15, 16, 17])
    assert shared_free_intervals([tokyo, utc_sunday], JANUARY_WEEK) == [
        (utc(2026, 1, 18, 15), utc(2026, 1, 18, 18))
    ]


def test_an_hour_straddling_the_utc_week_boundary_is_split_between_weeks():
    """Kolkata Monday 05:00-06:00 IST = Sunday 23:30 to Monday 00:30 UTC.

    In one UTC week that shows up twice, clipped: Monday 00:00-00:30 at the start (from
    this Monday) and Sunday 23:30-24:00 at the end (from next Monday): 1 h in total.
    """
    kolkata = schedule("Asia/Kolkata", [MON], [5])
    assert shared_free_intervals([kolkata], JANUARY_WEEK) == [
        (utc(2026, 1, 12, 0), utc(2026, 1, 12, 0, 30)),
        (utc(2026, 1, 18, 23, 30), utc(2026, 1, 19, 0)),
    ]
    assert overlap_hours([kolkata], JANUARY_WEEK) == 1


def test_free_intervals_are_clipped_to_the_requested_window():
    london = schedule("Europe/London", [MON], [9, 10, 11])
    window = (utc(2026, 1, 12, 10, 15), utc(2026, 1, 12, 10, 45))
    assert free_intervals(london, *window) == [window]


# --- schedules loaded from the database ----------------------------------------------------


@pytest.mark.django_db
def test_schedules_for_uses_each_personas_zone_and_free_hours(alice, bob, charlie, instructor):
    set_free_hours(alice, [(MON, 9), (MON, 10)])
    set_free_hours(charlie, [(SUN, 23)])
    schedules = schedules_for([alice, bob, charlie, instructor])
    assert schedules == {
        alice.pk: WeeklySchedule(ZoneInfo("Europe/Berlin"), frozenset({(MON, 9), (MON, 10)})),
        bob.pk: WeeklySchedule(ZoneInfo("America/New_York"), frozenset()),
        charlie.pk: WeeklySchedule(ZoneInfo("Asia/Tokyo"), frozenset({(SUN, 23)})),
        instructor.pk: WeeklySchedule(ZoneInfo("Asia/Kolkata"), frozenset()),
    }


@pytest.mark.django_db
def test_schedules_for_falls_back_to_utc_for_an_unknown_stored_zone(mallory):
    update_time_zone(mallory, "Mars/Olympus_Mons")
    assert schedules_for([mallory])[mallory.pk].zone == ZoneInfo("UTC")


@pytest.mark.django_db
def test_schedules_for_nobody_is_empty(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert schedules_for([]) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("people", [1, 3, 20])
def test_schedules_for_takes_two_queries_whatever_the_number_of_people(
    people, django_assert_num_queries
):
    users = [UserFactory(time_zone="Asia/Kolkata") for _ in range(people)]
    for user in users:
        set_free_hours(user, [(TUE, 8), (WED, 9)])
    with django_assert_num_queries(2):
        schedules = schedules_for(users)
    assert len(schedules) == people
    assert all(s.free_hours == {(TUE, 8), (WED, 9)} for s in schedules.values())


@pytest.mark.django_db
def test_overlap_between_the_personas_across_three_zones(alice, bob, charlie):
    """Same numbers as the three-schedule test, but stored through the verbs."""
    set_free_hours(alice, [(WED, 13), (WED, 14)])
    set_free_hours(bob, [(WED, 8), (WED, 9)])
    set_free_hours(charlie, [(WED, 21), (WED, 22), (WED, 23)])
    assert overlap_hours_between([alice, bob, charlie], JANUARY_WEEK) == 1
    assert overlap_hours_between([alice, bob, charlie], US_ONLY_SUMMER_WEEK) == 2
    assert overlap_hours_between([alice, bob, charlie], BOTH_SUMMER_WEEK) == 1


@pytest.mark.django_db
def test_overlap_between_instructor_and_london_student_is_half_hours(instructor):
    london = UserFactory(time_zone="Europe/London")
    set_free_hours(instructor, [(THU, 19), (THU, 20)])  # 13:30-15:30 UTC
    set_free_hours(london, [(THU, 15)])  # 15:00-16:00 UTC in January
    assert overlap_hours_between([instructor, london], JANUARY_WEEK) == 0.5
    assert shared_free_intervals_between([instructor, london], JANUARY_WEEK) == [
        (utc(2026, 1, 15, 15), utc(2026, 1, 15, 15, 30))
    ]


@pytest.mark.django_db
def test_shared_free_intervals_between_wraps_the_week_for_auckland_and_los_angeles():
    auckland = UserFactory(time_zone="Pacific/Auckland")
    los_angeles = UserFactory(time_zone="America/Los_Angeles")
    set_free_hours(auckland, [(MON, 9), (MON, 10), (MON, 11)])
    set_free_hours(los_angeles, [(SUN, 12), (SUN, 13), (SUN, 14)])
    # Auckland Monday 19 January 09:00 NZDT = Sunday 18 January 20:00 UTC = 12:00 PST.
    assert shared_free_intervals_between([auckland, los_angeles], JANUARY_WEEK) == [
        (utc(2026, 1, 18, 20), utc(2026, 1, 18, 23))
    ]


@pytest.mark.django_db
def test_overlap_between_someone_with_no_free_hours_is_zero(alice, bob):
    set_free_hours(alice, [(MON, hour) for hour in range(24)])
    assert overlap_hours_between([alice, bob], JANUARY_WEEK) == 0
    assert overlap_hours_between([], JANUARY_WEEK) == 0


@pytest.mark.django_db
def test_overlap_between_one_person_is_their_free_time(alice):
    set_free_hours(alice, [(MON, 9), (TUE, 9), (SAT, 22)])
    assert overlap_hours_between([alice], JANUARY_WEEK) == 3
