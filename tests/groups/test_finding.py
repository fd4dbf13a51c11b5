"""What a browse card and a group page tell someone deciding where to study: where they
stand, when a request-to-join group meets (when its organisers show it), how active it
is; and what organisers see of the people asking to join."""

from datetime import time

import pytest
from django.urls import reverse

from accounts.actions import set_free_hours
from groups import actions
from lounge.actions import post_message

TUESDAY, WEDNESDAY = 1, 2


@pytest.fixture
def browse(client):
    def get(person, **params):
        client.force_login(person)
        response = client.get(reverse("groups:index"), params)
        assert response.status_code == 200
        return response

    return get


def cards(response):
    return {group.name: group for group in response.context["page"].object_list}


# Where I stand


def test_each_card_says_where_i_stand(browse, alice, bob, charlie, make_person, make_group):
    make_group(alice, name="Mine")
    theirs = make_group(bob, name="Joined")
    actions.join_group(alice, theirs)
    asked = make_group(bob, name="Asked", visibility="request")
    actions.request_to_join(alice, asked)
    invited = make_group(bob, name="Invited", visibility="invite")
    actions.invite(bob, invited, alice)
    full = make_group(bob, name="Full", capacity=2)
    actions.join_group(charlie, full)
    actions.join_waitlist(make_person("walt"), full)
    actions.join_waitlist(alice, full)
    make_group(bob, name="Stranger")

    response = browse(alice)
    labels = {name: group.standing.label for name, group in cards(response).items()}
    assert labels == {
        "Mine": "You organise it",
        "Joined": "You are a member",
        "Asked": "You asked to join",
        "Invited": "You are invited",
        "Full": "You are number 2 on the waitlist",
        "Stranger": "",
    }
    page = response.content.decode()
    assert "You are number 2 on the waitlist" in page and "You asked to join" in page


def test_standing_is_mine_alone(browse, alice, bob, make_group):
    group = make_group(bob, name="Asked", visibility="request")
    actions.request_to_join(alice, group)
    assert cards(browse(alice))["Asked"].standing.requested
    # bob organises it: his card says so, not that someone asked.
    assert cards(browse(bob))["Asked"].standing.label == "You organise it"


# A request-to-join group's schedule


@pytest.fixture
def asking_group(alice, make_group):
    return make_group(
        alice,
        name="Ask first",
        visibility="request",
        slots=[(TUESDAY, time(19), 60)],
        location="Library, room 2",
    )


def test_a_request_groups_schedule_is_private_unless_its_organisers_show_it(
    client, browse, asking_group, alice, charlie
):
    client.force_login(charlie)
    page = client.get(asking_group.get_absolute_url()).content.decode()
    assert "Every <strong>" not in page and "Library, room 2" not in page
    assert client.get(reverse("groups:calendar", args=[asking_group.pk])).status_code == 302
    assert not cards(browse(charlie))["Ask first"].fit.known

    actions.update_group(
        alice,
        asking_group,
        name="Ask first",
        description="",
        capacity=8,
        visibility="request",
        topics=[],
        languages=[],
        slots=[(TUESDAY, time(19), 60)],
        schedule_public=True,
    )
    client.force_login(charlie)
    page = client.get(asking_group.get_absolute_url()).content.decode()
    assert "Every <strong>" in page and "Library, room 2" in page
    # The members and their free hours stay private.
    assert "Alice Ames" not in page and "When members are free" not in page
    assert client.get(reverse("groups:calendar", args=[asking_group.pk])).status_code == 200
    card = cards(browse(charlie))["Ask first"]
    assert card.fit.known and card.fit.next_meeting is not None
    assert card.fit.members_sharing_my_time == 0


def test_a_shown_schedule_stays_hidden_from_people_outside_the_course(
    client, enrolled, instructor, alice, charlie, make_group
):
    group = make_group(
        alice,
        course=enrolled,
        visibility="request",
        slots=[(TUESDAY, time(19), 60)],
        schedule_public=True,
    )
    client.force_login(charlie)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.get(reverse("groups:calendar", args=[group.pk])).status_code == 404


def test_archiving_hides_a_shown_schedule_again(client, asking_group, alice, charlie):
    asking_group.schedule_public = True
    asking_group.save(update_fields=["schedule_public"])
    actions.archive_group(alice, asking_group)
    client.force_login(charlie)
    assert "Every <strong>" not in client.get(asking_group.get_absolute_url()).content.decode()


# Requests near the top, with how the requester fits


def test_organisers_see_requests_first_with_how_each_fits(
    client, asking_group, alice, bob, charlie, mallory
):
    set_free_hours(bob, [(TUESDAY, hour) for hour in range(24)])  # New York: all Tuesday
    set_free_hours(charlie, [(WEDNESDAY, 9)])
    for person in (bob, charlie, mallory):
        actions.request_to_join(person, asking_group, f"hi from {person.username}")
    client.force_login(alice)
    page = client.get(asking_group.get_absolute_url()).content.decode()

    assert page.index("Asking to join") < page.index("Meetings")
    fits = {
        join_request.user.username: join_request.fit.label
        for join_request in client.get(asking_group.get_absolute_url()).context["join_requests"]
    }
    # Tuesday 19:00 in Berlin is Tuesday afternoon in New York.
    assert fits == {
        "bob": "Free for every meeting (1 a week)",
        "charlie": "Free for none of the meetings",
        "mallory": "Has not marked their free hours",
    }


def test_requests_are_shown_to_organisers_only(client, asking_group, bob, charlie):
    actions.request_to_join(charlie, asking_group, "secret note")
    client.force_login(bob)
    page = client.get(asking_group.get_absolute_url()).content.decode()
    assert "secret note" not in page and "Asking to join" not in page


# Most active


def test_most_active_sorts_by_chat_messages_and_meetings(
    browse, alice, bob, make_person, make_group, settings
):
    settings.LOUNGE_RATE_LIMIT = (10**6, 1)
    chatty = make_group(alice, name="Chatty")
    make_group(alice, name="Meets weekly", slots=[(TUESDAY, time(19), 60)])
    quiet = make_group(alice, name="Quiet but just joined")
    make_group(alice, name="Newest and silent")
    actions.join_group(bob, chatty)
    for number in range(25):
        post_message(alice, actions.group_channel(chatty), f"message {number}")
    actions.join_group(make_person("walt"), quiet)  # joining alone is not activity

    response = browse(bob, sort="active")
    names = list(cards(response))
    # 25 messages; one weekly meeting counts as 20; then by last join.
    assert names[:2] == ["Chatty", "Meets weekly"]
    assert names.index("Quiet but just joined") < names.index("Newest and silent")


def test_most_active_ignores_a_hidden_schedule(browse, alice, charlie, make_group):
    make_group(alice, name="Hidden meetings", visibility="request", slots=[(TUESDAY, time(19), 60)])
    make_group(alice, name="Later, no meetings", visibility="request")
    # Both unknown to charlie: newest (last activity) first, as if neither met.
    names = list(cards(browse(charlie, sort="active")))
    assert names == ["Later, no meetings", "Hidden meetings"]
