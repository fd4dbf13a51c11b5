"""Notifications know who caused them, and a block hides what the other person caused."""

import re

import pytest
from django.urls import reverse

from accounts.actions import block, notify, unblock
from accounts.models import Notification
from groups import actions as groups

AVAILABILITY = reverse("accounts:availability")


@pytest.fixture
def invite_only(alice, make_group):
    return make_group(alice, name="Bayes circle", visibility="invite")


@pytest.fixture
def make_group(db):
    def make(owner, **fields):
        defaults = {
            "description": "",
            "course": None,
            "capacity": 6,
            "topics": [],
            "languages": [],
            "slots": [],
        }
        return groups.create_group(owner, **(defaults | fields))

    return make


def texts(notifications):
    return [notification.text for notification in notifications]


def test_notify_records_the_person_who_caused_it(alice, bob):
    notice = notify(bob, "Alice did something.", actor=alice)
    assert Notification.objects.get(pk=notice.pk).actor == alice
    assert notify(bob, "A seat opened up.").actor is None


def test_an_invitation_notice_names_the_inviter_as_its_actor(invite_only, alice, bob):
    groups.invite(alice, invite_only, bob)
    assert Notification.objects.get(user=bob).actor == alice


@pytest.mark.parametrize("blocker", ["recipient", "actor"])
def test_a_block_either_way_hides_what_the_other_caused(alice, bob, charlie, blocker):
    notify(bob, "From alice.", actor=alice)
    notify(bob, "From charlie.", actor=charlie)
    notify(bob, "From nobody in particular.")
    if blocker == "recipient":
        block(bob, alice)
    else:
        block(alice, bob)

    assert texts(Notification.objects.for_recipient(bob)) == [
        "From nobody in particular.",
        "From charlie.",
    ]
    assert texts(Notification.objects.for_recipient(alice)) == []


def test_someone_elses_block_hides_nothing_of_mine(alice, bob, charlie):
    notify(bob, "From alice.", actor=alice)
    block(charlie, alice)
    assert texts(Notification.objects.for_recipient(bob)) == ["From alice."]


def test_nothing_is_recorded_across_an_existing_block(alice, bob):
    """Hiding at read time covers what came before the block; what would come after it is
    never stored, so it cannot come back on unblocking (or be emailed)."""
    block(bob, alice)
    assert notify(bob, "From alice.", actor=alice) is None
    unblock(bob, alice)
    assert not Notification.objects.exists()


def test_home_and_the_header_badge_leave_out_a_blocked_persons_invitation(
    invite_only, alice, bob, charlie, client, make_group
):
    groups.invite(alice, invite_only, bob)
    groups.invite(charlie, make_group(charlie, name="Tea and tensors", visibility="invite"), bob)
    block(bob, alice)
    client.force_login(bob)

    # Home marks what it lists as read, so the badge is read on another page.
    badge = re.search(r'class="notice-badge"[^>]*>(\d+)<', client.get(AVAILABILITY).text)
    home = client.get("/").text

    assert badge.group(1) == "1"
    assert "Alice Ames invited you" not in home
    assert "Charlie Chen invited you to the study group Tea and tensors." in home
