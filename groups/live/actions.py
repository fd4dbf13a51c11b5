"""Every write to a live session goes through these verbs.

Each verb locks the session row (`_locked`), so that rooms, seats and the timer change
in one order whatever the number of hosts, leads and participants acting at once; the
database's unique constraints (one seat per person and round, one room number per
round) are the last line of defence. What changed is announced after commit
(groups.live.realtime): every open page of the session re-renders its part.

A room's chat (a lounge channel of kind BREAKOUT) and board (groups.boards) are made
with the room; the seats decide who is in the chat (lounge.actions.sync_owned_member,
which closes a moved person's open chat sockets) and who may draw (the boards' rules ask
groups.live.permissions)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import interactions
from accounts.actions import notify_many
from accounts.timezones import get_zone
from courses.actions.groupings import create_grouping, students_of
from courses.errors import CourseError
from courses.models import Course, Enrolment, TeamMember
from groups.boards import realtime as board_realtime
from groups.boards.models import Board
from groups.models import Membership
from lounge import actions as lounge
from lounge.models import Channel

from . import permissions, placement, realtime
from .errors import (
    InvalidInput,
    NotAllowed,
    NotAParticipant,
    RoomFull,
    RoomsClosed,
    RoomsOpen,
    SessionEnded,
    SessionNotLive,
)
from .models import (
    MAX_BROADCAST_LENGTH,
    MAX_ROOM_NAME_LENGTH,
    MAX_ROOMS,
    MAX_ROUND_MINUTES,
    MAX_TITLE_LENGTH,
    LiveSession,
    Participant,
    Room,
    Seat,
)
from .tasks import schedule_timer

Mode = LiveSession.Mode
RULE_MODES = {Mode.RANDOM, Mode.ZONE, Mode.LANGUAGE, Mode.MIXED}
WARNING_SECONDS = 60
MAX_CAP = 50
MAX_EXTEND_MINUTES = 60


def _clean_text(value, limit, *, too_long, missing=None):
    """One line of text: control characters would only break layouts and logs. `missing`
    (when the text is required) and `too_long` (naming %(limit)s) are the refusals."""
    text = " ".join("".join(c if c.isprintable() else " " for c in str(value or "")).split())
    if missing is not None and not text:
        raise InvalidInput(missing)
    if len(text) > limit:
        raise InvalidInput(too_long % {"limit": limit})
    return text


def _clean_title(title):
    return _clean_text(
        title,
        MAX_TITLE_LENGTH,
        missing=_("Write a title."),
        too_long=_("Keep the title under %(limit)s characters."),
    )


def _clean_call_link(link):
    link = (link or "").strip()
    if not link:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise InvalidInput(_("The call link must be an http:// or https:// address.")) from None
    if len(link) > 500:
        raise InvalidInput(_("Keep the call link under 500 characters."))
    return link


def _locked(session):
    return LiveSession.objects.select_for_update().get(pk=session.pk)


def _require_host(actor, session):
    if not permissions.can_host(actor, session):
        raise NotAllowed()


def _require_not_ended(session):
    if session.is_ended:
        raise SessionEnded()


def _audience_ids(session):
    if session.course_id:
        return set(
            Enrolment.objects.filter(course_id=session.course_id).values_list("user_id", flat=True)
        )
    return set(
        Membership.objects.filter(group_id=session.group_id).values_list("user_id", flat=True)
    )


# Sessions ---------------------------------------------------------------------------


@transaction.atomic
def create_session(actor, owner, *, title, call_link="", start=False):
    """A session for `owner` (a course or a study group), prepared or started at once."""
    if not permissions.can_start_session_for(actor, owner):
        raise NotAllowed(_("Only the course's staff or the group's organisers start sessions."))
    title = _clean_title(title)
    call_link = _clean_call_link(call_link)
    owner_field = "course" if isinstance(owner, Course) else "group"
    session = LiveSession.objects.create(
        **{owner_field: owner}, title=title, call_link=call_link, host=actor
    )
    if start:
        session = start_session(actor, session)
    return session


@transaction.atomic
def update_session(actor, session, *, title, call_link):
    session = _locked(session)
    _require_host(actor, session)
    _require_not_ended(session)
    session.title = _clean_title(title)
    session.call_link = _clean_call_link(call_link)
    session.save(update_fields=["title", "call_link"])
    realtime.session_changed(session)
    return session


@transaction.atomic
def start_session(actor, session):
    """Open the lobby; everyone the session is for is told."""
    session = _locked(session)
    _require_host(actor, session)
    _require_not_ended(session)
    if session.is_live:
        return session
    session.status = LiveSession.Status.LIVE
    session.started_at = timezone.now()
    session.save(update_fields=["status", "started_at"])
    audience = get_user_model().objects.filter(pk__in=_audience_ids(session) - {actor.pk})
    notify_many(
        [
            (
                person,
                "live_session_started",
                {
                    "actor": actor,
                    "target": session,
                    "session": session.title,
                    "place": str(session.owner),
                    "url": session.get_absolute_url(),
                },
            )
            for person in audience
        ]
    )
    realtime.session_changed(session)
    return session


@transaction.atomic
def end_session(actor, session):
    """Close any open rooms and end the session; chats and boards stay, read-only."""
    session = _locked(session)
    _require_host(actor, session)
    _require_not_ended(session)
    if session.rooms_open:
        _close_rooms(session)
    for room in session.rooms.filter(closed_at__isnull=True):
        _close_room(room, timezone.now())
    session.status = LiveSession.Status.ENDED
    session.ended_at = timezone.now()
    session.save(update_fields=["status", "ended_at"])
    Participant.objects.filter(session=session).update(help_asked_at=None, help_room=None)
    realtime.session_changed(session)
    return session


@transaction.atomic
def join_session(actor, session):
    """`actor` comes to the lobby (again). A late joiner is placed in a room by the
    round's rule while the rooms are open. Hosts join too, and are never placed."""
    session = _locked(session)
    if not permissions.is_in_audience(actor, session):
        raise NotAllowed(_("This session is not for you."))
    if not session.is_live:
        raise SessionEnded() if session.is_ended else SessionNotLive()
    participant, created = Participant.objects.get_or_create(session=session, user=actor)
    participant.seen_at = timezone.now()
    participant.save(update_fields=["seen_at"])
    late = session.rooms_open and not permissions.can_host(actor, session)
    if late and permissions.seat_of(actor, session) is None:
        _place_late(session, actor)
    if created:
        realtime.session_changed(session)
    return participant


