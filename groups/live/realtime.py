"""What a live session's open pages hear. Events go to the session's group only after
their transaction commits (core.realtime.broadcast_on_commit); every page re-renders
its own view of the session (each person sees their own place), so the events carry
no HTML and reveal nothing of one room to another."""

from core.realtime import broadcast_on_commit


def session_group(session_id):
    return f"live.{session_id}"


def session_changed(session, *, returned=False):
    """Rooms, seats, presence, the timer or the help queue changed. `returned`: the
    rooms just closed, everyone is back in the lobby."""
    broadcast_on_commit((session_group(session.pk), {"type": "live.changed", "returned": returned}))


def announced(session):
    broadcast_on_commit(
        (
            session_group(session.pk),
            {
                "type": "live.announced",
                "text": session.announcement,
                "at": session.announced_at.isoformat(),
            },
        )
    )


def warned(session):
    broadcast_on_commit(
        (
            session_group(session.pk),
            {"type": "live.warned", "close_at": session.rooms_close_at.isoformat()},
        )
    )
