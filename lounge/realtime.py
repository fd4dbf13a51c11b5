"""The chat's events: which group hears what when a message or a membership changes.
Verbs call these; each hands its events to core.realtime, which sends them after the
transaction commits and never raises. Consumers handle each event type in one method."""

from core.realtime import broadcast_on_commit, send, user_group

from . import presence
from .rendering import message_payload


def channel_group(channel_id):
    """Sockets of pages on the channel itself: messages, typing, posting state."""
    return f"lounge.channel.{channel_id}"


def activity_group(channel_id):
    """Small events (a new message) for the badges on every member's other pages."""
    return f"lounge.activity.{channel_id}"


def presence_group(channel_id):
    """Channel pages showing the presence of this channel's members: its own page, and
    for a direct conversation, every channel page of its members (the sidebar's dots)."""
    return f"lounge.presence.{channel_id}"


def moderators_group(channel_id):
    """Sockets of the channel's moderators on its page: they see pending messages live."""
    return f"lounge.moderators.{channel_id}"


def _pending_copies(message, *, fresh=False):
    """A message awaiting approval reaches everyone as an empty hidden row (so numbering
    has no gaps), and as itself only its author's and the moderators' pages."""
    payload = message_payload(message, reveal_pending=True, fresh=fresh)
    full = {"type": "message.changed", "message": payload}
    return (
        (user_group(message.author_id), full),
        (moderators_group(message.channel_id), full),
    )


def _activity(message, mentioned_ids):
    """A new message as the badges of every member's pages hear it."""
    return (
        activity_group(message.channel_id),
        {
            "type": "channel.activity",
            "channel": message.channel_id,
            "seq": message.seq,
            "author": message.author_id,
            "mentions": sorted(mentioned_ids),
        },
    )


def resume_hint(group, event):
    """What a channel's pages hear when a row's broadcast was lost: resume from here."""
    if event.get("type") != "message.changed" or group.startswith("lounge.activity."):
        return None
    payload = event["message"]
    return group, {"type": "resume.hint", "channel": payload["channel_id"], "seq": payload["seq"]}


def message_posted(message, mentioned_ids=()):
    """A message just created: its payload is built once, with no reactions to read."""
    new_row = (
        channel_group(message.channel_id),
        {"type": "message.changed", "message": message_payload(message, fresh=True), "new": True},
    )
    if message.pending:
        broadcast_on_commit(new_row, *_pending_copies(message, fresh=True), if_lost=resume_hint)
    else:
        broadcast_on_commit(new_row, _activity(message, mentioned_ids), if_lost=resume_hint)


def message_changed(message):
    event = {"type": "message.changed", "message": message_payload(message)}
    extra = _pending_copies(message) if message.pending else ()
    broadcast_on_commit((channel_group(message.channel_id), event), *extra, if_lost=resume_hint)


def message_approved(message, mentioned_ids=()):
    """A pending message is published: its empty row is replaced for everyone."""
    broadcast_on_commit(
        (
            channel_group(message.channel_id),
            {"type": "message.changed", "message": message_payload(message)},
        ),
        _activity(message, mentioned_ids),
    )


def _to_person(user, kind, channel, **data):
    """An event about `channel` for every open page of one person, after commit."""
    broadcast_on_commit((user_group(user.pk), {"type": kind, "channel": channel.pk, **data}))


def personal_mute_changed(channel, user, muted):
    _to_person(user, "membership.muted", channel, muted=muted)


def posting_changed(channel, user):
    """The person was muted or unmuted in the channel: their open page re-checks."""
    _to_person(user, "posting.changed", channel)


def channel_posting_changed(channel):
    """The channel was locked or unlocked: every open page on it re-checks."""
    broadcast_on_commit(
        (channel_group(channel.pk), {"type": "posting.changed", "channel": channel.pk})
    )


def membership_added(channel, user):
    _to_person(user, "membership.added", channel)


def membership_revoked(channel, user):
    """The person may no longer read the channel: their sockets on it close now."""
    _to_person(user, "membership.revoked", channel)


def membership_downgraded(channel, user):
    """The person left a public channel: they may still read it, but no longer post."""
    _to_person(user, "membership.downgraded", channel)


def chat_preferences_changed(user, preferences):
    """The person's open pages apply "appear offline" and "show when I am typing" now,
    not at their next reconnect."""
    broadcast_on_commit(
        (
            user_group(user.pk),
            {
                "type": "preferences.changed",
                "appear_offline": preferences.appear_offline,
                "share_typing": preferences.share_typing,
            },
        )
    )


def read_marker_moved(channel, user, seq):
    _to_person(user, "read.moved", channel, seq=seq)


async def typing(channel_id, user_id, name):
    await send(channel_group(channel_id), {"type": "typing.started", "user": user_id, "name": name})


async def send_presence(changes):
    """changes: {channel id: {user id: state}}, one delta per channel."""
    for channel_id, users in changes.items():
        await send(
            presence_group(channel_id),
            {"type": "presence.changed", "users": {str(k): v for k, v in users.items()}},
        )


def presence_changed(channel_ids, user_id, state):
    """Queue the change for this process's next delta (lounge.presence.Outbox)."""
    presence.outbox(send_presence).add(channel_ids, user_id, state)