# Rooms ------------------------------------------------------------------------------


def room_channel(room):
    """The room's chat, made with the room: its host moderates it."""
    session = room.session
    return lounge.ensure_owned_channel(
        room,
        Channel.Kind.BREAKOUT,
        name=f"{session.title}: {room.name}"[:80],
        topic=f"Breakout room of {session.title}"[:200],
        people=lambda: [(session.host, True)] if session.host_id else [],
    )


def room_board(room):
    board = Board.objects.filter(room=room).first()
    if board is not None:
        return board
    return Board.objects.create(room=room)


def _current_rooms(session):
    return list(session.rooms.filter(round=session.round).order_by("number"))


def _clean_names(names, count):
    cleaned = []
    for index in range(count):
        given = names[index] if names and index < len(names) else ""
        name = _clean_text(
            given,
            MAX_ROOM_NAME_LENGTH,
            too_long=_("Keep the room name under %(limit)s characters."),
        )
        cleaned.append(name or _("Room %(number)s") % {"number": index + 1})
    return cleaned


@transaction.atomic
def set_up_rooms(actor, session, *, count=None, mode, cap=None, grouping=None, names=None):
    """Prepare the next round's rooms (before the session starts, or between rounds):
    `count` rooms placed by `mode`; a grouping of the course gives one room per team,
    with the teams' students seated; self-choose rooms take at most `cap` people each.
    Rooms of the current round that were never opened are replaced."""
    session = _locked(session)
    _require_host(actor, session)
    _require_not_ended(session)
    if session.rooms_open:
        raise RoomsOpen(_("Close the open rooms before setting up new ones."))
    if mode not in Mode.values:
        raise InvalidInput(_("Choose how people are placed."))
    teams = []
    if mode == Mode.GROUPING:
        if grouping is None or session.course_id is None or grouping.course_id != session.course_id:
            raise InvalidInput(_("Choose one of the course's groupings."))
        teams = list(grouping.teams.order_by("name"))
        if not teams:
            raise InvalidInput(_("That grouping has no teams."))
        count = len(teams)
        names = [team.name for team in teams]
    if not isinstance(count, int) or not 1 <= count <= MAX_ROOMS:
        raise InvalidInput(_("Open 1 to %(max)s rooms.") % {"max": MAX_ROOMS})
    if mode == Mode.CHOOSE:
        if not isinstance(cap, int) or not 1 <= cap <= MAX_CAP:
            raise InvalidInput(_("Give each room a cap of 1 to %(max)s people.") % {"max": MAX_CAP})
    else:
        cap = None
    names = _clean_names(names, count)
    unopened = session.rooms.filter(round=session.round, opened_at__isnull=True)
    if session.round and unopened.exists():
        for room in unopened:
            Channel.objects.owned_by(room, Channel.Kind.BREAKOUT).delete()
        unopened.delete()
    else:
        session.round += 1
    session.mode = mode
    session.room_cap = cap
    session.grouping = grouping if mode == Mode.GROUPING else None
    session.save(update_fields=["round", "mode", "room_cap", "grouping"])
    rooms = [
        Room.objects.create(session=session, round=session.round, number=index + 1, name=name)
        for index, name in enumerate(names)
    ]
    for room in rooms:
        room_channel(room)
        room_board(room)
    if mode == Mode.GROUPING:
        audience = _audience_ids(session)
        for room, team in zip(rooms, teams, strict=True):
            for member in TeamMember.objects.filter(team=team).select_related("user"):
                if member.user_id in audience:
                    _seat(session, room, member.user, actor)
    realtime.session_changed(session)
    return rooms


