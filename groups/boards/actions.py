"""Every write to a whiteboard goes through these verbs.

Operations are numbered per board under a row lock on the board (as the lounge numbers
messages), so every page applies them in one order and a page that missed some asks
for those after the last number it saw. Each verb reads the board's state under that
lock (snapshot plus later operations), checks the actor may draw, records the
operation with what it replaced (so it can be undone), and announces it after commit.
Every COMPACT_EVERY operations the state is folded into the board's snapshot; nothing
is deleted, so the whole history stays."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import cache, items, realtime
from .errors import NothingToRedo, NothingToUndo, NotHost
from .models import Board, DrawingRevoked, Operation
from .permissions import can_host_board, drawing_refusal

COMPACT_EVERY = 100
# Undo skips at most this many operations whose items others have since removed.
UNDO_SEARCH_LIMIT = 20


def standing_board(group):
    """The board of `group`'s standing room, made on first use."""
    board = Board.objects.filter(group=group).first()
    if board is not None:
        return board
    try:
        with transaction.atomic():
            return Board.objects.create(group=group)
    except IntegrityError:  # made at the same moment by someone else
        return Board.objects.get(group=group)


def _operations_after(board, seq):
    return (
        Operation.objects.filter(board=board, seq__gt=seq)
        .only("seq", "kind", "data")
        .order_by("seq")
    )


def _state_of(board):
    """({id: item}, seq): the state of `board` after every operation up to its row's
    `last_seq` (the caller read the row; every operation up to it is committed), from
    this process's cache (groups.boards.cache) or the snapshot, with the operations
    after either replayed."""
    cached = cache.get(board)
    if cached is not None and cached[0] >= board.snapshot_seq:
        seq, state = cached
    else:
        seq, state = board.snapshot_seq, {item["id"]: item for item in board.snapshot["items"]}
    replayed = False
    for operation in _operations_after(board, seq):
        items.apply(state, operation.kind, operation.data)
        seq = operation.seq
        replayed = True
    if replayed or cached is None:
        # Kept once what was read is surely committed: the caller's own transaction may
        # have added some of these operations (and may yet roll back).
        transaction.on_commit(partial(cache.put, board, seq, dict(state)))
    return state, seq


def board_state(board):
    """(items in drawing order, the last operation's seq): what a page shows. Reads the
    board row afresh, so a compaction in between is no matter: every operation after
    the row was read is committed and visible (they are numbered under the lock)."""
    board = Board.objects.only("snapshot_seq", "last_seq", "created_at").get(pk=board.pk)
    state, seq = _state_of(board)
    return list(state.values()), seq


def _locked(board):
    """The board row locked (not its group's), and its state {id: item}. The snapshot
    is read only when this process has no state of the board cached."""
    locked = (
        Board.objects.select_for_update(of=("self",))
        .select_related("group")
        .defer("snapshot")
        .get(pk=board.pk)
    )
    return locked, _state_of(locked)[0]


def _require_drawing(actor, board):
    refusal = drawing_refusal(actor, board)
    if refusal is not None:
        raise refusal


def _record(board, state, actor, kind, data, before, *, origin, reverts=None, client_id=""):
    """Caller holds the lock on `board` and has checked the operation against `state`,
    which this updates."""
    board.last_seq += 1
    operation = Operation.objects.create(
        board=board,
        seq=board.last_seq,
        author=actor,
        kind=kind,
        data=data,
        before=before,
        origin=origin,
        reverts=reverts,
        client_id=client_id,
    )
    items.apply(state, kind, data)
    fields = ["last_seq"]
    if board.last_seq - board.snapshot_seq >= COMPACT_EVERY:
        board.snapshot = {"items": list(state.values())}
        board.snapshot_seq = board.last_seq
        fields += ["snapshot", "snapshot_seq"]
    board.save(update_fields=fields)
    realtime.operation_applied(operation)
    seq = board.last_seq
    transaction.on_commit(lambda: cache.put(board, seq, state))
    return operation


