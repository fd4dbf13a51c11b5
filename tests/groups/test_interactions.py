"""Joining a study group records `same_group` with each member already in it, by every
path into the group, and never across a block."""

import pytest

from accounts import actions as account_actions
from accounts.models import Interaction
from groups import actions

pytestmark = pytest.mark.django_db


def logged():
    return sorted(
        (row.person.username, row.kind, row.other.username)
        for row in Interaction.objects.select_related("person", "other")
    )


def test_joining_records_same_group_with_each_current_member(open_group, charlie):
    assert logged() == [("bob", "same_group", "alice")]

    actions.join_group(charlie, open_group)

    assert logged() == [
        ("bob", "same_group", "alice"),
        ("charlie", "same_group", "alice"),
        ("charlie", "same_group", "bob"),
    ]
    row = Interaction.objects.filter(person=charlie).first()
    assert (row.target_type.model, row.target_id) == ("studygroup", open_group.pk)


def test_an_approved_request_records_same_group(alice, bob, make_group):
    group = make_group(alice, visibility="request")
    request = actions.request_to_join(bob, group, "hi")

    actions.decide_request(alice, request, approve=True)

    assert logged() == [("bob", "same_group", "alice")]


def test_creating_a_group_records_nothing(alice, make_group):
    make_group(alice)
    assert logged() == []


def test_joining_records_nobody_with_a_block_between(open_group, alice, charlie):
    account_actions.block(charlie, alice)

    actions.join_group(charlie, open_group)

    assert logged() == [("bob", "same_group", "alice"), ("charlie", "same_group", "bob")]
