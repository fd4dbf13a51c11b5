"""Meetup pages: listing, calling one, answering, the page, editing, the calendar files
and the feed address; outsiders and hostile input."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from lounge.meetups import actions, recurrence
from lounge.meetups.models import CalendarFeed, Meetup, Rsvp
from tests.groups.conftest import build_group

from .conftest import details

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def form_data(**overrides):
    tomorrow = (timezone.now() + timedelta(days=2)).date()
    data = {
        "title": "Exam prep",
        "description": "We go through **chapter 3**",
        "date": tomorrow.isoformat(),
        "time": "19:00",
        "duration_minutes": "90",
        "capacity": "",
        "where": "lounge",
        "call_url": "",
        "place": "",
        "recurrence": "none",
        "repeat_until": "",
    }
    data.update(overrides)
    return data


def test_the_list_shows_what_i_can_see_in_my_zone(alice_client, alice, meetup, dm, bob):
    actions.create_meetup(bob, dm, **details(title="Just us two"))
    page = alice_client.get("/meetups/").text
    assert "Coffee and flashcards" in page and "Just us two" in page
    assert "Europe/Berlin" in page  # alice's zone, named


def test_the_list_hides_meetups_of_chats_i_cannot_read(client, charlie, dm, bob, meetup):
    actions.create_meetup(bob, dm, **details(title="Just us two"))
    client.force_login(charlie)
    page = client.get("/meetups/").text
    assert "Coffee and flashcards" in page  # a social channel: everyone may read it
    assert "Just us two" not in page


def test_the_going_filter_and_past_tab(alice_client, alice, social, make_meetup, meetup):
    other = make_meetup(alice, social, title="Another one")
    actions.respond(alice, other, 0, "going")
    page = alice_client.get("/meetups/?going=on").text
    assert "Another one" in page and "Coffee and flashcards" not in page
    assert "No past meetups" in alice_client.get("/meetups/?past=on").text


def test_calling_a_meetup_in_the_organisers_zone(alice_client, alice, social):
    response = alice_client.post("/meetups/new/", {"channel": social.slug, **form_data()})
    meetup = Meetup.objects.get()
    assert response.status_code == 302 and response["Location"] == meetup.get_absolute_url()
    # 19:00 in Berlin (alice's zone) is 18:00 or 17:00 UTC depending on the season.
    assert meetup.starts_at.hour in (17, 18) and meetup.time_zone == "Europe/Berlin"
    page = alice_client.get(meetup.get_absolute_url()).text
    assert "19:00 Europe/Berlin" in page and "<strong>chapter 3</strong>" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2020-01-01"}, "time", "future"),
        ({"duration_minutes": "4320"}, "duration_minutes", "valid choice"),
        ({"capacity": "0"}, "capacity", "greater than or equal to 2"),
        ({"capacity": "100000"}, "capacity", "less than or equal to 500"),
        ({"where": "link", "call_url": "javascript:alert(1)"}, "call_url", "valid URL"),
        ({"where": "link", "call_url": ""}, "call_url", "call link"),
        ({"title": "<script>alert(1)</script>"}, "title", "plain text"),
        ({"recurrence": "weekly", "repeat_until": ""}, "repeat_until", "last date"),
    ],
)
def test_bad_input_gets_field_errors_and_writes_nothing(
    alice_client, social, overrides, field, message
):
    response = alice_client.post(
        "/meetups/new/", {"channel": social.slug, **form_data(**overrides)}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Meetup.objects.exists()


def test_an_outsider_cannot_call_a_meetup_in_a_private_chat(client, charlie, dm):
    client.force_login(charlie)
    assert client.get(f"/meetups/new/?channel={dm.slug}").status_code == 404
    response = client.post("/meetups/new/", {"channel": dm.slug, **form_data()})
    assert response.status_code == 404
    assert not Meetup.objects.exists()


def test_a_private_meetup_is_the_same_404_as_a_missing_one(client, charlie, bob, dm):
    meetup = actions.create_meetup(bob, dm, **details())
    client.force_login(charlie)
    for url in (
        f"/meetups/{meetup.pk}/",
        f"/meetups/{meetup.pk}/calendar.ics",
        f"/meetups/{meetup.pk}/edit/",
    ):
        assert client.get(url).status_code == 404
        assert client.get(url.replace(str(meetup.pk), "999999")).status_code == 404
    assert (
        client.post(f"/meetups/{meetup.pk}/dates/0/rsvp/", {"status": "going"}).status_code == 404
    )
    assert client.post(f"/meetups/{meetup.pk}/cancel/").status_code == 404
    assert not Rsvp.objects.exists()
    meetup.refresh_from_db()
    assert not meetup.is_cancelled


def test_answering_by_form_and_by_htmx(bob_client, meetup):
    response = bob_client.post(f"/meetups/{meetup.pk}/dates/0/rsvp/", {"status": "going"})
    assert response.status_code == 302
    assert Rsvp.objects.get().status == "going"
    fragment = bob_client.post(
        f"/meetups/{meetup.pk}/dates/0/rsvp/", {"status": "maybe"}, HTTP_HX_REQUEST="true"
    ).text
    assert 'id="meetup-answer"' in fragment and "<html" not in fragment
    assert f'id="meetup-{meetup.pk}-0-counts"' in fragment and "0 going" in fragment
    page = bob_client.get(meetup.get_absolute_url()).text
    assert page.count(f'id="meetup-{meetup.pk}-0-counts"') == 1


def test_a_made_up_answer_or_date_changes_nothing(bob_client, meetup):
    bob_client.post(f"/meetups/{meetup.pk}/dates/0/rsvp/", {"status": "waitlisted"})
    bob_client.post(f"/meetups/{meetup.pk}/dates/7/rsvp/", {"status": "going"})
    assert not Rsvp.objects.exists()
    assert bob_client.get(f"/meetups/{meetup.pk}/?date=7").status_code == 404
    assert bob_client.get(f"/meetups/{meetup.pk}/?date=-1").status_code == 404


def test_only_the_organiser_edits(bob_client, meetup):
    assert bob_client.get(f"/meetups/{meetup.pk}/edit/").status_code == 404
    bob_client.post(f"/meetups/{meetup.pk}/cancel/")
    meetup.refresh_from_db()
    assert not meetup.is_cancelled


def test_the_organiser_edits_and_cancels(alice_client, meetup, bob):
    actions.respond(bob, meetup, 0, "going")
    response = alice_client.post(
        f"/meetups/{meetup.pk}/edit/", form_data(title="Coffee, flashcards and cake")
    )
    assert response.status_code == 302
    meetup.refresh_from_db()
    assert meetup.title == "Coffee, flashcards and cake"
    alice_client.post(f"/meetups/{meetup.pk}/cancel/", {"reason": "Ill, sorry"})
    meetup.refresh_from_db()
    assert meetup.is_cancelled and meetup.cancel_reason == "Ill, sorry"
    assert "was cancelled" in alice_client.get(meetup.get_absolute_url()).text


def test_html_in_a_description_is_shown_as_text(alice_client, alice, social, make_meetup):
    meetup = make_meetup(
        alice, social, description='<img src=x onerror="alert(1)"> [x](javascript:alert(1))'
    )
    page = alice_client.get(meetup.get_absolute_url()).text
    assert "<img" not in page and 'href="javascript:' not in page


def test_the_ics_file_parses_with_its_zone_rule_and_skipped_date(
    alice_client, alice, social, make_meetup
):
    until = (timezone.now() + timedelta(days=30)).date()
    meetup = make_meetup(
        alice, social, recurrence="weekly", repeat_until=until, time_zone="Europe/Madrid"
    )
    actions.skip_occurrence(alice, meetup, 1)
    response = alice_client.get(f"/meetups/{meetup.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == meetup.starts_at
    assert str(event["dtstart"].params["TZID"]) == "Europe/Madrid"
    assert event["rrule"]["FREQ"] == ["WEEKLY"]
    assert [d.dt for d in event["exdate"].dts] == [recurrence.when(meetup, 1).starts_at]
    assert list(calendar.walk("VTIMEZONE"))


def test_the_feed_address_lists_my_meetups_and_stops_when_replaced(
    alice_client, alice, meetup, social, make_meetup
):
    actions.respond(alice, meetup, 0, "going")
    make_meetup(alice, social, title="Not answered")
    alice_client.post("/meetups/calendar/address/", {"action": "replace"})
    token = CalendarFeed.objects.get(user=alice).token
    assert token in alice_client.get("/meetups/calendar/").text

    client = Client()  # a calendar program: no session
    feed = client.get(f"/meetups/feed/{token}.ics")
    assert feed.status_code == 200
    summaries = [str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert summaries == ["Coffee and flashcards"]

    alice_client.post("/meetups/calendar/address/", {"action": "replace"})
    assert client.get(f"/meetups/feed/{token}.ics").status_code == 404
    new_token = CalendarFeed.objects.get(user=alice).token
    alice_client.post("/meetups/calendar/address/", {"action": "revoke"})
    assert client.get(f"/meetups/feed/{new_token}.ics").status_code == 404
    assert client.get("/meetups/feed/" + "x" * 43 + ".ics").status_code == 404


def test_the_feed_includes_my_study_groups_meetings(client, alice):
    from datetime import time

    build_group(alice, name="Algebra circle", slots=[(1, time(18), 60)])
    feed = actions.replace_calendar_feed(alice)
    content = client.get(f"/meetups/feed/{feed.token}.ics").content
    summaries = [str(e["summary"]) for e in Calendar.from_ical(content).walk("VEVENT")]
    assert summaries == ["Algebra circle: study group meeting"]


def test_suggested_times_for_a_conversation_count_who_is_free(alice_client, alice, bob, dm):
    from accounts.actions import set_free_hours

    every_hour = [(day, hour) for day in range(7) for hour in range(24)]
    set_free_hours(alice, every_hour)
    set_free_hours(bob, every_hour)
    page = alice_client.get(f"/meetups/new/?channel={dm.slug}").text
    assert page.count("2 of 2 free") == 4
    match = re.search(r'href="\?channel=[^&]+&amp;date=([\d-]+)&amp;time=([\d:]+)"', page)
    prefilled = alice_client.get(
        f"/meetups/new/?channel={dm.slug}&date={match[1]}&time={match[2]}"
    ).text
    assert f'value="{match[1]}"' in prefilled


def test_check_in_and_kudos_pages(alice_client, meetup, alice, bob):
    actions.respond(alice, meetup, 0, "going")
    actions.respond(bob, meetup, 0, "going")
    from .test_actions import _happened

    _happened(meetup)
    page = alice_client.get(meetup.get_absolute_url()).text
    assert "How did it go?" in page
    alice_client.post(f"/meetups/{meetup.pk}/dates/0/check-in/", {"happened": "met"})
    assert Rsvp.objects.get(user=alice).check_in == "met"
    alice_client.post(
        f"/meetups/{meetup.pk}/dates/0/kudos/", {"to": bob.pk, "message": "Great notes"}
    )
    assert bob.kudos_received.get().message == "Great notes"
    assert "thanked" in alice_client.get(meetup.get_absolute_url()).text


def test_a_group_page_shows_its_chats_meetups_to_members_only(client, alice, bob, charlie):
    from datetime import time

    from groups.actions import group_channel

    group = build_group(alice, name="Algebra circle", slots=[(1, time(18), 60)])
    actions.create_meetup(alice, group_channel(group), **details(title="Past papers"))
    client.force_login(alice)
    assert "Past papers" in client.get(group.get_absolute_url()).text
    client.force_login(charlie)
    assert "Past papers" not in client.get(group.get_absolute_url()).text


def test_while_it_is_on_the_page_shows_who_is_here(alice_client, meetup, alice, bob):
    from datetime import UTC

    from lounge.meetups.models import Occurrence

    actions.respond(bob, meetup, 0, "going")
    started = timezone.now().astimezone(UTC) - timedelta(minutes=10)
    Meetup.objects.filter(pk=meetup.pk).update(starts_at=started, last_starts_at=started)
    Occurrence.objects.filter(meetup=meetup).update(
        starts_at=started, ends_at=started + timedelta(hours=1)
    )
    from lounge import actions as lounge

    lounge.post_message(bob, meetup.channel, "I'm in, <b>where</b> are you?")
    page = alice_client.get(meetup.get_absolute_url()).text
    assert "happening now" in page and "Here now" in page
    assert f'data-presence-user="{bob.pk}"' in page
    assert "In the chat" in page and "I&#x27;m in, &lt;b&gt;where&lt;/b&gt; are you?" in page


def test_the_list_filters_by_chat_and_offers_only_readable_chats(
    alice_client, alice, bob, meetup, dm, social
):
    actions.create_meetup(bob, dm, **details(title="Just us two"))
    page = alice_client.get(f"/meetups/?channel={dm.slug}").text
    assert "Just us two" in page and "Coffee and flashcards" not in page
    page = alice_client.get("/meetups/?kind=social").text
    assert "Just us two" not in page and "Coffee and flashcards" in page


def test_a_chat_i_cannot_read_is_not_a_filter_choice(client, charlie, bob, dm):
    actions.create_meetup(bob, dm, **details(title="Just us two"))
    client.force_login(charlie)
    response = client.get(f"/meetups/?channel={dm.slug}")
    assert "Just us two" not in response.text
    assert dm.slug not in response.text


def test_a_chats_meetups_cost_the_same_queries_for_one_or_many(client, alice, bob):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groups.actions import group_channel, join_group

    group = build_group(alice, name="Algebra circle")
    join_group(bob, group)
    chat = group_channel(group)
    client.force_login(bob)

    def queries():
        client.get(chat.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            client.get(chat.get_absolute_url())
        return len(captured)

    first = actions.create_meetup(alice, chat, **details(title="First"))
    actions.respond(bob, first, 0, "going")
    one = queries()
    for number in range(4):
        other = actions.create_meetup(alice, chat, **details(title=f"Other {number}"))
        actions.respond(alice, other, 0, "maybe")
    assert queries() == one


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Kolkata", "00:30 Asia/Kolkata (UTC+5:30)"),
        ("Asia/Kathmandu", "00:45 Asia/Kathmandu (UTC+5:45)"),
    ],
)
def test_viewers_in_half_and_three_quarter_hour_zones_see_their_own_time(
    client, charlie, meetup, zone, shown
):
    """The meetup starts at 19:00 UTC; each viewer sees it in their zone, named."""
    charlie.profile.time_zone = zone
    charlie.profile.save(update_fields=["time_zone"])
    Meetup.objects.filter(pk=meetup.pk).update(starts_at=meetup.starts_at.replace(hour=19))
    client.force_login(charlie)
    assert shown in client.get(meetup.get_absolute_url()).text


def test_the_list_does_not_grow_with_the_chats_i_am_in(
    client, alice, django_assert_max_num_queries
):
    from lounge import actions as lounge

    for number in range(30):
        channel = lounge.create_channel(alice, kind="social", name=f"chat-{number}")
        actions.create_meetup(alice, channel, **details(title=f"Meetup {number}"))
    client.force_login(alice)
    client.get("/meetups/")
    with django_assert_max_num_queries(20):
        page = client.get("/meetups/").text
    assert page.count('class="card meetup-card') == 30
    with django_assert_max_num_queries(12):
        assert "chat-29" in client.get("/meetups/new/").text
