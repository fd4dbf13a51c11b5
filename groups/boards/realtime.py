"""What a board's open sockets hear: its operations (numbered, so a page that misses
one notices and resumes), changes of who may draw, live cursors, shapes while they are
being drawn (previews) and a host's view. Operations and access changes are announced
only after their transaction commits (core.realtime.broadcast_on_commit); cursors,
previews and views are not stored anywhere and go at once."""

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


async def _transient(board_id, user_id, frame):
    # Encoded here once for every viewer; the consumers skip their own person's.
    await send(
        board_group(board_id),
        {"type": "board.transient", "user": user_id, "frame": json.dumps(frame)},
    )


async def preview(board_id, user_id, item, start):
    """A shape `user_id` is drawing (for a stroke, its points from `start` on)."""
    await _transient(
        board_id, user_id, {"type": "preview", "user": user_id, "item": item, "start": start}
    )


async def preview_moving(board_id, user_id, moving):
    """Items `user_id` is moving or resizing, where they are now (not yet let go)."""
    await _transient(board_id, user_id, {"type": "preview", "user": user_id, "items": moving})


async def preview_ended(board_id, user_id, item_id):
    """The drawing `item_id` was abandoned: the others drop its preview."""
    await _transient(
        board_id, user_id, {"type": "preview", "user": user_id, "id": item_id, "end": True}
    )


async def view_moved(board_id, view):
    """The part of the board a host shows: `view` has user, name, x, y, w, h."""
    await _transient(board_id, view["user"], {"type": "view", **view})
