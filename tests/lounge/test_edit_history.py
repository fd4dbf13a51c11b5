"""Every edit keeps what the message said before: readers of the channel open the
history from "(edited)", moderators see it beside a report, outsiders see nothing."""

import pytest
from django.urls import reverse

from lounge import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(group_chat, alice):
    message, _ = actions.post_message(alice, group_chat, "Meet at 5")
    actions.edit_message(alice, message, "Meet at 6")
    actions.edit_message(alice, message, "Meet at <b>7</b>, room B")
    return message


def test_each_edit_keeps_the_text_before_it(edited):
    assert list(edited.edits.values_list("previous_body", flat=True)) == ["Meet at 5", "Meet at 6"]


def test_readers_see_every_version_newest_first(client, edited, bob):
    client.force_login(bob)
    channel_page = client.get(edited.channel.get_absolute_url()).text
    assert f'href="/lounge/m/{edited.pk}/history/"' in channel_page
    page = client.get(f"/lounge/m/{edited.pk}/history/").text
    positions = [
        page.index(text)
        for text in ("Meet at &lt;b&gt;7&lt;/b&gt;, room B", "Meet at 6", "Meet at 5")
    ]
    assert positions == sorted(positions)
    assert "<b>7</b>" not in page


def test_outsiders_and_deleted_messages_get_the_same_404(client, edited, alice, charlie):
    client.force_login(charlie)
    assert client.get(f"/lounge/m/{edited.pk}/history/").status_code == 404
    assert client.get("/lounge/m/999999/history/").status_code == 404
    actions.delete_message(alice, edited)
    client.force_login(alice)
    assert client.get(f"/lounge/m/{edited.pk}/history/").status_code == 404


def test_a_hidden_messages_history_is_hidden_too(client, edited, bob, moderator):
    actions.hide_message(moderator, edited, "spam")
    client.force_login(bob)
    assert client.get(f"/lounge/m/{edited.pk}/history/").status_code == 404


def test_moderators_see_the_earlier_versions_beside_a_report(client, edited, bob, moderator):
    report = actions.file_report(bob, edited, "harassment", "it changed after I replied")
    client.force_login(moderator)
    page = client.get(reverse("admin:lounge_report_change", args=[report.pk])).text
    assert "The reported message before its edits" in page
    assert "Meet at 5" in page and "Meet at 6" in page
