"""Who may enter a study group's standing room, draw on its board and run it.

The room is the group's own: its members and the instructors and TAs of its course
(who moderate its groups, docs/groups.md), and site staff. Not everyone who may read a
group's page: an open group's details are public, its room is not. Everyone else gets
the same 404 as for a group or board that does not exist, by page, export or socket.

Hosts (the group's organisers, its course staff, site staff: groups.permissions.
can_manage) make the board read-only and stop or allow one person's drawing; on a
read-only board only hosts draw. An archived group's board is read-only for all."""

from django.http import Http404

from groups.live import permissions as live
from groups.permissions import Standing, can_manage, get_group_with_standing_for

from .errors import BoardArchived, DrawingRevokedError, NotInRoom, ReadOnly
from .models import Board, DrawingRevoked


def can_enter_room(user, group, standing=None):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    standing = standing or Standing(user, group)
    return standing.membership is not None or standing.course_staff


def can_host(user, group, standing=None):
    if group is None:  # a breakout room's board: see can_host_board
        return False
    return can_enter_room(user, group, standing) and can_manage(user, group, standing)


def can_host_board(user, board):
    """can_host for any board: a breakout room's hosts are its session's."""
    if board.room_id is not None:
        return live.can_lead(user, board.room)
    return can_host(user, board.group)


def drawing_refusal(user, board, standing=None):
    """Why `user` may not draw on `board` now (an error to raise), or None. Reads the
    board's read-only flag as given: a verb passes a row it has locked."""
    if board.room_id is not None:
        # A breakout room's board (groups.live): its session's rules, then the same flags.
        refusal = live.room_work_refusal(user, board.room)
        if refusal is not None or live.can_lead(user, board.room):
            return refusal
        if board.read_only:
            return ReadOnly()
        if DrawingRevoked.objects.filter(board=board, user=user).exists():
            return DrawingRevokedError()
        return None
    group = board.group
    standing = standing or Standing(user, group)
    if not can_enter_room(user, group, standing):
        return NotInRoom()
    if group.is_archived:
        return BoardArchived()
    if can_host(user, group, standing):
        return None
    if board.read_only:
        return ReadOnly()
    if DrawingRevoked.objects.filter(board=board, user=user).exists():
        return DrawingRevokedError()
    return None


def can_draw(user, board, standing=None):
    return drawing_refusal(user, board, standing) is None


def get_room_for(user, group_pk):
    """(group, standing) of a room `user` may enter; the same 404 for a missing group,
    one they may not know of, and one whose room is not theirs."""
    group, standing = get_group_with_standing_for(user, group_pk)
    if not can_enter_room(user, group, standing):
        raise Http404("No such study group.")
    return group, standing


def get_board_for(user, board_pk):
    """(board, standing) of a board `user` may see, by the board's id (the socket's
    route), or 404. Breakout rooms' boards have their own route (groups.live)."""
    board = Board.objects.select_related("group").filter(pk=board_pk, room__isnull=True).first()
    if board is None or not user.is_authenticated:
        raise Http404("No such board.")
    standing = Standing(user, board.group)
    if not can_enter_room(user, board.group, standing):
        raise Http404("No such board.")
    return board, standing
