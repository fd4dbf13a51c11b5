"""Starting a conversation by name: people found as you type, those you share a course,
group or team chat with first; ticked people kept across searches; nobody blocked, no
crash on odd input."""

import pytest
from django.urls import reverse

from accounts.actions import block
from lounge import actions
from lounge.models import Channel
from lounge.people import people_to_message
from tests.factories import UserFactory


@pytest.fixture
def classmates(alice, bob, charlie):
    """alice and charlie share a course chat; bob shares nothing with alice."""
    course_chat = actions.create_channel(
        None, kind=Channel.Kind.COURSE, name="STAT101 Statistics", members=[alice, charlie]
    )
    return course_chat


def test_people_i_share_a_course_with_come_first(alice, bob, charlie, classmates):
    bob.profile.display_name = "Charlotte Brown"
    bob.profile.save(update_fields=["display_name"])
    found = people_to_message(alice, "char")
    assert [person.username for person in found] == ["charlie", "bob"]
    assert found[0].shared_place == "STAT101 Statistics" and found[1].shared_place is None


def test_handles_match_by_their_start_and_names_anywhere(alice, bob, charlie):
    assert [p.username for p in people_to_message(alice, "@bo")] == ["bob"]
    assert [p.username for p in people_to_message(alice, "chen")] == ["charlie"]
    assert [p.username for p in people_to_message(alice, "ptiste")] == ["bob"]
    assert people_to_message(alice, "alice") == []  # never oneself
    assert people_to_message(alice, "   ") == []


def test_blocked_and_inactive_people_are_not_found(alice, bob, charlie, mallory):
    block(mallory, alice)
    charlie.is_active = False
    charlie.save(update_fields=["is_active"])
    assert people_to_message(alice, "mallory") == []
    assert people_to_message(alice, "charlie") == []
    assert [p.username for p in people_to_message(alice, "bob")] == ["bob"]


def test_the_page_finds_people_and_htmx_gets_only_the_list(alice_client, bob, charlie):
    page = alice_client.get(reverse("lounge:direct"), {"q": "bob"})
    assert page.status_code == 200
    assert f'name="people" value="{bob.pk}"' in page.text
    assert "Your conversations" in page.text
    fragment = alice_client.get(
        reverse("lounge:direct"),
        {"q": "charlie", "people": [bob.pk]},
        headers={"HX-Request": "true"},
    )
    assert "Your conversations" not in fragment.text
    # bob, ticked before, stays ticked above the new results.
    assert f'value="{bob.pk}" id="person-{bob.pk}" checked' in fragment.text
    assert f'value="{charlie.pk}"' in fragment.text


def test_ticked_people_open_one_conversation(alice_client, alice, bob, charlie):
    response = alice_client.post(reverse("lounge:direct"), {"people": [bob.pk, charlie.pk]})
    channel = Channel.objects.get(kind=Channel.Kind.DIRECT)
    assert response["Location"] == channel.get_absolute_url()
    assert set(channel.memberships.values_list("user__username", flat=True)) == {
        "alice",
        "bob",
        "charlie",
    }
    # Ticked and typed together are the same people, once.
    again = alice_client.post(
        reverse("lounge:direct"), {"people": [bob.pk], "handles": "bob, charlie"}
    )
    assert again["Location"] == channel.get_absolute_url()


@pytest.mark.parametrize(
    "data",
    [
        {"handles": ""},
        {"people": ["abc"]},
        {"people": ["999999999"]},
        {"people": [str(2**70)]},
        {"handles": "nobody"},
        {"handles": "<script>alert(1)</script>"},
    ],
)
def test_bad_choices_are_a_400_and_open_nothing(alice_client, data):
    response = alice_client.post(reverse("lounge:direct"), data)
    assert response.status_code == 400
    assert not Channel.objects.filter(kind=Channel.Kind.DIRECT).exists()
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "params",
    [{"q": "x" * 5000}, {"q": "%_\\"}, {"people": ["-1", "abc", str(2**70)]}, {"q": "<b>"}],
)
def test_odd_searches_are_answered_cleanly(alice_client, params):
    response = alice_client.get(reverse("lounge:direct"), params)
    assert response.status_code == 200
    assert b"<b>" not in response.content.split(b"people-q")[0][-200:]


def test_a_blocked_person_ticked_by_id_is_left_out(alice_client, alice, mallory):
    block(alice, mallory)
    page = alice_client.get(reverse("lounge:direct"), {"people": [mallory.pk]})
    assert f'value="{mallory.pk}"' not in page.text
    response = alice_client.post(reverse("lounge:direct"), {"people": [mallory.pk]})
    assert response.status_code == 400
    assert not Channel.objects.filter(kind=Channel.Kind.DIRECT).exists()


def test_many_people_are_cut_to_a_short_list(alice, db):
    for number in range(15):
        UserFactory(username=f"sam{number:02d}", display_name=f"Sam {number:02d}")
    assert len(people_to_message(alice, "sam")) == 10
