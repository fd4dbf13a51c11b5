"""The group form: any number of meetings, meetings past midnight, where the group meets,
24-hour times, and instructors who start a group without taking a seat."""

from datetime import time

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses import actions as course_actions
from groups import actions
from groups.models import MeetingSlot, StudyGroup
from tests.groups.test_views import group_post

TUESDAY = 1


@pytest.fixture
def alice_in(client, alice):
    client.force_login(alice)
    return client


def test_a_meeting_that_ends_after_midnight_lasts_into_the_next_day(alice_in, alice):
    response = alice_in.post(
        reverse("groups:create"), group_post(**{"slots-0-start": "23:00", "slots-0-end": "01:00"})
    )
    assert response.status_code == 302
    slot = MeetingSlot.objects.get()
    assert (slot.weekday, slot.start_time, slot.duration_minutes) == (TUESDAY, time(23), 120)
    # The edit form shows it as it was typed.
    group = slot.group
    initial = alice_in.get(reverse("groups:edit", args=[group.pk])).context["slot_formset"].initial
    assert (initial[0]["weekday"], initial[0]["start"], initial[0]["end"]) == (
        TUESDAY,
        time(23),
        time(1),
    )


def test_times_are_typed_on_the_24_hour_clock(alice_in):
    page = alice_in.get(reverse("groups:create")).content.decode()
    assert 'placeholder="hh:mm"' in page and 'type="time"' not in page
    for typed in ("7:30 PM", "19h30", "1930"):
        response = alice_in.post(reverse("groups:create"), group_post(**{"slots-0-start": typed}))
        assert response.status_code == 400
    assert not StudyGroup.objects.exists()


def test_saving_an_edit_keeps_the_meetings_that_were_not_touched(alice_in, open_group):
    data = group_post(
        **{
            "slots-TOTAL_FORMS": "2",
            "slots-INITIAL_FORMS": "1",
            "slots-0-weekday": "1",
            "slots-0-start": "19:00",
            "slots-0-end": "20:30",
            "slots-1-weekday": "",
            "slots-1-start": "",
            "slots-1-end": "",
        }
    )
    response = alice_in.post(reverse("groups:edit", args=[open_group.pk]), data)
    assert response.status_code == 302
    assert open_group.meeting_slots.count() == 1


def test_add_a_meeting_without_javascript_keeps_what_was_typed_and_saves_nothing(alice_in):
    data = group_post(name="Night owls", add_meeting="1")
    response = alice_in.post(reverse("groups:create"), data)
    assert response.status_code == 200
    assert not StudyGroup.objects.exists()
    formset = response.context["slot_formset"]
    assert formset.total_form_count() == 2  # the typed meeting and a new row
    page = response.content.decode()
    assert 'value="Night owls"' in page and 'value="19:00"' in page
    assert "Please fix" not in page and "errorlist" not in page


def test_removing_a_meeting_row(alice_in, open_group):
    data = group_post(
        **{"slots-INITIAL_FORMS": "1", "slots-0-DELETE": "on"},
    )
    response = alice_in.post(reverse("groups:edit", args=[open_group.pk]), data)
    assert response.status_code == 302
    assert not open_group.meeting_slots.exists()


def test_many_meetings_a_week(alice_in):
    data = group_post(**{"slots-TOTAL_FORMS": "10"})
    for index in range(10):
        data[f"slots-{index}-weekday"] = str(index % 7)
        data[f"slots-{index}-start"] = f"{8 + index:02d}:00"
        data[f"slots-{index}-end"] = f"{8 + index:02d}:45"
    assert alice_in.post(reverse("groups:create"), data).status_code == 302
    assert MeetingSlot.objects.count() == 10


# Where we meet


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://meet.example.org/bayes", "https://meet.example.org/bayes"),
        ("www.example.org/call", "https://www.example.org/call"),
        ("  Library, room 2  ", "Library, room 2"),
        ("", ""),
    ],
)
def test_where_we_meet_is_a_call_link_or_words(alice_in, typed, stored):
    response = alice_in.post(reverse("groups:create"), group_post(location=typed))
    assert response.status_code == 302
    assert StudyGroup.objects.get().location == stored


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.org",
        "https://exa mple.org",
        "https://",
        "<script>alert(1)</script>",
        "x" * 301,
    ],
)
def test_a_hostile_place_is_a_field_error_and_nothing_is_saved(alice_in, hostile):
    response = alice_in.post(reverse("groups:create"), group_post(location=hostile))
    assert response.status_code == 400
    assert "location" in response.context["form"].errors
    assert not StudyGroup.objects.exists()


def test_the_place_is_on_the_page_and_in_the_calendar_file(alice_in, alice, make_group):
    group = make_group(
        alice, slots=[(TUESDAY, time(23), 120)], location="https://meet.example.org/x"
    )
    page = alice_in.get(group.get_absolute_url()).content.decode()
    assert 'href="https://meet.example.org/x" rel="noopener nofollow"' in page
    calendar = Calendar.from_ical(alice_in.get(reverse("groups:calendar", args=[group.pk])).content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["location"]) == "https://meet.example.org/x"
    assert event["duration"].dt.total_seconds() == 2 * 3600


def test_a_place_in_words_is_text_not_a_link(alice_in, alice, make_group):
    group = make_group(alice, location="Library, room 2")
    page = alice_in.get(group.get_absolute_url()).content.decode()
    assert "Library, room 2" in page and 'href="Library' not in page


# Instructors without a seat


@pytest.fixture
def taught(instructor, alice):
    course = course_actions.create_course(instructor, title="Stats", code="STAT1", term="t")
    course_actions.enrol_with_code(alice, course.join_code)
    return course


def test_an_instructor_may_start_a_group_without_taking_a_seat(client, instructor, taught, alice):
    client.force_login(instructor)
    assert "take_seat" in client.get(reverse("groups:create")).context["form"].fields
    response = client.post(
        reverse("groups:create"), group_post(course=str(taught.pk), take_seat="")
    )
    assert response.status_code == 302
    group = StudyGroup.objects.get()
    assert group.member_count == 0 and not group.memberships.exists()
    assert group.owner == instructor
    # Students join every seat; the instructor still manages it as the course's staff.
    actions.join_group(alice, group)
    page = client.get(group.get_absolute_url()).content.decode()
    assert reverse("groups:edit", args=[group.pk]) in page and "Organise" in page


def test_without_a_seat_needs_a_course_the_person_teaches(client, instructor, taught):
    client.force_login(instructor)
    response = client.post(reverse("groups:create"), group_post(course="", take_seat=""))
    assert response.status_code == 400
    assert "take_seat" in response.context["form"].errors
    assert not StudyGroup.objects.exists()


def test_a_student_always_takes_a_seat(alice_in, alice, taught):
    assert "take_seat" not in alice_in.get(reverse("groups:create")).context["form"].fields
    response = alice_in.post(reverse("groups:create"), group_post(course=str(taught.pk)))
    assert response.status_code == 302
    assert StudyGroup.objects.get().member_count == 1
    with pytest.raises(actions.NotAllowed):
        actions.create_group(
            alice,
            name="x",
            description="",
            course=taught,
            capacity=4,
            visibility="open",
            topics=[],
            languages=[],
            slots=[],
            take_seat=False,
        )
