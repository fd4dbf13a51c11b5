"""Fit, next meeting and heat-map, with `now` passed in and expectations worked out by hand.

The organiser (the instructor persona, Asia/Kolkata, UTC+5:30 all year) meets on
Tuesdays 19:00-20:30 local, which is 13:30-15:00 UTC. The viewer lives in
Europe/London and is free on Tuesdays 13:00-15:00 local:
- winter (GMT, UTC+0): free 13:00-15:00 UTC -> overlap 13:30-15:00 = 1.5 h, and the
  whole meeting fits;
- summer (BST, UTC+1): free 12:00-14:00 UTC -> overlap 13:30-14:00 = 0.5 h, and it
  does not fit.
"""

from datetime import UTC, datetime, time

import pytest

from accounts.actions import set_free_hours
from groups import actions
from groups.schedule import UNKNOWN_FIT, BestTime, fits_for, heat_map, next_meeting

WINTER_WEDNESDAY = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)
SUMMER_WEDNESDAY = datetime(2027, 7, 14, 12, 0, tzinfo=UTC)
TUESDAY = 1
MONDAY = 0


@pytest.fixture
def kolkata_group(instructor, make_group):
    return make_group(instructor, name="Evening stats", slots=[(TUESDAY, time(19, 0), 90)])


@pytest.fixture
def london_viewer(make_person):
    viewer = make_person("lena", "Europe/London")
    set_free_hours(viewer, [(TUESDAY, 13), (TUESDAY, 14)])
    return viewer


@pytest.mark.parametrize(
    ("now", "fit_hours", "fits"),
    [(WINTER_WEDNESDAY, 1.5, True), (SUMMER_WEDNESDAY, 0.5, False)],
    ids=["winter", "summer"],
)
def test_fit_across_zones_and_seasons(kolkata_group, london_viewer, now, fit_hours, fits):
    fit = fits_for(london_viewer, [kolkata_group.pk], now)[kolkata_group.pk]
    assert fit.fit_hours == fit_hours
    assert fit.fits_my_week is fits


@pytest.mark.parametrize(
    ("now", "sharing"), [(WINTER_WEDNESDAY, 0), (SUMMER_WEDNESDAY, 1)], ids=["winter", "summer"]
)
def test_members_sharing_my_free_time(kolkata_group, london_viewer, charlie, now, sharing):
    # charlie (Tokyo, UTC+9 all year) is free Tuesdays 21:00-22:00, 12:00-13:00 UTC:
    # outside lena's 13-15 UTC in winter, inside her 12-14 UTC in summer.
    set_free_hours(charlie, [(TUESDAY, 21)])
    actions.join_group(charlie, kolkata_group)
    fit = fits_for(london_viewer, [kolkata_group.pk], now)[kolkata_group.pk]
    assert fit.members_sharing_my_time == sharing
    quick = fits_for(london_viewer, [kolkata_group.pk], now, with_members=False)
    assert quick[kolkata_group.pk].members_sharing_my_time == 0


def test_no_free_hours_or_no_meetings_means_no_fit(kolkata_group, alice, make_group):
    empty = make_group(alice, name="No meetings yet")
    set_free_hours(alice, [(TUESDAY, hour) for hour in range(24)])
    fits = fits_for(alice, [kolkata_group.pk, empty.pk], WINTER_WEDNESDAY)
    # Berlin is UTC+1 in winter: free all Tuesday local = Mon 23:00 - Tue 23:00 UTC.
    assert fits[kolkata_group.pk].fit_hours == 1.5
    assert fits[kolkata_group.pk].fits_my_week is True
    assert fits[empty.pk].fit_hours == 0
    assert fits[empty.pk].fits_my_week is False
    assert fits[empty.pk].next_meeting is None


def test_a_schedule_kept_for_members_is_an_unknown_fit(london_viewer, instructor, make_group):
    """The fit is what the group's page would show: nothing, for a non-member of a
    request-to-join group, however well its meetings match."""
    private = make_group(
        instructor, name="By request", visibility="request", slots=[(TUESDAY, time(19), 90)]
    )
    fit = fits_for(london_viewer, [private.pk], WINTER_WEDNESDAY)[private.pk]
    assert fit == UNKNOWN_FIT
    assert (fit.known, fit.fit_hours, fit.fits_my_week, fit.next_meeting) == (False, 0, False, None)

    actions.decide_request(
        instructor, actions.request_to_join(london_viewer, private), approve=True
    )
    fit = fits_for(london_viewer, [private.pk], WINTER_WEDNESDAY)[private.pk]
    assert fit.known and fit.fit_hours == 1.5 and fit.fits_my_week


