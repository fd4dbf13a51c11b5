"""A study group's page reads a few queries whatever the size of the group: many
members, many join requests, a long waitlist, a busy chat."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Interest, Language
from courses import actions as course_actions
from groups import actions
from lounge.actions import post_message

# Reading the session, the viewer and their profile; the two header badges; the heat
# map's free hours of the members (people's time zones, their free slots).
AROUND_THE_PAGE = 3 + 2 + 2
# The group with the viewer's ties, its topics and languages, its members, its meetings,
# the chat card's unread counts and last messages, the live sessions; an organiser also
# reads the requests, the requesters' free hours (their time zones, their free slots)
# and the waitlist.
OWN_QUERIES = 7
ORGANISER_QUERIES = OWN_QUERIES + 4


def queries_of_page(client, person, group):
    client.force_login(person)
    client.get(group.get_absolute_url())  # content types and other per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response.text


@pytest.fixture
def big_request_group(enrolled, alice, bob, make_group, make_person, settings):
    """alice's course group of 35 members (bob among them) and 30 people asking to join,
    with topics, languages, meetings and a busy chat."""
    settings.LOUNGE_RATE_LIMIT = (10**6, 1)
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    german, _ = Language.objects.get_or_create(code="de", defaults={"name": "German"})
    topics = [Interest.objects.create(name=name) for name in ("bayes", "markov chains")]
    group = make_group(
        alice,
        course=enrolled,
        capacity=50,
        topics=topics,
        languages=[english, german],
        slots=[(1, time(19, 0), 90), (4, time(8, 0), 60)],
    )
    actions.join_group(bob, group)
    members = [make_person(f"member{n}") for n in range(33)]
    requesters = [make_person(f"asker{n}") for n in range(30)]
    for person in members + requesters:
        course_actions.enrol_with_code(person, enrolled.join_code)
    for person in members:
        actions.join_group(person, group)
    group.refresh_from_db()
    actions.update_group(
        alice,
        group,
        name=group.name,
        description="",
        capacity=50,
        visibility="request",
        topics=topics,
        languages=[english, german],
        slots=[(1, time(19, 0), 90), (4, time(8, 0), 60)],
    )
    for person in requesters:
        actions.request_to_join(person, group, f"Hello from {person.username}")
    channel = actions.group_channel(group)
    for person in members:
        post_message(person, channel, f"Note from {person.username}")
    group.refresh_from_db()
    return group


def test_an_organiser_page_of_a_big_group_reads_a_few_queries(client, big_request_group, alice):
    count, page = queries_of_page(client, alice, big_request_group)

    assert count <= AROUND_THE_PAGE + ORGANISER_QUERIES
    assert "Member32" in page and "Bob Baptiste" in page  # every member
    assert "Asker29" in page and "Hello from asker0" in page  # every request
    assert "Note from member32" in page  # the chat card
    assert "markov chains" in page and "English, German" in page
    assert "Every <strong>" in page  # the meetings


def test_a_members_page_of_a_big_group_reads_a_few_queries(client, big_request_group, bob):
    count, page = queries_of_page(client, bob, big_request_group)

    assert count <= AROUND_THE_PAGE + OWN_QUERIES
    assert "Member32" in page and "Group chat" in page
    assert "Hello from asker0" not in page  # requests are for organisers


def test_course_staff_manage_a_big_group_in_a_few_queries(client, big_request_group, instructor):
    count, page = queries_of_page(client, instructor, big_request_group)

    # Not a member: no chat card, but whether they see the details is a query of its own.
    assert count <= AROUND_THE_PAGE + ORGANISER_QUERIES - 2 + 1
    assert "Hello from asker0" in page and "Group chat" not in page


def test_someone_asking_to_join_reads_only_the_group(client, big_request_group):
    asker = big_request_group.join_requests.first().user
    count, page = queries_of_page(client, asker, big_request_group)

    # Around the page less the heat map, then the group with the viewer's ties, its tags
    # and whether they see its details: a request group keeps those for its members.
    assert count <= AROUND_THE_PAGE - 2 + 3
    assert "Your request is waiting for the organisers." in page
    assert "Member32" not in page


def test_an_organiser_page_with_a_long_waitlist_reads_a_few_queries(
    client, alice, make_group, make_person
):
    group = make_group(alice, capacity=31)
    for n in range(30):
        actions.join_group(make_person(f"member{n}"), group)
    for n in range(30):
        actions.join_waitlist(make_person(f"waiter{n}"), group)
    group.refresh_from_db()

    count, page = queries_of_page(client, alice, group)

    assert count <= AROUND_THE_PAGE + ORGANISER_QUERIES
    assert "Member29" in page and "Waiter29" in page


def test_a_waiter_sees_they_wait_and_an_invitee_who_invited_them(
    client, alice, bob, charlie, make_group
):
    """The viewer's own rows come with the group: the waitlist, the invitation."""
    full = make_group(alice, capacity=2, name="Full")
    actions.join_group(bob, full)
    actions.join_waitlist(charlie, full)
    invite_only = make_group(alice, visibility="invite", name="Secret")
    actions.invite(alice, invite_only, charlie)

    client.force_login(charlie)
    assert "You are on the waitlist" in client.get(full.get_absolute_url()).text
    page = client.get(invite_only.get_absolute_url()).text
    assert "Alice Ames invited you." in page
