"""The personal socket's events: what every page of one person hears about that person."""

from core.realtime import broadcast_on_commit, send_now, session_group, user_group


def session_ended(session_key):
    """Called on sign-out: every socket opened with that session closes."""
    if session_key:
        send_now((session_group(session_key), {"type": "session.ended"}))


def user_deactivated(user):
    """A banned (deactivated) person's sockets all close, on every server process."""
    broadcast_on_commit((user_group(user.pk), {"type": "session.ended"}))


def block_changed(first, second):
    """A block between two people began or ended: their open pages re-read their blocks."""
    event = {"type": "blocks.changed"}
    broadcast_on_commit((user_group(first.pk), event), (user_group(second.pk), event))


def notifications_changed(recipient_ids, created=()):
    """The people's bells change: each of their pages re-reads its badge. The newest
    notification's id goes along so a page may offer it as a browser notification."""
    newest = {}
    for notification in created:
        newest[notification.recipient_id] = notification.pk
    broadcast_on_commit(
        *(
            (user_group(pk), {"type": "notifications.changed", "newest": newest.get(pk)})
            for pk in sorted(recipient_ids)
        )
    )