@transaction.atomic
def apply_operation(actor, board, raw, *, client_id=""):
    """Validate and record one operation as a client sends it (groups.boards.items
    says what they look like). Returns the Operation, or None for a delete whose items
    were all gone already. Clearing the whole board is for its hosts."""
    kind, data = items.clean_operation(raw)
    board, state = _locked(board)
    _require_drawing(actor, board)
    if kind == "clear" and not can_host_board(actor, board):
        raise NotHost(_("Only the room's hosts can clear the whole board."))
    data, before = items.effective(kind, data, state)
    if kind == "delete" and not data["ids"]:
        return None
    return _record(
        board, state, actor, kind, data, before, origin=Operation.Origin.DO, client_id=client_id
    )


@transaction.atomic
def undo(actor, board, *, client_id=""):
    """Revert the actor's latest operation not yet undone, as a new operation (its
    inverse); skips operations whose items others have removed since."""
    board, state = _locked(board)
    _require_drawing(actor, board)
    candidates = Operation.objects.filter(
        board=board,
        author=actor,
        origin__in=[Operation.Origin.DO, Operation.Origin.REDO],
        reverted=False,
    ).order_by("-seq")[:UNDO_SEARCH_LIMIT]
    for target in candidates:
        target.reverted = True
        target.save(update_fields=["reverted"])
        revert = items.inverse(target.kind, target.data, target.before, state)
        if revert is not None:
            kind, data, before = revert
            return _record(
                board,
                state,
                actor,
                kind,
                data,
                before,
                origin=Operation.Origin.UNDO,
                reverts=target,
                client_id=client_id,
            )
    raise NothingToUndo()


@transaction.atomic
def redo(actor, board, *, client_id=""):
    """Revert the actor's latest undo, unless they have drawn something since."""
    board, state = _locked(board)
    _require_drawing(actor, board)
    mine = Operation.objects.filter(board=board, author=actor)
    target = mine.filter(origin=Operation.Origin.UNDO, reverted=False).order_by("-seq").first()
    if target is None or mine.filter(origin=Operation.Origin.DO, seq__gt=target.seq).exists():
        raise NothingToRedo()
    target.reverted = True
    target.save(update_fields=["reverted"])
    revert = items.inverse(target.kind, target.data, target.before, state)
    if revert is None:
        raise NothingToRedo(_("What you undid has been changed by someone else since."))
    kind, data, before = revert
    return _record(
        board,
        state,
        actor,
        kind,
        data,
        before,
        origin=Operation.Origin.REDO,
        reverts=target,
        client_id=client_id,
    )


def clear_board(actor, board, *, client_id=""):
    """Remove every item (hosts only). The operations stay, and the host can undo it."""
    return apply_operation(actor, board, {"kind": "clear"}, client_id=client_id)


@transaction.atomic
def set_read_only(actor, board, read_only):
    board = Board.objects.select_for_update(of=("self",)).select_related("group").get(pk=board.pk)
    if not can_host_board(actor, board):
        raise NotHost()
    if board.read_only != read_only:
        board.read_only = read_only
        board.save(update_fields=["read_only"])
        realtime.access_changed(board)
    return board


@transaction.atomic
def set_drawing(actor, board, person, allowed):
    """A host stops (or allows again) one person's drawing on `board`."""
    board = Board.objects.select_for_update(of=("self",)).select_related("group").get(pk=board.pk)
    if not can_host_board(actor, board):
        raise NotHost()
    if allowed:
        changed, _ = DrawingRevoked.objects.filter(board=board, user=person).delete()
    else:
        _, changed = DrawingRevoked.objects.get_or_create(
            board=board, user=person, defaults={"revoked_by": actor}
        )
    if changed:
        realtime.access_changed(board, person.pk)
    return board


@transaction.atomic
def compact_board(board):
    """Fold every operation so far into the board's snapshot; returns its seq. The
    operations stay (history, undo)."""
    board, state = _locked(board)
    board.snapshot = {"items": list(state.values())}
    board.snapshot_seq = board.last_seq
    board.save(update_fields=["snapshot", "snapshot_seq"])
    return board.snapshot_seq
