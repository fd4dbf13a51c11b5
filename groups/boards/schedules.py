"""The boards' periodic job (listed in groups/schedules.py): a board nobody has drawn
on for a while gets its operations folded into its snapshot, so the next page load
reads the snapshot alone. A busy board is compacted by the verbs every COMPACT_EVERY
operations already."""

from datetime import timedelta

from django.db.models import F, Max

from core.schedules import Job

from . import actions
from .models import Board

IDLE_BEFORE_COMPACTING = timedelta(minutes=10)
# Boards compacted per run at most; the next run takes the rest.
BOARDS_PER_RUN = 200


def compact_idle_boards(now):
    """Compacts every board with operations after its snapshot and none in the last
    IDLE_BEFORE_COMPACTING; returns how many."""
    idle = (
        Board.objects.filter(last_seq__gt=F("snapshot_seq"))
        .annotate(last_drawn_at=Max("operations__created_at"))
        .filter(last_drawn_at__lt=now - IDLE_BEFORE_COMPACTING)
        .order_by("last_drawn_at")
        .only("pk")[:BOARDS_PER_RUN]
    )
    boards = list(idle)
    for board in boards:
        actions.compact_board(board)
    return len(boards)


JOBS = [
    Job("boards.compact_idle_boards", every=timedelta(minutes=15), run=compact_idle_boards),
]
