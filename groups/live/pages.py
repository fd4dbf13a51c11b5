"""What a session's pages show one person: their place, the timer, the rooms with who
is in them, who is in the lobby, and for hosts and leads the help queue. Built once per
render for the page on load, its htmx replies and the socket's re-renders alike."""

from datetime import timedelta

from django.utils import timezone

from lounge.models import Channel

from . import permissions
from .models import LiveSession, Participant, Seat

PRESENT_SECONDS = 60


def _present(participant, now):
    return participant.seen_at is not None and participant.seen_at > now - timedelta(
        seconds=PRESENT_SECONDS
    )


def session_view(user, session, now=None):
    """The context of the session's live part for `user`."""
    now = now or timezone.now()
    session = LiveSession.objects.select_related("course", "group", "host__profile").get(
        pk=session.pk
    )
    host = permissions.can_host(user, session)
    participants = list(
        Participant.objects.filter(session=session).select_related("user__profile", "help_room")
    )
    rooms = list(
        session.rooms.filter(round=session.round).select_related("lead__profile").order_by("number")
    )
    seats = {}
    for seat in Seat.objects.filter(session=session, round=session.round).select_related(
        "user__profile"
    ):
        seats.setdefault(seat.room_id, []).append(seat.user)
    seated_ids = {person.pk for people in seats.values() for person in people}
    here = {p.user_id for p in participants if _present(p, now)}
    own_seat = next(
        (room for room in rooms for person in seats.get(room.pk, []) if person.pk == user.pk),
        None,
    )
    room_rows = [
        {
            "room": room,
            "people": seats.get(room.pk, []),
            "is_mine": own_seat is not None and own_seat.pk == room.pk,
            "can_lead": host or room.lead_id == user.pk,
            "full": session.room_cap is not None
            and len(seats.get(room.pk, [])) >= session.room_cap,
        }
        for room in rooms
    ]
    lobby = [p for p in participants if p.user_id not in seated_ids or not session.rooms_open]
    leads_room = {room.pk for room in rooms if room.lead_id == user.pk}
    help_queue = sorted(
        (
            p
            for p in participants
            if p.help_asked_at is not None
            and (host or (p.help_room_id is not None and p.help_room_id in leads_room))
        ),
        key=lambda p: p.help_asked_at,
    )
    me = next((p for p in participants if p.user_id == user.pk), None)
    seconds_left = None
    if session.rooms_open and session.rooms_close_at is not None:
        seconds_left = max(0, int((session.rooms_close_at - now).total_seconds()))
    return {
        "session": session,
        "host": host,
        "me": me,
        "participants": participants,
        "here": here,
        "room_rows": room_rows,
        "rooms": rooms,
        "lobby": lobby,
        "my_room": own_seat if session.rooms_open else None,
        "help_queue": help_queue,
        "seconds_left": seconds_left,
        "can_choose": session.rooms_open
        and session.mode == LiveSession.Mode.CHOOSE
        and not host
        and me is not None,
        "placeable": [p for p in participants if not permissions.can_host(p.user, session)]
        if host
        else [],
        "asked_help": me is not None and me.help_asked_at is not None,
    }


def room_chat(room):
    return Channel.objects.owned_by(room, Channel.Kind.BREAKOUT).first()
