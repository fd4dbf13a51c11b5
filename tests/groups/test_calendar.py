from datetime import time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from groups import actions


@pytest.fixture
def kolkata_group(instructor, bob, make_group):
    """Tuesdays 19:00-20:30 and Saturdays 08:15-09:00 in Asia/Kolkata; bob is a member."""
    group = make_group(
        instructor,
        name="Evening stats",
        description="Bring questions.",
        slots=[(1, time(19, 0), 90), (5, time(8, 15), 45)],
    )
    actions.join_group(bob, group)
    return group


def events_of(response):
    calendar = Calendar.from_ical(response.content)
    return sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart").weekday())


def test_the_ics_has_one_weekly_event_per_meeting_in_the_organisers_zone(
    client, kolkata_group, bob
):
    client.force_login(bob)  # New York: the feed stays in the organiser's zone
    response = client.get(reverse("groups:calendar", args=[kolkata_group.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="study-group-{kolkata_group.pk}.ics"' in response["Content-Disposition"]
    tuesday, saturday = events_of(response)
    for event, weekday, start, length, byday in [
        (tuesday, 1, time(19, 0), timedelta(minutes=90), "TU"),
        (saturday, 5, time(8, 15), timedelta(minutes=45), "SA"),
    ]:
        dtstart = event.decoded("dtstart")
        assert str(dtstart.tzinfo) == "Asia/Kolkata"
        assert dtstart.utcoffset() == timedelta(hours=5, minutes=30)
        assert (dtstart.weekday(), dtstart.time()) == (weekday, start)
        assert event.decoded("duration") == length
        assert event["rrule"]["FREQ"] == ["WEEKLY"]
        assert event["rrule"]["BYDAY"] == [byday]
        assert str(event["summary"]) == "Evening stats: study group meeting"
        assert str(event["description"]) == "Bring questions."
    assert tuesday["uid"] != saturday["uid"]
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"TZID:Asia/Kolkata" in response.content


def test_a_group_without_meetings_has_an_empty_calendar(client, alice, make_group):
    group = make_group(alice)
    client.force_login(alice)
    response = client.get(reverse("groups:calendar", args=[group.pk]))
    assert response.status_code == 200
    assert events_of(response) == []


def test_outsiders_of_a_request_group_get_no_calendar(client, alice, charlie, make_group):
    group = make_group(alice, visibility="request", slots=[(1, time(19), 60)])
    client.force_login(charlie)
    response = client.get(reverse("groups:calendar", args=[group.pk]))
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert b"VCALENDAR" not in response.content


def test_invite_only_calendars_are_404_for_outsiders(client, alice, charlie, make_group):
    group = make_group(alice, visibility="invite", slots=[(1, time(19), 60)])
    client.force_login(charlie)
    assert client.get(reverse("groups:calendar", args=[group.pk])).status_code == 404


def test_anyone_signed_in_gets_an_open_groups_calendar(client, kolkata_group, charlie):
    client.force_login(charlie)
    assert len(events_of(client.get(reverse("groups:calendar", args=[kolkata_group.pk])))) == 2
