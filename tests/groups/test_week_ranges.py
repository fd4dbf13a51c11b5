"""Fit read from week ranges stays true to the source: weeks worked out before a change
follow it (free hours, zone, meetings, admin edits), overlapping meetings count once,
a meeting across the week's end keeps its real start, and passed weeks are pruned."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse

from accounts import actions as accounts
from accounts.models import FreeTimeRange, FreeTimeWeek
from accounts.week_ranges import FREE_TIME, week_of
from groups import actions
from groups.models import MeetingRange, MeetingSlot, MeetingWeek
from groups.schedule import MEETINGS, fits_for
from tests.factories import UserFactory

# Europe/London in winter is UTC+0: local hours are UTC hours.
WINTER_WEDNESDAY = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)
TUESDAY, SUNDAY = 1, 6


@pytest.fixture
def viewer(make_person):
    person = make_person("lena", "Europe/London")
    accounts.set_free_hours(person, [(TUESDAY, 10)])
    return person


@pytest.fixture
def london_group(make_person, make_group):
    organiser = make_person("olga", "Europe/London")
    return make_group(organiser, name="Tuesday ten", slots=[(TUESDAY, time(10), 60)])


def fit(viewer, group, now=WINTER_WEDNESDAY):
    return fits_for(viewer, [group.pk], now)[group.pk]


def test_a_week_worked_out_before_a_change_follows_free_hours_and_zone(viewer, london_group):
    assert fit(viewer, london_group).fits_my_week  # the weeks are worked out now
    accounts.set_free_hours(viewer, [(TUESDAY, 11)])
    assert fit(viewer, london_group).fit_hours == 0
    accounts.set_free_hours(viewer, [(TUESDAY, 10), (TUESDAY, 11)])
    assert fit(viewer, london_group).fits_my_week
    # Free 10:00-12:00 in Tokyo is 01:00-03:00 UTC.
    accounts.update_time_zone(viewer, "Asia/Tokyo")
    assert fit(viewer, london_group).fit_hours == 0


def test_a_week_worked_out_before_a_change_follows_the_meetings(viewer, london_group):
    assert fit(viewer, london_group).fit_hours == 1
    actions.replace_meeting_slots(london_group, [(TUESDAY, time(10, 30), 60)], "Europe/London")
    changed = fit(viewer, london_group)
    assert changed.fit_hours == 0.5 and not changed.fits_my_week


def test_a_group_created_after_the_week_was_worked_out_has_its_fit(viewer, make_group, make_person):
    fit_before = fits_for(viewer, [], WINTER_WEDNESDAY)
    assert fit_before == {} and MeetingWeek.objects.filter(week=week_of(WINTER_WEDNESDAY)).exists()
    late = make_group(
        make_person("lou", "Europe/London"), name="Late", slots=[(TUESDAY, time(10), 60)]
    )
    assert fit(viewer, late).fits_my_week


def test_overlapping_meetings_count_their_shared_time_once(viewer, make_person, make_group):
    accounts.set_free_hours(viewer, [(TUESDAY, 10), (TUESDAY, 11)])
    group = make_group(
        make_person("odo", "Europe/London"),
        name="Twice",
        slots=[(TUESDAY, time(10), 90), (TUESDAY, time(10, 30), 60)],
    )
    result = fit(viewer, group)
    assert result.fit_hours == 1.5 and result.fits_my_week


def test_a_meeting_across_the_weeks_end_keeps_its_real_start(viewer, make_person, make_group):
    group = make_group(
        make_person("nia", "Europe/London"), name="Late night", slots=[(SUNDAY, time(23), 120)]
    )
    result = fit(viewer, group)
    assert result.next_meeting == datetime(2027, 1, 17, 23, 0, tzinfo=UTC)
    monday_part = MeetingRange.objects.get(
        group=group, week=week_of(WINTER_WEDNESDAY), start_minute=0
    )
    assert monday_part.end_minute == 60 and monday_part.starts_at == datetime(
        2027, 1, 10, 23, 0, tzinfo=UTC
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_edits_of_meetings_and_free_hours_rewrite_the_weeks(
    viewer, london_group, admin_client
):
    assert fit(viewer, london_group).fits_my_week
    slot = MeetingSlot.objects.get(group=london_group)
    response = admin_client.post(
        reverse("admin:groups_meetingslot_change", args=[slot.pk]),
        {
            "group": london_group.pk,
            "weekday": TUESDAY,
            "start_time": "15:00",
            "duration_minutes": 60,
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302
    assert fit(viewer, london_group).fit_hours == 0
    free_hour = viewer.availability.get()
    response = admin_client.post(
        reverse("admin:accounts_availabilityslot_delete", args=[free_hour.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not FreeTimeRange.objects.filter(user=viewer).exists()


def test_the_periodic_job_works_out_the_coming_week_and_prunes_passed_ones(viewer, london_group):
    fit(viewer, london_group)
    a_week_later = WINTER_WEDNESDAY + timedelta(days=7)
    for table in (FREE_TIME, MEETINGS):
        table.prepare(a_week_later)
    for marker in (FreeTimeWeek, MeetingWeek):
        assert set(marker.objects.values_list("week", flat=True)) == {
            week_of(a_week_later),
            week_of(a_week_later + timedelta(days=7)),
        }
    assert not MeetingRange.objects.filter(week__lt=week_of(a_week_later)).exists()
    assert not FreeTimeRange.objects.filter(week__lt=week_of(a_week_later)).exists()
    assert fit(viewer, london_group, a_week_later).fits_my_week
