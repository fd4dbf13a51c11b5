"""Who may see, run and enter live sessions and their breakout rooms. Views, consumers,
verbs, the room boards' rules (groups.boards.permissions) and the admin ask here.

- A course's session is for the people enrolled in the course; a study group's session
  for the group's members and its course's staff. Site staff see every session. Anyone
  else gets the same 404 as for a session that does not exist.
- Hosts run the session (rooms, timer, moves, messages, leads): the person who started
  it, the course's instructors and TAs, or the group's organisers and its course's
  staff, and site staff.
- A room lead manages their room only. A participant enters the room they were placed
  in (or chose, when the round lets people choose); never another, by page, socket or
  chat. Hosts may visit any room.
- Once the session has ended, every room's chat and board stay readable by everyone the
  session was for (the artefacts), and nothing can be written any more."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from courses.models import Enrolment
from courses.permissions import can_teach
from groups.boards.errors import BoardArchived, NotInRoom
from groups.boards.models import Board
from groups.models import Membership
from groups.permissions import can_manage, is_course_staff

from .models import LiveSession, Room, Seat


def _active(user):
    return user.is_authenticated and user.is_active


def is_in_audience(user, session):
    """Whether the session is for `user` (hosts included)."""
    if not _active(user):
        return False
    if user.is_staff or session.host_id == user.pk:
        return True
    if session.course_id:
        return Enrolment.objects.filter(course_id=session.course_id, user=user).exists()
    group = session.group
    if Membership.objects.filter(group=group, user=user).exists():
        return True
    return is_course_staff(user, group)


def can_host(user, session):
    if not _active(user):
        return False
    if user.is_staff or session.host_id == user.pk:
        return True
    if session.course_id:
        return can_teach(user, session.course)
    return can_manage(user, session.group)


def can_start_session_for(user, owner):
    """Course staff start sessions for a course; organisers (and the course's staff) for
    a study group."""
    if not _active(user):
        return False
    if owner._meta.label_lower == "courses.course":
        return can_teach(user, owner)
    return not owner.is_archived and can_manage(user, owner)


def sessions_visible_to(user, sessions=None):
    sessions = LiveSession.objects.all() if sessions is None else sessions
    if not _active(user):
        return sessions.none()
    if user.is_staff:
        return sessions
    courses = Enrolment.objects.filter(user=user).values("course_id")
    staffed = Enrolment.objects.staff().filter(user=user).values("course_id")
    groups = Membership.objects.filter(user=user).values("group_id")
    return sessions.filter(
        Q(host=user)
        | Q(course_id__in=courses)
        | Q(group_id__in=groups)
        | Q(group__course_id__in=staffed)
    )


def get_session_for(user, pk):
    """The session `pk` if it is for `user`; the same 404 for a missing one and one that
    is not."""
    session = (
        LiveSession.objects.select_related("course", "group", "host__profile").filter(pk=pk).first()
    )
    if session is None or not is_in_audience(user, session):
        raise Http404("No such session.")
    return session


def get_session_to_host(user, pk):
    """A session `user` may run; others get the 404 of a missing one (a participant who
    guesses a control's address learns nothing new)."""
    session = get_session_for(user, pk)
    if not can_host(user, session):
        raise Http404("No such session.")
    return session


# Rooms ------------------------------------------------------------------------------


def seat_of(user, session, round_=None):
    """`user`'s seat in the session's current round (or `round_`), or None."""
    if not user.is_authenticated:
        return None
    return (
        Seat.objects.select_related("room")
        .filter(session=session, round=session.round if round_ is None else round_, user=user)
        .first()
    )


def is_room_current(room):
    """The room belongs to the session's current round and has not been closed."""
    session = room.session
    return room.round == session.round and room.closed_at is None and not session.is_ended


def leads(user, room):
    return user.is_authenticated and room.lead_id == user.pk


def can_lead(user, room):
    """Hosts manage every room; a room lead only theirs, and only while it is current."""
    if can_host(user, room.session):
        return True
    return leads(user, room) and is_room_current(room) and is_in_audience(user, room.session)


def can_enter_room(user, room):
    """Read the room's page, chat and board."""
    session = room.session
    if not is_in_audience(user, session):
        return False
    if session.is_ended or can_host(user, session) or leads(user, room):
        return True
    return Seat.objects.filter(room=room, user=user).exists()


def room_work_refusal(user, room):
    """Why `user` may not write in `room` now (draw, chat): an error, or None."""
    if not can_enter_room(user, room):
        return NotInRoom()
    if not (is_room_current(room) and room.session.rooms_open):
        return BoardArchived(_("This room is closed: its board is kept as it was."))
    if can_host(user, room.session) or leads(user, room):
        return None
    if not Seat.objects.filter(room=room, user=user).exists():
        return NotInRoom()
    return None


def get_room_for(user, pk):
    room = (
        Room.objects.select_related("session__course", "session__group", "lead__profile")
        .filter(pk=pk)
        .first()
    )
    if room is None or not can_enter_room(user, room):
        raise Http404("No such room.")
    return room


def get_room_board_for(user, board_pk):
    """(board, room) of a breakout room's board `user` may see, or 404."""
    board = (
        Board.objects.select_related("room__session__course", "room__session__group")
        .filter(pk=board_pk, room__isnull=False)
        .first()
    )
    if board is None or not can_enter_room(user, board.room):
        raise Http404("No such board.")
    return board, board.room
