"""/people/me/connections/: the people the viewer has studied with, what they did
together, when last, and the courses and groups they share; nobody else's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import actions as account_actions
from accounts.interactions import Kind, record
from accounts.models import Interaction
from courses import actions as course_actions
from groups import actions as group_actions
from tests.factories import UserFactory
from tests.groups.conftest import build_group

pytestmark = pytest.mark.django_db

URL = "/people/me/connections/"


def card_of(page, person):
    card = page[page.index(f'id="connection-{person.pk}"') :]
    return card[: card.index("</li>")]


def age(rows, days):
    Interaction.objects.filter(pk__in=[row.pk for row in rows]).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_a_person_sees_whom_they_studied_with_what_they_did_and_what_they_share(
    alice_client, alice, bob, charlie, instructor
):
    course = course_actions.create_course(instructor, title="Stats", code="STAT101", term="T")
    course_actions.enrol_with_code(alice, course.join_code)
    course_actions.enrol_with_code(bob, course.join_code)
    group = build_group(alice, name="Probability <b>crew</b>", course=course)
    group_actions.join_group(bob, group)
    record(charlie, [alice], Kind.MENTIONED)

    page = alice_client.get(URL).content.decode()

    bob_card = card_of(page, bob)
    assert "Bob Baptiste" in bob_card and 'href="/people/bob/"' in bob_card
    assert "in a study group together" in bob_card
    assert "STAT101" in bob_card and "Probability &lt;b&gt;crew&lt;/b&gt;" in bob_card
    assert "Last together:" in bob_card and "<time" in bob_card
    assert 'name="handles" value="bob"' in bob_card  # the message button
    charlie_card = card_of(page, charlie)
    assert "1 mention" in charlie_card and "STAT101" not in charlie_card


def test_the_period_chooses_how_far_back_to_look(alice_client, alice, bob, charlie):
    age(record(alice, [bob], Kind.REPLIED), days=60)
    age(record(alice, [charlie], Kind.REPLIED), days=200)

    def listed(days):
        page = alice_client.get(URL, {"days": days}).content.decode()
        return {name for name in ("Bob Baptiste", "Charlie Chen") if name in page}

    assert listed(30) == set()
    assert listed(90) == {"Bob Baptiste"}
    assert listed(365) == {"Bob Baptiste", "Charlie Chen"}
    # The default is 90 days; anything else asked for is the default too.
    assert listed("") == listed("<script>") == listed(-1) == listed(10**30) == {"Bob Baptiste"}


def test_htmx_gets_only_the_list(alice_client, alice, bob):
    record(alice, [bob], Kind.REPLIED)

    page = alice_client.get(URL, {"days": 30}, HTTP_HX_REQUEST="true").content.decode()

    assert page.lstrip().startswith('<section id="connections"') and "Bob Baptiste" in page
    assert "<h1>" not in page


def test_a_blocked_person_is_not_listed_whoever_blocked(alice_client, alice, bob, charlie):
    record(bob, [alice], Kind.REPLIED)
    record(alice, [charlie], Kind.REPLIED)
    account_actions.block(alice, bob)
    account_actions.block(charlie, alice)

    page = alice_client.get(URL).content.decode()

    assert "Bob Baptiste" not in page and "Charlie Chen" not in page


def test_a_reviewer_stays_anonymous_to_the_reviewed(client, alice, bob):
    record(bob, [alice], Kind.REVIEWED)

    client.force_login(alice)
    assert "Bob Baptiste" not in client.get(URL).content.decode()
    client.force_login(bob)
    assert "you reviewed their work" in card_of(client.get(URL).content.decode(), alice)


def test_the_page_shows_the_viewers_own_and_nobody_elses(client, alice, bob, charlie, mallory):
    record(alice, [bob], Kind.MENTIONED)
    record(charlie, [bob], Kind.MESSAGED)
    client.force_login(mallory)

    page = client.get(URL).content.decode()

    assert "Bob Baptiste" not in page and "Alice Ames" not in page and "Nobody yet" in page
    # The old address with a handle in it is gone, and is no way to anyone's list.
    assert client.get("/people/alice/connections/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_empty_list_helps_to_find_people(alice_client):
    page = alice_client.get(URL).content.decode()
    assert "Nobody yet in the last 90 days" in page
    assert 'href="/groups/"' in page and "Join a study group" in page
    assert 'href="?days=365"' in page


def test_the_page_is_linked_from_the_menu_and_the_own_profile(alice_client, alice):
    assert URL in alice_client.get("/").content.decode()
    assert URL in alice_client.get(f"/people/{alice.username}/").content.decode()


def test_the_page_does_not_grow_with_connections(
    alice_client, alice, instructor, django_assert_max_num_queries
):
    course = course_actions.create_course(instructor, title="Stats", code="STAT101", term="T")
    course_actions.enrol_with_code(alice, course.join_code)
    group = build_group(alice, capacity=50, course=course)

    def add_people(n):
        for person in UserFactory.create_batch(n):
            course_actions.enrol_with_code(person, course.join_code)
            group_actions.join_group(person, group)
            record(person, [alice], Kind.REPLIED, person)

    add_people(3)
    with django_assert_max_num_queries(30) as few:
        alice_client.get(URL)
    add_people(12)
    with django_assert_max_num_queries(len(few)):
        page = alice_client.get(URL).content.decode()
    assert page.count('class="card connection"') == 15
