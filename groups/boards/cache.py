"""The boards' states kept in this process's memory, so an operation (or a page load)
does not replay the board's log from its snapshot each time.

An entry is the state as it was after operation `seq`, put only after that state was
committed; a state after a committed operation never changes, so an entry is never
wrong, only behind. A reader replays the operations after the entry's `seq` (none,
when this process made the last one; a few, when another process drew since). The
entry names the board row's creation time too, so a board id used again (a test
database flushed) never meets an old entry. Kept in memory rather than Redis: a
board's items would be encoded and sent across for every operation, which costs more
than replaying the few that another process added."""

import threading
from collections import OrderedDict

# Boards kept; the least recently used goes first.
MAX_BOARDS = 64

_entries = OrderedDict()
_lock = threading.Lock()


def get(board):
    """(seq, {id: item} to change freely) of `board` (a row with pk and created_at),
    or None."""
    with _lock:
        entry = _entries.get(board.pk)
        if entry is None or entry[0] != board.created_at:
            return None
        _entries.move_to_end(board.pk)
        _, seq, state = entry
    # Items are never changed in place (an update puts a new item), so a shallow copy
    # of the mapping is the reader's own.
    return seq, dict(state)


def put(board, seq, state):
    """Keep the committed state of `board` after operation `seq`, unless a later one is
    kept already."""
    with _lock:
        entry = _entries.get(board.pk)
        if entry is not None and entry[0] == board.created_at and entry[1] >= seq:
            return
        _entries[board.pk] = (board.created_at, seq, dict(state))
        _entries.move_to_end(board.pk)
        while len(_entries) > MAX_BOARDS:
            _entries.popitem(last=False)


def clear():
    with _lock:
        _entries.clear()
