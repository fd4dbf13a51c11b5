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