def _person(user):
    profile = user.profile
    offset = timezone.now().astimezone(get_zone(profile.time_zone)).utcoffset()
    codes = frozenset(language.code for language in profile.languages.all())
    return placement.Person(user.pk, int(offset.total_seconds() // 60), codes)


def _people(user_ids):
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .select_related("profile")
        .prefetch_related("profile__languages")
    )
    return {user.pk: user for user in users}


def _seat(session, room, person, actor):
    """Put `person` in `room` for its round (moving them from another room of the round):
    their chat follows, and the boards they leave and join hear of it."""
    seat = Seat.objects.filter(session=session, round=room.round, user=person).first()
    if seat is not None and seat.room_id == room.pk:
        return seat
    if seat is not None:
        old = seat.room
        seat.room = room
        seat.placed_by = actor
        seat.save(update_fields=["room", "placed_by", "placed_at"])
        _leave_room(old, person)
    else:
        seat = Seat.objects.create(
            session=session, round=room.round, room=room, user=person, placed_by=actor
        )
    lounge.sync_owned_member(
        room_channel(room), person, member=True, moderator=room.lead_id == person.pk
    )
    board_realtime.access_changed(room_board(room), person.pk)
    return seat


def _leave_room(room, person):
    if permissions.can_host(person, room.session):
        return  # hosts keep their seat in every chat they visited
    lounge.sync_owned_member(room_channel(room), person, member=False)
    board_realtime.access_changed(room_board(room), person.pk)


def _unseat(session, person):
    seat = Seat.objects.filter(session=session, round=session.round, user=person).first()
    if seat is not None:
        room = seat.room
        seat.delete()
        _leave_room(room, person)


def _placeable(session, rooms):
    """Participants without a seat this round, hosts and room leads left out."""
    seated = set(
        Seat.objects.filter(session=session, round=session.round).values_list("user_id", flat=True)
    )
    leads = {room.lead_id for room in rooms if room.lead_id}
    candidates = Participant.objects.filter(session=session).exclude(user_id__in=seated | leads)
    people = _people(candidates.values_list("user_id", flat=True))
    return [user for user in people.values() if not permissions.can_host(user, session)]


def _place_everyone(session, rooms, actor):
    if session.mode not in RULE_MODES:
        return
    people = _placeable(session, rooms)
    rows = placement.place([_person(u) for u in people], len(rooms), session.mode)
    by_id = {user.pk: user for user in people}
    for room, ids in zip(rooms, rows, strict=True):
        for user_id in ids:
            _seat(session, room, by_id[user_id], actor)


def _place_late(session, person):
    """A late joiner: by the round's rule (random, balanced), into their team's room
    (grouping), or left in the lobby to choose (self-choose) or to be placed (manual)."""
    rooms = [room for room in _current_rooms(session) if room.closed_at is None]
    if not rooms:
        return None
    if session.mode == Mode.GROUPING and session.grouping_id:
        team = TeamMember.objects.filter(grouping_id=session.grouping_id, user=person).first()
        if team is not None:
            room = next((r for r in rooms if r.name == team.team.name), None)
            if room is not None:
                return _seat(session, room, person, None)
    elif session.mode not in RULE_MODES:
        return None
    seats = Seat.objects.filter(session=session, round=session.round).values_list(
        "room_id", "user_id"
    )
    members = {room.pk: [] for room in rooms}
    users = _people({user_id for _, user_id in seats} | {person.pk})
    for room_id, user_id in seats:
        if room_id in members:
            members[room_id].append(_person(users[user_id]))
    rule = session.mode if session.mode in RULE_MODES else placement.RANDOM
    room_id = placement.late_room(_person(users[person.pk]), members, rule)
    return _seat(session, next(r for r in rooms if r.pk == room_id), person, None)


@transaction.atomic
def open_rooms(actor, session, *, minutes=None):
    """Open the current round's rooms, with a timer of `minutes` (None: until closed),
    placing everyone in the lobby by the round's rule."""
    session = _locked(session)
    _require_host(actor, session)
    if not session.is_live:
        raise SessionEnded() if session.is_ended else SessionNotLive(_("Start the session first."))
    if session.rooms_open:
        raise RoomsOpen(_("The rooms are already open."))
    if minutes is not None and (
        not isinstance(minutes, int) or not 1 <= minutes <= MAX_ROUND_MINUTES
    ):
        raise InvalidInput(
            _("Set the timer to 1 to %(max)s minutes, or none.") % {"max": MAX_ROUND_MINUTES}
        )
    rooms = _current_rooms(session)
    if not rooms or any(room.opened_at for room in rooms):
        raise InvalidInput(_("Set up the rooms first."))
    now = timezone.now()
    for room in rooms:
        room.opened_at = now
        room.save(update_fields=["opened_at"])
    session.rooms_open = True
    session.rooms_opened_at = now
    session.rooms_close_at = now + timedelta(minutes=minutes) if minutes else None
    session.warned_at = None
    session.save(update_fields=["rooms_open", "rooms_opened_at", "rooms_close_at", "warned_at"])
    _place_everyone(session, rooms, actor)
    for room in rooms:
        board_realtime.access_changed(room_board(room))
    _schedule(session)
    realtime.session_changed(session)
    return session


def _schedule(session):
    if session.rooms_close_at is not None:
        close_at = session.rooms_close_at
        transaction.on_commit(
            lambda: schedule_timer(session.pk, close_at, warning_seconds=WARNING_SECONDS)
        )


@transaction.atomic
def extend_rooms(actor, session, *, minutes):
    """Add `minutes` to the timer (or start one on rooms that had none)."""
    session = _locked(session)
    _require_host(actor, session)
    if not session.rooms_open:
        raise RoomsClosed()
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_EXTEND_MINUTES:
        raise InvalidInput(_("Extend by 1 to %(max)s minutes.") % {"max": MAX_EXTEND_MINUTES})
    now = timezone.now()
    base = max(session.rooms_close_at or now, now)
    session.rooms_close_at = base + timedelta(minutes=minutes)
    if session.rooms_close_at - now > timedelta(seconds=WARNING_SECONDS):
        session.warned_at = None
    session.save(update_fields=["rooms_close_at", "warned_at"])
    _schedule(session)
    realtime.session_changed(session)
    return session


def _close_room(room, now):
    room.closed_at = now
    room.save(update_fields=["closed_at"])
    lounge.close_owned_channel(room_channel(room))
    board_realtime.access_changed(room_board(room))
    seated = list(room.seats.select_related("user"))
    for seat in seated:
        others = [other.user for other in seated if other.user_id != seat.user_id]
        if others:
            interactions.record(seat.user, others, interactions.Kind.TEAMMATE, target=room)


def _close_rooms(session):
    """Caller holds the session's lock. Everyone returns to the lobby; the rooms' chats
    and boards become read-only and stay."""
    now = timezone.now()
    for room in session.rooms.filter(round=session.round, closed_at__isnull=True):
        _close_room(room, now)
    session.rooms_open = False
    session.rooms_close_at = None
    session.save(update_fields=["rooms_open", "rooms_close_at"])
    Participant.objects.filter(session=session).update(help_asked_at=None, help_room=None)


@transaction.atomic
def close_rooms(actor, session):
    session = _locked(session)
    _require_host(actor, session)
    if not session.rooms_open:
        raise RoomsClosed()
    _close_rooms(session)
    realtime.session_changed(session, returned=True)
    return session


@transaction.atomic
def run_timer(session_id, now=None):
    """The timer's work for one session, whoever calls it (the delayed task, the periodic
    job, a page whose countdown ran out): the one-minute warning once, and the return
    to the lobby once due. Returns what it did: "closed", "warned" or None."""
    now = now or timezone.now()
    session = LiveSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None or not session.rooms_open or session.rooms_close_at is None:
        return None
    if session.rooms_close_at <= now:
        _close_rooms(session)
        realtime.session_changed(session, returned=True)
        return "closed"
    if session.warned_at is None and session.rooms_close_at - now <= timedelta(
        seconds=WARNING_SECONDS
    ):
        session.warned_at = now
        session.save(update_fields=["warned_at"])
        realtime.warned(session)
        return "warned"
    return None


def run_due_timers(now):
    """The periodic job: every session whose rooms are due to close or to be warned."""
    due = LiveSession.objects.filter(
        rooms_open=True, rooms_close_at__lte=now + timedelta(seconds=WARNING_SECONDS)
    ).values_list("pk", flat=True)
    return [run_timer(pk, now) for pk in due]


def _room_for_update(session, room):
    if room.session_id != session.pk or room.round != session.round or room.closed_at:
        raise InvalidInput(_("That room is not one of this round's rooms."))
    return room


@transaction.atomic
def place_person(actor, session, person, room):
    """Put `person` in `room` of the current round (None: back to the lobby). Hosts
    place anyone; a room lead moves people into their room from the lobby, and out of
    it. Works while the rooms are open and while they are being prepared."""
    session = _locked(session)
    _require_not_ended(session)
    if room is not None:
        room = _room_for_update(session, Room.objects.get(pk=room.pk))
    seat = permissions.seat_of(person, session)
    if not permissions.can_host(actor, session):
        own = room if room is not None else (seat.room if seat else None)
        if own is None or not permissions.can_lead(actor, own):
            raise NotAllowed(_("Only the host, or the lead of that room, can move people."))
        if room is not None and seat is not None and seat.room_id != room.pk:
            raise NotAllowed(_("A room lead moves people from the lobby into their room only."))
    if person.pk != actor.pk and not permissions.is_in_audience(person, session):
        raise InvalidInput(_("That person is not in this session."))
    if room is None:
        _unseat(session, person)
    else:
        if permissions.can_host(person, session):
            raise InvalidInput(_("Hosts visit rooms; they are not placed in them."))
        _seat(session, room, person, actor)
    realtime.session_changed(session)
    return room


@transaction.atomic
def choose_room(actor, room):
    """Self-choose rounds: a participant takes a place in `room` if it is not full."""
    session = _locked(room.session)
    room = _room_for_update(session, Room.objects.get(pk=room.pk))
    if session.mode != Mode.CHOOSE:
        raise NotAllowed(_("The host places people in this round's rooms."))
    if not session.rooms_open:
        raise RoomsClosed()
    if not Participant.objects.filter(session=session, user=actor).exists():
        raise NotAParticipant()
    if permissions.can_host(actor, session):
        raise InvalidInput(_("Hosts visit rooms; they are not placed in them."))
    if room.seats.exclude(user=actor).count() >= (session.room_cap or MAX_CAP):
        raise RoomFull()
    _seat(session, room, actor, actor)
    realtime.session_changed(session)
    return room


@transaction.atomic
def set_room_lead(actor, room, person):
    """Name `person` (a participant, a TA or a student) the lead of `room`, or nobody."""
    session = _locked(room.session)
    _require_host(actor, session)
    room = _room_for_update(session, Room.objects.get(pk=room.pk))
    if person is not None and not permissions.is_in_audience(person, session):
        raise InvalidInput(_("The lead must be someone the session is for."))
    previous = room.lead
    room.lead = person
    room.save(update_fields=["lead"])
    channel = room_channel(room)
    if previous is not None and previous != person:
        lounge.sync_owned_member(
            channel, previous, member=Seat.objects.filter(room=room, user=previous).exists()
        )
    if person is not None:
        lounge.sync_owned_member(channel, person, member=True, moderator=True)
        if not permissions.can_host(person, session):
            _seat(session, room, person, actor)
    realtime.session_changed(session)
    return room


@transaction.atomic
def visit_room(actor, room):
    """A host looks into a room: they join its chat as a moderator."""
    if not permissions.can_host(actor, room.session):
        raise NotAllowed()
    if not room.session.is_ended:
        lounge.sync_owned_member(room_channel(room), actor, member=True, moderator=True)
    return room


@transaction.atomic
def announce(actor, session, text):
    """A message from the host to the lobby and every room, shown at once."""
    session = _locked(session)
    _require_host(actor, session)
    if not session.is_live:
        raise SessionNotLive()
    session.announcement = _clean_text(
        text,
        MAX_BROADCAST_LENGTH,
        missing=_("Write a message."),
        too_long=_("Keep the message under %(limit)s characters."),
    )
    session.announced_at = timezone.now()
    session.save(update_fields=["announcement", "announced_at"])
    realtime.announced(session)
    return session


# Help -------------------------------------------------------------------------------


@transaction.atomic
def ask_for_help(actor, session):
    """Put `actor` in the host's help queue (once; asking again keeps their place)."""
    session = _locked(session)
    if not session.is_live:
        raise SessionNotLive()
    participant = Participant.objects.filter(session=session, user=actor).first()
    if participant is None:
        raise NotAParticipant()
    if participant.help_asked_at is None:
        seat = permissions.seat_of(actor, session) if session.rooms_open else None
        participant.help_asked_at = timezone.now()
        participant.help_room = seat.room if seat else None
        participant.save(update_fields=["help_asked_at", "help_room"])
        realtime.session_changed(session)
    return participant


@transaction.atomic
def clear_help(actor, session, person):
    """The host (or the room's lead) answered `person`, or `person` no longer needs help."""
    session = _locked(session)
    participant = Participant.objects.filter(session=session, user=person).first()
    if participant is None or participant.help_asked_at is None:
        return participant
    if actor.pk != person.pk and not permissions.can_host(actor, session):
        room = participant.help_room
        if room is None or not permissions.can_lead(actor, room):
            raise NotAllowed(_("Only the host, or the lead of their room, answers them."))
    participant.help_asked_at = None
    participant.help_room = None
    participant.save(update_fields=["help_asked_at", "help_room"])
    realtime.session_changed(session)
    return participant


# After the session ------------------------------------------------------------------


@transaction.atomic
def save_rooms_as_grouping(actor, session, *, name, round_=None):
    """Keep a round's rooms (the latest that was opened, by default) as a grouping of
    the course: one team per room with its students."""
    if session.course_id is None:
        raise InvalidInput(_("Only a course's sessions can be saved as a grouping."))
    _require_host(actor, session)
    rounds = session.rooms.filter(opened_at__isnull=False)
    if round_ is not None:
        rounds = rounds.filter(round=round_)
    latest = rounds.order_by("-round").values_list("round", flat=True).first()
    if latest is None:
        raise InvalidInput(_("No rooms have been opened yet."))
    students = set(students_of(session.course).values_list("pk", flat=True))
    teams = []
    for room in session.rooms.filter(round=latest).prefetch_related("seats__user"):
        members = [seat.user for seat in room.seats.all() if seat.user_id in students]
        if members:
            teams.append((room.name, members))
    if not teams:
        raise InvalidInput(_("No students were in those rooms."))
    try:
        return create_grouping(actor, session.course, name=name, teams=teams)
    except CourseError as error:
        raise InvalidInput(str(error)) from None


# Presence ---------------------------------------------------------------------------


def socket_opened(session_id, user_id):
    """A page of the session opened its socket; True when its person just arrived."""
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .filter(session_id=session_id, user_id=user_id)
            .first()
        )
        if participant is None:
            return False
        arrived = participant.sockets == 0
        participant.sockets += 1
        participant.seen_at = timezone.now()
        participant.save(update_fields=["sockets", "seen_at"])
        if arrived:
            realtime.session_changed(participant.session)
        return arrived


def socket_closed(session_id, user_id):
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .filter(session_id=session_id, user_id=user_id)
            .first()
        )
        if participant is None:
            return False
        participant.sockets = max(0, participant.sockets - 1)
        left = participant.sockets == 0
        if left:
            participant.seen_at = None
        participant.save(update_fields=["sockets", "seen_at"])
        if left:
            realtime.session_changed(participant.session)
        return left


def seen(session_id, user_id, now=None):
    """A heartbeat: the person is still here."""
    now = now or timezone.now()
    Participant.objects.filter(session_id=session_id, user_id=user_id, sockets__gt=0).filter(
        Q(seen_at__isnull=True) | Q(seen_at__lt=now - timedelta(seconds=20))
    ).update(seen_at=now)
