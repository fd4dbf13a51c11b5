"""A whiteboard is an ordered log of operations (add, update, delete, clear) on items
(strokes, shapes, text, sticky notes), numbered per board under a row lock on the
board, plus a snapshot: the items as they stood after operation `snapshot_seq`. The
board's state is the snapshot with every later operation applied (groups.boards.items
says how); operations are never deleted, so clearing a board and compacting it keep
the history."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import pgettext_lazy

from groups.models import StudyGroup


def empty_snapshot():
    return {"items": []}


class Board(models.Model):
    # The owner: a study group's standing room, or a live session's breakout room
    # (groups.live); the check below asks for exactly one.
    group = models.OneToOneField(
        StudyGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standing_board",
    )
    room = models.OneToOneField(
        "live.Room", on_delete=models.CASCADE, null=True, blank=True, related_name="board"
    )
    last_seq = models.PositiveIntegerField(default=0)
    # {"items": [item, …]} in drawing order (later items on top): a list, because
    # Postgres' jsonb does not keep the order of an object's keys.
    snapshot = models.JSONField(default=empty_snapshot)
    snapshot_seq = models.PositiveIntegerField(default=0)
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False, room__isnull=True)
                | Q(group__isnull=True, room__isnull=False),
                name="board_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(snapshot_seq__lte=F("last_seq")), name="board_snapshot_not_ahead"
            ),
        ]

    def __str__(self):
        if self.room_id:
            return f"Board of {self.room}"
        return f"Board of {self.group}" if self.group_id else f"Board {self.pk}"


class Operation(models.Model):
    class Kind(models.TextChoices):
        ADD = "add", pgettext_lazy("board operation", "Add")
        UPDATE = "update", pgettext_lazy("board operation", "Update")
        DELETE = "delete", pgettext_lazy("board operation", "Delete")
        CLEAR = "clear", pgettext_lazy("board operation", "Clear")

    class Origin(models.TextChoices):
        DO = "do", pgettext_lazy("board operation", "Drawn")
        UNDO = "undo", pgettext_lazy("board operation", "Undo")
        REDO = "redo", pgettext_lazy("board operation", "Redo")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="operations")
    seq = models.PositiveIntegerField()
    # Kept when the person's account goes: the board would not replay without it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=6, choices=Kind)
    # add, update: {"items": [item, …]}; delete: {"ids": [id, …]}; clear: {}.
    data = models.JSONField(default=dict)
    # The items as they were before (updated, deleted or cleared ones): what an undo
    # puts back.
    before = models.JSONField(default=list)
    origin = models.CharField(max_length=4, choices=Origin, default=Origin.DO)
    # An undo reverts a drawn (or redone) operation; a redo reverts an undo.
    reverts = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set once an undo (or a redo) has reverted this operation.
    reverted = models.BooleanField(default=False)
    client_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["board", "seq"], name="board_operation_seq_unique"),
        ]
        indexes = [
            # Undo and redo walk back through one person's operations on a board.
            models.Index(fields=["board", "author", "-seq"], name="board_op_author_seq"),
        ]

    def __str__(self):
        return f"{self.board} #{self.seq} {self.kind}"


class DrawingRevoked(models.Model):
    """A person the board's hosts stopped from drawing on it (they still see it)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="drawing_revoked")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "drawing revoked"
        verbose_name_plural = "drawing revoked"
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="drawing_revoked_unique"),
        ]

    def __str__(self):
        return f"{self.user} may not draw on {self.board}"
