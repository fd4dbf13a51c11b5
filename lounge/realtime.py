"""The only place that talks to the channel layer. Verbs call the sync functions,
which wait for the transaction to commit, so nothing is announced that rolled back.
A broadcast that fails (Redis down) is logged and dropped: the database is the truth
and clients catch up by resuming from the last sequence number they saw."""

import asyncio
import hashlib
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .rendering import message_payload

logger = logging.getLogger(__name__)
SEND_TIMEOUT_SECONDS = 2


def channel_group(channel_id):
    return f"lounge.channel.{channel_id}"


def activity_group(channel_id):
    """Small events (new message, presence) for sidebars of every member's pages."""
    return f"lounge.activity.{channel_id}"


def moderators_group(channel_id):
    """Sockets of the channel's moderators on its page: they see pending messages live."""
    return f"lounge.moderators.{channel_id}"


def user_group(user_id):
    return f"lounge.user.{user_id}"


def session_group(session_key):
    digest = hashlib.sha256(session_key.encode()).hexdigest()[:32]
    return f"lounge.session.{digest}"


async def send(group, event):
    """group_send that never raises: a dead Redis must not fail the caller."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        await asyncio.wait_for(layer.group_send(group, event), SEND_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001 - any layer failure means "live update lost", by design
        logger.warning("Live update to %s not delivered", group, exc_info=True)
        return False
    return True


def _send_many_now(pairs):
    async def run():
        for group, event in pairs:
            await send(group, event)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(run)()
        return
    # Sync code under a running loop in this thread (Playwright's sync API does this in
    # tests) cannot block on the loop: send from a short-lived thread instead.
    thread = threading.Thread(target=async_to_sync(run), name="lounge-broadcast")
    thread.start()
    thread.join(SEND_TIMEOUT_SECONDS * max(len(pairs), 1))


def _on_commit(*pairs):
    transaction.on_commit(lambda: _send_many_now(pairs))


def _pending_copies(message):
    """A message awaiting approval reaches everyone as an empty hidden row (so numbering
    has no gaps), and as itself only its author's and the moderators' pages."""
    full = {"type": "message.changed", "message": message_payload(message, reveal_pending=True)}
    return (
        (user_group(message.author_id), full),
        (moderators_group(message.channel_id), full),
    )


def message_posted(message, mentioned_ids=()):
    payload = message_payload(message)
    if message.pending:
        _on_commit(
            (
                channel_group(message.channel_id),
                {"type": "message.changed", "message": payload, "new": True},
            ),
            *_pending_copies(message),
        )
        return
    _on_commit(
        (
            channel_group(message.channel_id),
            {"type": "message.changed", "message": payload, "new": True},
        ),
        (
            activity_group(message.channel_id),
            {
                "type": "channel.activity",
                "channel": message.channel_id,
                "seq": message.seq,
                "author": message.author_id,
                "mentions": sorted(mentioned_ids),
            },
        ),
    )


def message_changed(message):
    payload = message_payload(message)
    event = {"type": "message.changed", "message": payload}
    extra = _pending_copies(message) if message.pending else ()
    _on_commit((channel_group(message.channel_id), event), *extra)


def message_approved(message, mentioned_ids=()):
    """A pending message is published: its empty row is replaced for everyone."""
    _on_commit(
        (
            channel_group(message.channel_id),
            {"type": "message.changed", "message": message_payload(message)},
        ),
        (
            activity_group(message.channel_id),
            {
                "type": "channel.activity",
                "channel": message.channel_id,
                "seq": message.seq,
                "author": message.author_id,
                "mentions": sorted(mentioned_ids),
            },
        ),
    )


def personal_mute_changed(channel, user, muted):
    _on_commit(
        (user_group(user.pk), {"type": "membership.muted", "channel": channel.pk, "muted": muted})
    )


def posting_changed(channel, user):
    """The person was muted or unmuted in the channel: their open page re-checks."""
    _on_commit((user_group(user.pk), {"type": "posting.changed", "channel": channel.pk}))


def channel_posting_changed(channel):
    """The channel was locked or unlocked: every open page on it re-checks."""
    _on_commit((channel_group(channel.pk), {"type": "posting.changed", "channel": channel.pk}))


def membership_added(channel, user):
    _on_commit((user_group(user.pk), {"type": "membership.added", "channel": channel.pk}))


def membership_revoked(channel, user):
    """The person may no longer read the channel: their sockets on it close now."""
    _on_commit((user_group(user.pk), {"type": "membership.revoked", "channel": channel.pk}))


def membership_downgraded(channel, user):
    """The person left a public channel: they may still read it, but no longer post."""
    _on_commit((user_group(user.pk), {"type": "membership.downgraded", "channel": channel.pk}))


def read_marker_moved(channel, user, seq):
    _on_commit((user_group(user.pk), {"type": "read.moved", "channel": channel.pk, "seq": seq}))


def session_ended(session_key):
    """Called on logout: every socket opened with that session closes."""
    if session_key:
        _send_many_now([(session_group(session_key), {"type": "session.ended"})])


def user_deactivated(user):
    """A banned (deactivated) person's sockets all close, on every server process."""
    _on_commit((user_group(user.pk), {"type": "session.ended"}))


async def typing(channel_id, user_id, name):
    await send(channel_group(channel_id), {"type": "typing.started", "user": user_id, "name": name})


async def presence_changed(channel_ids, user_id, state):
    for channel_id in channel_ids:
        await send(
            activity_group(channel_id),
            {"type": "presence.changed", "user": user_id, "state": state},
        )