def test_fits_for_runs_a_fixed_number_of_queries(
    kolkata_group, london_viewer, instructor, make_group, django_assert_num_queries
):
    ids = [kolkata_group.pk] + [
        make_group(instructor, name=f"G{n}", slots=[(n % 7, time(9), 60)]).pk for n in range(10)
    ]
    fits_for(london_viewer, ids, WINTER_WEDNESDAY)  # works out the weeks' ranges
    # The two weeks' markers (the cache knows them once a request has committed), the
    # viewer's free time, and one query for every group's fit, members and next meeting.
    with django_assert_num_queries(4):
        fits_for(london_viewer, ids, WINTER_WEDNESDAY)


def test_next_meeting(kolkata_group):
    slots = list(kolkata_group.meeting_slots.all())
    assert next_meeting(slots, WINTER_WEDNESDAY) == datetime(2027, 1, 19, 13, 30, tzinfo=UTC)
    # A meeting starting right now is the next one; once it is under way, next week's is
    # (not "now", which is no meeting's start).
    starts = datetime(2027, 1, 12, 13, 30, tzinfo=UTC)
    assert next_meeting(slots, starts) == starts
    for during in (starts.replace(second=1), starts.replace(hour=14, minute=45)):
        assert next_meeting(slots, during) == datetime(2027, 1, 19, 13, 30, tzinfo=UTC)
    assert next_meeting([], WINTER_WEDNESDAY) is None


def test_next_meeting_picks_the_soonest_slot(instructor, make_group):
    # Thursday 07:00 in Kolkata is Thursday 01:30 UTC, sooner than next Tuesday's.
    group = make_group(
        instructor, slots=[(TUESDAY, time(19, 0), 90), (3, time(7, 0), 60)], name="Twice"
    )
    slots = list(group.meeting_slots.all())
    assert next_meeting(slots, WINTER_WEDNESDAY) == datetime(2027, 1, 14, 1, 30, tzinfo=UTC)


# Heat-map: alice (Berlin) is free Mondays 10-13 local; bob (New York) Mondays 04-06 local.


@pytest.fixture
def tiny_group_members(alice, bob):
    set_free_hours(alice, [(MONDAY, 10), (MONDAY, 11), (MONDAY, 12)])
    set_free_hours(bob, [(MONDAY, 4), (MONDAY, 5)])
    return [alice.pk, bob.pk]


def test_heat_map_counts_in_the_viewers_zone(tiny_group_members):
    # Winter: Berlin UTC+1, New York UTC-5. alice is free 09-12 UTC, bob 09-11 UTC,
    # so in Berlin time both are free 10-12 and only alice 12-13.
    rows, best, total = heat_map(tiny_group_members, "Europe/Berlin", WINTER_WEDNESDAY)

    assert total == 2
    monday = {hour: rows[hour][MONDAY].free_count for hour in range(24)}
    assert {hour: count for hour, count in monday.items() if count} == {10: 2, 11: 2, 12: 1}
    assert all(rows[hour][day].free_count == 0 for hour in range(24) for day in range(1, 7))
    assert (rows[10][MONDAY].level, rows[12][MONDAY].level, rows[9][MONDAY].level) == (4, 2, 0)
    assert best == [BestTime("Monday", 10, 12, 2)]


def test_heat_map_in_new_york_shows_the_same_hours_in_its_time(tiny_group_members):
    rows, best, _ = heat_map(tiny_group_members, "America/New_York", WINTER_WEDNESDAY)
    assert best == [BestTime("Monday", 4, 6, 2)]
    assert rows[6][MONDAY].free_count == 1


def test_heat_map_between_the_us_and_eu_clock_changes(tiny_group_members):
    # 17 March 2027: New York is already on UTC-4, Berlin still on UTC+1.
    # bob is free 08-10 UTC = 09-11 Berlin, alice 10-13 Berlin: both only 10-11.
    rows, best, _ = heat_map(
        tiny_group_members, "Europe/Berlin", datetime(2027, 3, 17, 12, tzinfo=UTC)
    )
    monday = {hour: rows[hour][MONDAY].free_count for hour in range(24)}
    assert {hour: count for hour, count in monday.items() if count} == {9: 1, 10: 2, 11: 1, 12: 1}
    assert best == [BestTime("Monday", 10, 11, 2)]


def test_a_one_person_group_suggests_that_persons_free_time(alice):
    set_free_hours(alice, [(MONDAY, 10), (MONDAY, 11), (MONDAY, 12), (4, 18)])
    _, best, total = heat_map([alice.pk], "Europe/Berlin", WINTER_WEDNESDAY)
    assert total == 1
    assert best == [BestTime("Monday", 10, 13, 1), BestTime("Friday", 18, 19, 1)]


def test_no_one_free_means_no_best_times(alice, bob):
    rows, best, total = heat_map([alice.pk, bob.pk], "UTC", WINTER_WEDNESDAY)
    assert (best, total) == ([], 2)
    assert len(rows) == 24 and all(len(row) == 7 for row in rows)
