"""What a board's open sockets hear: its operations (numbered, so a page that misses
one notices and resumes), changes of who may draw, and live cursors. Operations and
access changes are announced only after their transaction commits
(core.realtime.broadcast_on_commit); cursors are not stored anywhere and go at once."""

import json

from core.realtime import broadcast_on_commit, send

from .models import Board


def board_group(board_id):
    return f"board.{board_id}"


def operation_payload(operation):
    return {
        "seq": operation.seq,
        "kind": operation.kind,
        **operation.data,
        "author": operation.author_id,
        "origin": operation.origin,
        "client_id": operation.client_id,
    }


def operation_applied(operation):
    group = board_group(operation.board_id)
    # The frame is the same for every viewer: encoded here once, not once per socket.
    frame = json.dumps({"type": "op", "op": operation_payload(operation)})
    broadcast_on_commit(
        (group, {"type": "board.op", "frame": frame}),
        # Lost (Redis hiccup): a small hint, tried once more, makes pages resume.
        if_lost=lambda _group, _event: (group, {"type": "board.missed", "seq": operation.seq}),
    )


def access_changed(board, user_id=None):
    """Who may draw changed: for `user_id`, or for everyone (read-only toggled)."""
    broadcast_on_commit((board_group(board.pk), {"type": "board.changed", "user": user_id}))


def room_access_changed(group, user_id=None):
    """A study group's membership (or its course's staff) changed for `user_id`, or the
    group was archived: its room's open boards check again who may stay and draw."""
    for board_id in Board.objects.filter(group=group).values_list("pk", flat=True):
        broadcast_on_commit((board_group(board_id), {"type": "board.changed", "user": user_id}))


async def cursor_moved(board_id, user_id, name, x, y):
    await send(
        board_group(board_id),
        {"type": "board.cursor", "user": user_id, "name": name, "x": x, "y": y},
    )


async def cursor_gone(board_id, user_id):
    await send(board_group(board_id), {"type": "board.cursor", "user": user_id, "gone": True})
