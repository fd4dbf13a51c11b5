"""/people/<handle>/connections/: the people a person has studied with, for that
person only, with the courses and groups they share."""

import pytest

from accounts import actions as account_actions
from accounts.interactions import Kind, record
from courses import actions as course_actions
from groups import actions as group_actions
from tests.factories import UserFactory
from tests.groups.conftest import build_group

pytestmark = pytest.mark.django_db


def url(person):
    return f"/people/{person.username}/connections/"


def test_a_person_sees_whom_they_studied_with_and_what_they_share(
    alice_client, alice, bob, charlie, instructor
):
    course = course_actions.create_course(instructor, title="Stats", code="STAT101", term="T")
    course_actions.enrol_with_code(alice, course.join_code)
    course_actions.enrol_with_code(bob, course.join_code)
    group = build_group(alice, name="Probability <b>crew</b>", course=course)
    group_actions.join_group(bob, group)
    record(charlie, [alice], Kind.MENTIONED)

    page = alice_client.get(url(alice)).content.decode()

    assert "Bob Baptiste" in page and "Charlie Chen" in page
    bob_row = page[page.index(f"connection-{bob.pk}") :]
    bob_row = bob_row[: bob_row.index("</li>")]
    assert "STAT101" in bob_row and "Probability &lt;b&gt;crew&lt;/b&gt;" in bob_row
    assert "STAT101" not in page[page.index(f"connection-{charlie.pk}") :]


def test_nobody_else_sees_a_persons_list(client, alice, bob, mallory):
    record(alice, [bob], Kind.MENTIONED)
    client.force_login(mallory)

    assert client.get(url(alice)).status_code == 404
    assert client.get("/people/nobody-here/connections/").status_code == 404
    assert client.get(url(mallory)).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, alice):
    response = client.get(url(alice))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_blocked_person_is_not_listed(alice_client, alice, bob):
    record(bob, [alice], Kind.REPLIED)
    account_actions.block(alice, bob)

    assert "Bob Baptiste" not in alice_client.get(url(alice)).content.decode()


def test_an_empty_list_says_so(alice_client, alice):
    assert "Nobody yet" in alice_client.get(url(alice)).content.decode()


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

    add_people(3)
    with django_assert_max_num_queries(30) as few:
        alice_client.get(url(alice))
    add_people(12)
    with django_assert_max_num_queries(len(few)):
        page = alice_client.get(url(alice)).content.decode()
    assert page.count('class="card connection"') == 15
