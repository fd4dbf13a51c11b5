"""What moderators read: the report's times labelled with the zone they are shown in,
and the audit log in words, with how long a mute or ban lasts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts import moderation as site
from accounts.models import ModerationAction
from accounts.timezones import zone_label
from lounge import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def rude_report(alice, bob):
    social = actions.create_channel(alice, kind="social", name="off-topic")
    actions.join_channel(bob, social)
    message, _ = actions.post_message(alice, social, "you are all idiots")
    return actions.file_report(bob, message, "harassment", "")


def test_the_context_table_names_the_zone_its_times_are_in(client, moderator, rude_report):
    moderator.profile.time_zone = "Asia/Kolkata"
    moderator.profile.save(update_fields=["time_zone"])
    client.force_login(moderator)
    page = client.get(reverse("admin:lounge_report_change", args=[rude_report.pk])).text
    assert "When (UTC)" not in page
    assert f"When ({escape(zone_label('Asia/Kolkata'))})" in page


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (10, "10 minutes"),
        (60, "1 hour"),
        (90, "90 minutes"),
        (24 * 60, "1 day"),
        (28 * 1440, "28 days"),
    ],
)
def test_a_mutes_length_is_in_words(moderator, alice, social_of, minutes, words):
    mute = actions.mute_in_channel(moderator, social_of, alice, timedelta(minutes=minutes), "calm")
    entry = ModerationAction.objects.get(action="channel_mute")
    assert entry.action_name == "Muted in a channel"
    assert entry.length == words
    assert mute.until


@pytest.fixture
def social_of(alice):
    return actions.create_channel(alice, kind="social", name="general")


def test_a_ban_until_lifted_and_other_actions_read_as_words(moderator, alice, bob):
    site.restrict_site(moderator, alice, kind="ban", duration=None, reason="spam bot")
    site.warn(moderator, bob, reason="be kind")
    assert ModerationAction.objects.get(action="warn").action_name == "Warned"
    ban = ModerationAction.objects.get(action="site_ban")
    assert (ban.action_name, ban.length) == ("Banned", "until lifted")
    entry = ModerationAction(action="something_new")
    assert entry.action_name == "Something new" and entry.length == ""


def test_the_audit_log_and_dashboard_show_words_not_codes(client, moderator, alice, social_of):
    actions.mute_in_channel(moderator, social_of, alice, timedelta(hours=1), "calm down")
    client.force_login(moderator)
    log = client.get(reverse("admin:accounts_moderationaction_changelist")).text
    assert "Muted in a channel" in log and "1 hour" in log
    home = client.get(reverse("admin:index")).text
    assert "Muted in a channel (1 hour)" in home and "channel_mute<" not in home


def test_the_urgent_count_is_a_badge_that_reads_well(client, moderator, alice, bob):
    social = actions.create_channel(alice, kind="social", name="support")
    actions.join_channel(bob, social)
    message, _ = actions.post_message(alice, social, "I can't go on")
    actions.file_report(bob, message, "self_harm", "worried")
    client.force_login(moderator)
    home = client.get(reverse("admin:index")).text
    assert 'class="moderation-urgent"' in home and "1 self-harm concern" in home
