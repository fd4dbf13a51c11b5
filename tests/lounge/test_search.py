"""Searching messages: only channels the searcher may read right now, never hidden,
pending or deleted messages or those of a blocked person, highlights that cannot
inject HTML, and the page with its filters."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.actions import block
from lounge import actions
from lounge.models import Message
from lounge.search import search_messages

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking and phrases are PostgreSQL's full-text"
)


def found(user, text, **filters):
    hits, _ = search_messages(user, text, **filters)
    return [hit.message.body for hit in hits]


def test_members_find_their_chats_messages_and_outsiders_do_not(group_chat, alice, bob, charlie):
    actions.post_message(alice, group_chat, "The regression homework is due Friday")
    assert found(bob, "regression") == ["The regression homework is due Friday"]
    assert found(charlie, "regression") == []


def test_a_removed_member_stops_finding_at_once(group_chat, alice, bob):
    actions.post_message(alice, group_chat, "Secret exam strategy")
    assert found(bob, "strategy")
    actions.remove_channel_member(group_chat, bob)
    assert found(bob, "strategy") == []


def test_hidden_pending_and_deleted_messages_never_match(social, alice, bob, moderator):
    shown, _ = actions.post_message(alice, social, "giraffe one")
    hidden, _ = actions.post_message(alice, social, "giraffe two")
    deleted, _ = actions.post_message(alice, social, "giraffe three")
    actions.hide_message(moderator, hidden, "off topic")
    actions.delete_message(alice, deleted)
    Message.objects.filter(pk=shown.pk).update(pending=False)
    pending, _ = actions.post_message(alice, social, "giraffe four")
    Message.objects.filter(pk=pending.pk).update(pending=True)
    assert found(bob, "giraffe") == ["giraffe one"]


def test_a_blocked_persons_messages_do_not_match(social, alice, bob):
    actions.post_message(alice, social, "penguins everywhere")
    block(bob, alice)
    assert found(bob, "penguins") == []
    assert found(alice, "penguins") == ["penguins everywhere"]


def test_an_edit_is_searched_as_it_now_reads(social, alice, bob):
    message, _ = actions.post_message(alice, social, "meet at noon")
    actions.edit_message(alice, message, "meet at midnight")
    assert found(bob, "noon") == []
    assert found(bob, "midnight") == ["meet at midnight"]


def test_highlights_cannot_inject_html(social, alice, bob):
    actions.post_message(alice, social, '<img src=x onerror="alert(1)"> kittens <b>bold</b>')
    hits, _ = search_messages(bob, "kittens")
    excerpt = str(hits[0].excerpt)
    # The only tags are the highlights (ts_headline drops markup; SQLite's text is escaped).
    assert "<" not in excerpt.replace("<mark>", "").replace("</mark>", "")
    if connection.vendor == "postgresql":
        assert "<mark>kittens</mark>" in excerpt


@pytest.mark.parametrize("hostile", ["'", "&|!", "(((", ":*", "a" * 5000, "\x00abc", '"unclosed'])
def test_odd_queries_are_answered_not_crashed(social, alice, bob, hostile):
    actions.post_message(alice, social, "abc")
    search_messages(bob, hostile)


@postgres_only
def test_phrases_exclusions_and_ranking(social, alice, bob):
    actions.post_message(alice, social, "linear algebra study tonight")
    actions.post_message(alice, social, "algebra, linear thinking")
    actions.post_message(alice, social, "linear algebra linear algebra notes")
    assert set(found(bob, '"linear algebra"')) == {
        "linear algebra study tonight",
        "linear algebra linear algebra notes",
    }
    assert found(bob, "algebra -tonight -notes") == ["algebra, linear thinking"]
    assert found(bob, "linear algebra")[0] == "linear algebra linear algebra notes"


def test_dates_are_days_in_the_searchers_zone(social, alice, bob):
    message, _ = actions.post_message(alice, social, "quokka facts")
    # Bob is in New York: 03:00 UTC on the 10th is the evening of the 9th there.
    moment = timezone.now().replace(hour=3, minute=0, second=0, microsecond=0)
    Message.objects.filter(pk=message.pk).update(created_at=moment)
    new_york_day = (moment - timedelta(hours=6)).date()
    assert found(bob, "quokka", since=new_york_day, until=new_york_day) == ["quokka facts"]
    assert found(bob, "quokka", since=moment.date() + timedelta(days=1)) == []


def test_the_page_and_its_fragment(client, social, alice, bob):
    actions.post_message(alice, social, "Pomodoro works for me")
    client.force_login(bob)
    page = client.get("/lounge/search/", {"q": "pomodoro"})
    assert page.status_code == 200 and "Pomodoro works for me" in page.text.replace(
        "<mark>", ""
    ).replace("</mark>", "")
    assert f"#message-{Message.objects.get().pk}" in page.text
    fragment = client.get("/lounge/search/", {"q": "pomodoro"}, HTTP_HX_REQUEST="true").text
    assert 'id="search-results"' in fragment and "<html" not in fragment


def test_an_unknown_person_or_backwards_dates_are_field_errors(client, social, bob):
    client.force_login(bob)
    page = client.get("/lounge/search/", {"q": "x", "person": "nobody-at-all"})
    assert "Nobody here has that handle." in page.text
    page = client.get("/lounge/search/", {"q": "x", "since": "2026-05-02", "until": "2026-05-01"})
    assert "The end date is on or after the start date." in page.text


def test_a_channel_i_cannot_read_is_not_a_filter(client, group_chat, alice, charlie):
    actions.post_message(alice, group_chat, "hidden treasure")
    client.force_login(charlie)
    page = client.get("/lounge/search/", {"q": "treasure", "channel": group_chat.slug})
    assert "hidden treasure" not in page.text and "Select a valid choice" in page.text
