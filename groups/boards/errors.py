"""Refusals of the board verbs: `code` for programs (error frames), the message for
people."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .items import BoardFull, InvalidOperation, ItemGone


class BoardError(DomainError):
    code = "board_error"


class NotInRoom(BoardError):
    code = "forbidden"
    default_message = _("You are not in this room.")


class NotHost(BoardError):
    code = "forbidden"
    default_message = _("Only the room's hosts can do that.")


class ReadOnly(BoardError):
    code = "read_only"
    default_message = _("The board is read-only for now.")


class DrawingRevokedError(BoardError):
    code = "drawing_revoked"
    default_message = _("A host has stopped your drawing on this board.")


class BoardArchived(BoardError):
    code = "archived"
    default_message = _("This group is archived: its board is kept as it was.")


class NothingToUndo(BoardError):
    code = "nothing_to_undo"
    default_message = _("Nothing of yours to undo.")


class NothingToRedo(BoardError):
    code = "nothing_to_redo"
    default_message = _("Nothing of yours to redo.")


class RateLimited(BoardError):
    code = "rate_limited"
    default_message = _("Slow down a little: that was more than the board takes at once.")


__all__ = [
    "BoardArchived",
    "BoardError",
    "BoardFull",
    "DrawingRevokedError",
    "InvalidOperation",
    "ItemGone",
    "NotHost",
    "NotInRoom",
    "NothingToRedo",
    "NothingToUndo",
    "RateLimited",
    "ReadOnly",
]
