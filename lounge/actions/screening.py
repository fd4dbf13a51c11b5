"""Screening before and after a message is saved: pre-moderation of newcomers' first
messages, and the automatic flags (word list, flood) that open a report or mute."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .. import permissions
from ..models import Channel, ChannelMute, CommunitySettings, Message, Report
from .moderation import record_mute

FLOOD_REASON = "automatic: flood"


@dataclass
class Screening:
    pending: bool = False
    flag_reason: str = ""
    flood_minutes: int = 0


def _flagged_word(body, words):
    if not words:
        return None
    pattern = r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)"
    match = re.search(pattern, body, re.IGNORECASE)
    return match.group(1) if match else None


def screen_message(actor, channel, body, now, *, moderates=None):
    """Decide, before a message is saved, whether it waits for approval and whether it
    is flagged (word list, flood). Moderators of the channel are not screened
    (`moderates`: already known by the caller, else asked)."""
    result = Screening()
    if moderates is None:
        moderates = permissions.can_moderate_channel(actor, channel)
    if moderates:
        return result
    community = CommunitySettings.load()
    first = community.premoderate_first_messages
    if first and channel.kind != Channel.Kind.DIRECT:
        # Direct messages are private: they are never held for moderators to read.
        published = Message.objects.filter(author=actor, pending=False, hidden_at__isnull=True)
        result.pending = published.count() < first
    flags = []
    word = _flagged_word(body, community.word_list())
    if word:
        flags.append(f"flagged word “{word}”")
    if community.flood_messages and community.flood_seconds:
        since = now - timedelta(seconds=community.flood_seconds)
        recent = Message.objects.filter(author=actor, channel=channel, created_at__gte=since)
        if recent.count() + 1 >= community.flood_messages:
            flags.append(f"flood: {recent.count() + 1} messages in {community.flood_seconds} s")
            result.flood_minutes = max(1, community.flood_mute_minutes)
    result.flag_reason = "; ".join(flags)[:200]
    return result


def apply_screening(message, screening):
    """After a message is saved: an automatic report for a flag (shown in the queue),
    and a short automatic mute for a flood. Logged with no actor."""
    if screening.flag_reason:
        Report.objects.create(
            reporter=None,
            reason=Report.Reason.SPAM if screening.flood_minutes else Report.Reason.OTHER,
            note=f"Automatic flag: {screening.flag_reason}",
            target_type=ContentType.objects.get_for_model(Message),
            target_id=message.pk,
            target_label=(
                f"Message {message.pk} in {message.channel.label} by @{message.author.username}"
            )[:200],
            reported_user=message.author,
            channel=message.channel,
        )
    if (
        screening.flood_minutes
        and not ChannelMute.objects.active()
        .filter(channel=message.channel, user=message.author)
        .exists()
    ):
        mute = ChannelMute.objects.create(
            channel=message.channel,
            user=message.author,
            until=timezone.now() + timedelta(minutes=screening.flood_minutes),
            reason=FLOOD_REASON,
            created_by=None,
        )
        record_mute(None, mute, FLOOD_REASON)
