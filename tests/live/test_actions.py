"""The live-session verbs on Postgres: rooms and seats, chats and boards following the
seats, the timer, leads, self-choose caps, help, groupings, and refusals that leave
nothing half-written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from courses import actions as course_actions
from courses.models import Grouping
from groups import actions as group_actions
from groups.boards import actions as board_actions
from groups.boards import permissions as board_permissions
from groups.boards.errors import BoardArchived, NotInRoom
from groups.live import actions
from groups.live.errors import (
    InvalidInput,
    NotAllowed,
    RoomFull,
    RoomsClosed,
    RoomsOpen,
    SessionNotLive,
)
from groups.live.models import LiveSession, Participant, Room, Seat
from lounge import permissions as lounge_permissions
from tests.factories import UserFactory
from tests.groups.conftest import build_group

from .conftest import seat_room

pytestmark = pytest.mark.django_db

STROKE = {
    "kind": "add",
    "items": [
        {"id": "s1", "kind": "stroke", "color": "blue", "width": 3, "points": [[1, 1], [9, 9]]}
    ],
}


def test_course_staff_start_a_session_and_the_course_is_told(session, instructor, alice):
    assert session.status == LiveSession.Status.LIVE and session.host == instructor
    notice = Notification.objects.get(recipient=alice, kind="live_session_started")
    assert notice.params["url"] == f"/live/{session.pk}/"
    assert not Notification.objects.filter(recipient=instructor).exists()


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/x", "https://", "data:text/html,hi"]
)
def test_a_call_link_must_be_http_or_https(course, instructor, link):
    with pytest.raises(InvalidInput):
        actions.create_session(instructor, course, title="Talk", call_link=link)
    assert not LiveSession.objects.exists()


def test_titles_are_one_line_of_text_and_bounded(course, instructor):
    session = actions.create_session(
        instructor, course, title="<script>alert(1)</script>\n\x00Q&A", call_link="https://m.test/x"
    )
    assert session.title == "<script>alert(1)</script> Q&A"
    with pytest.raises(InvalidInput):
        actions.create_session(instructor, course, title="x" * 500)
    with pytest.raises(InvalidInput):
        actions.create_session(instructor, course, title=" \n ")


def test_students_and_outsiders_cannot_start_one(course, alice, charlie):
    for person in (alice, charlie):
        with pytest.raises(NotAllowed):
            actions.create_session(person, course, title="Mine")


def test_a_study_groups_organisers_host_its_sessions_and_members_join(alice, bob, charlie):
    group = build_group(alice, name="Night owls")
    group_actions.join_group(bob, group)
    session = actions.create_session(alice, group, title="Revision", start=True)
    actions.join_session(bob, session)
    with pytest.raises(NotAllowed):
        actions.create_session(bob, group, title="Not mine")
    with pytest.raises(NotAllowed):
        actions.join_session(charlie, session)


def test_outsiders_cannot_join_and_a_prepared_session_has_no_lobby(
    course, instructor, charlie, alice
):
    session = actions.create_session(instructor, course, title="Later")
    with pytest.raises(SessionNotLive):
        actions.join_session(alice, session)
    actions.start_session(instructor, session)
    with pytest.raises(NotAllowed):
        actions.join_session(charlie, session)
    assert not Participant.objects.filter(user=charlie).exists()


def test_random_rooms_place_everyone_evenly_with_their_chat_and_board(
    lobby, instructor, alice, bob, mallory
):
    rooms = actions.set_up_rooms(instructor, lobby, count=2, mode="random")
    actions.open_rooms(instructor, lobby, minutes=10)
    counts = sorted(Room.objects.get(pk=r.pk).seats.count() for r in rooms)
    assert counts == [1, 2]
    assert not Seat.objects.filter(user=instructor).exists()  # hosts visit, not placed
    for person in (alice, bob, mallory):
        room = seat_room(lobby, person)
        chat = actions.room_channel(room)
        assert lounge_permissions.can_read_channel(person, chat)
        other = next(r for r in rooms if r.pk != room.pk)
        assert not lounge_permissions.can_read_channel(person, actions.room_channel(other))
        assert board_permissions.can_draw(person, actions.room_board(room))
        assert isinstance(
            board_permissions.drawing_refusal(person, actions.room_board(other)), NotInRoom
        )
    for room in rooms:  # the host moderates every room's chat
        assert lounge_permissions.can_read_channel(instructor, actions.room_channel(room))


def test_a_late_joiner_is_placed_by_the_same_rule(session, instructor, alice, bob, mallory):
    for person in (alice, bob):
        actions.join_session(person, session)
    rooms = actions.set_up_rooms(instructor, session, count=2, mode="zone")
    actions.open_rooms(instructor, session)
    assert sorted(r.seats.count() for r in rooms) == [1, 1]
    actions.join_session(mallory, session)
    assert seat_room(session, mallory) is not None
    assert sorted(r.seats.count() for r in rooms) == [1, 2]


def test_manual_rooms_wait_for_the_host_who_moves_people_also_while_running(
    lobby, instructor, alice, bob, mallory
):
    first, second = actions.set_up_rooms(
        instructor, lobby, count=2, mode="manual", names=["<b>Tables</b>", ""]
    )
    assert (first.name, second.name) == ("<b>Tables</b>", "Room 2")
    actions.place_person(instructor, lobby, alice, first)  # prepared before opening
    actions.open_rooms(instructor, lobby, minutes=None)
    assert seat_room(lobby, alice) == first and seat_room(lobby, bob) is None
    actions.place_person(instructor, lobby, alice, second)
    assert seat_room(lobby, alice) == second
    assert not lounge_permissions.can_read_channel(alice, actions.room_channel(first))
    actions.place_person(instructor, lobby, alice, None)
    assert seat_room(lobby, alice) is None


def test_participants_cannot_move_others_close_rooms_or_run_the_timer(
    lobby, instructor, alice, bob, mallory
):
    first, second = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.place_person(instructor, lobby, alice, first)
    for attempt in (
        lambda: actions.place_person(mallory, lobby, alice, second),
        lambda: actions.place_person(mallory, lobby, mallory, first),
        lambda: actions.close_rooms(mallory, lobby),
        lambda: actions.extend_rooms(mallory, lobby, minutes=5),
        lambda: actions.announce(mallory, lobby, "Everyone to room 2"),
        lambda: actions.set_room_lead(mallory, first, mallory),
        lambda: actions.set_up_rooms(mallory, lobby, count=9, mode="random"),
        lambda: actions.end_session(mallory, lobby),
        lambda: actions.choose_room(mallory, second),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    lobby.refresh_from_db()
    assert lobby.rooms_open and seat_room(lobby, alice) == first
    assert seat_room(lobby, mallory) is None


def test_a_room_lead_manages_their_room_only(lobby, instructor, alice, bob, mallory):
    first, second = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.set_room_lead(instructor, first, bob)
    assert seat_room(lobby, bob) == first
    actions.place_person(bob, lobby, alice, first)  # from the lobby into their room
    assert seat_room(lobby, alice) == first
    actions.place_person(bob, lobby, alice, None)  # and out again
    assert seat_room(lobby, alice) is None
    actions.place_person(instructor, lobby, mallory, second)
    with pytest.raises(NotAllowed):
        actions.place_person(bob, lobby, mallory, first)  # someone else's room's person
    with pytest.raises(NotAllowed):
        actions.place_person(bob, lobby, alice, second)
    with pytest.raises(NotAllowed):
        actions.close_rooms(bob, lobby)
    assert board_permissions.can_host_board(bob, actions.room_board(first))
    assert not board_permissions.can_host_board(bob, actions.room_board(second))


def test_self_chosen_rooms_respect_their_cap(lobby, instructor, alice, bob, mallory):
    for cap in (0, 51, None):
        with pytest.raises(InvalidInput):
            actions.set_up_rooms(instructor, lobby, count=2, mode="choose", cap=cap)
    first, second = actions.set_up_rooms(instructor, lobby, count=2, mode="choose", cap=1)
    actions.open_rooms(instructor, lobby)
    assert seat_room(lobby, alice) is None  # nobody is placed: they choose
    actions.choose_room(alice, first)
    with pytest.raises(RoomFull):
        actions.choose_room(bob, first)
    actions.choose_room(bob, second)
    with pytest.raises(RoomFull):
        actions.choose_room(mallory, second)
    assert seat_room(lobby, mallory) is None


def test_the_timer_warns_a_minute_before_and_returns_everyone_to_the_lobby(
    lobby, instructor, alice, bob, mallory
):
    rooms = actions.set_up_rooms(instructor, lobby, count=2, mode="random")
    actions.open_rooms(instructor, lobby, minutes=2)
    lobby.refresh_from_db()
    close_at = lobby.rooms_close_at
    assert actions.run_timer(lobby.pk, close_at - timedelta(seconds=90)) is None
    assert actions.run_due_timers(close_at - timedelta(seconds=50)) == ["warned"]
    assert actions.run_timer(lobby.pk, close_at - timedelta(seconds=30)) is None  # once
    room = seat_room(lobby, alice)
    board_actions.apply_operation(alice, actions.room_board(room), STROKE)
    assert actions.run_due_timers(close_at + timedelta(seconds=1)) == ["closed"]
    lobby.refresh_from_db()
    assert not lobby.rooms_open and lobby.rooms_close_at is None
    assert all(Room.objects.get(pk=r.pk).closed_at for r in rooms)
    # Back in the lobby: the room's board and chat are kept, read-only.
    with pytest.raises(BoardArchived):
        board_actions.apply_operation(alice, actions.room_board(room), STROKE)
    assert actions.room_channel(room).is_archived
    items, _ = board_actions.board_state(actions.room_board(room))
    assert [item["id"] for item in items] == ["s1"]
    assert actions.run_timer(lobby.pk) is None


def test_the_host_extends_the_timer_live(lobby, instructor):
    actions.set_up_rooms(instructor, lobby, count=1, mode="random")
    actions.open_rooms(instructor, lobby, minutes=1)
    lobby.refresh_from_db()
    before = lobby.rooms_close_at
    actions.extend_rooms(instructor, lobby, minutes=5)
    lobby.refresh_from_db()
    assert lobby.rooms_close_at == before + timedelta(minutes=5)
    for minutes in (0, 61, "5", None):
        with pytest.raises(InvalidInput):
            actions.extend_rooms(instructor, lobby, minutes=minutes)


def test_bad_room_settings_are_refused_and_change_nothing(lobby, instructor):
    for kwargs in (
        {"count": 0, "mode": "random"},
        {"count": 51, "mode": "random"},
        {"count": "3", "mode": "random"},
        {"count": 2, "mode": "alphabetical"},
        {"count": 2, "mode": "grouping"},
        {"count": 2, "mode": "random", "names": ["x" * 200]},
    ):
        with pytest.raises(InvalidInput):
            actions.set_up_rooms(instructor, lobby, **kwargs)
    lobby.refresh_from_db()
    assert lobby.round == 0 and not Room.objects.exists()
    with pytest.raises(InvalidInput):
        actions.open_rooms(instructor, lobby)  # nothing set up
    actions.set_up_rooms(instructor, lobby, count=2, mode="random")
    for minutes in (0, 181, -5):
        with pytest.raises(InvalidInput):
            actions.open_rooms(instructor, lobby, minutes=minutes)
    actions.open_rooms(instructor, lobby)
    with pytest.raises(RoomsOpen):
        actions.set_up_rooms(instructor, lobby, count=3, mode="random")
    actions.close_rooms(instructor, lobby)
    with pytest.raises(RoomsClosed):
        actions.close_rooms(instructor, lobby)


def test_rooms_can_be_prepared_before_the_start_and_replaced_until_opened(
    course, instructor, alice
):
    session = actions.create_session(instructor, course, title="Prepared")
    actions.set_up_rooms(instructor, session, count=3, mode="manual")
    rooms = actions.set_up_rooms(instructor, session, count=2, mode="manual")
    session.refresh_from_db()
    assert session.round == 1 and Room.objects.filter(session=session).count() == 2
    actions.place_person(instructor, session, alice, rooms[0])
    with pytest.raises(SessionNotLive):
        actions.open_rooms(instructor, session)
    actions.start_session(instructor, session)
    actions.join_session(alice, session)
    actions.open_rooms(instructor, session)
    assert seat_room(session, alice) == rooms[0]
    actions.close_rooms(instructor, session)
    actions.set_up_rooms(instructor, session, count=2, mode="random")
    session.refresh_from_db()
    assert session.round == 2  # the first round's rooms are kept


def test_a_saved_grouping_gives_one_room_per_team_and_rooms_save_as_a_grouping(
    lobby, course, instructor, alice, bob, mallory
):
    grouping = course_actions.create_grouping(
        instructor, course, name="Project teams", teams=[("Red", [alice, bob]), ("Blue", [mallory])]
    )
    rooms = actions.set_up_rooms(instructor, lobby, mode="grouping", grouping=grouping)
    assert [r.name for r in rooms] == ["Blue", "Red"]
    actions.open_rooms(instructor, lobby)
    assert seat_room(lobby, alice).name == "Red" and seat_room(lobby, mallory).name == "Blue"
    actions.place_person(instructor, lobby, bob, rooms[0])
    saved = actions.save_rooms_as_grouping(instructor, lobby, name="After week 3")
    teams = {team.name: {u.username for u in team.members.all()} for team in saved.teams.all()}
    assert teams == {"Red": {"alice"}, "Blue": {"bob", "mallory"}}
    with pytest.raises(InvalidInput):  # names are unique in a course
        actions.save_rooms_as_grouping(instructor, lobby, name="After week 3")
    with pytest.raises(NotAllowed):
        actions.save_rooms_as_grouping(alice, lobby, name="Mine")
    assert Grouping.objects.filter(course=course).count() == 2


def test_help_requests_queue_for_the_host_and_the_rooms_lead(lobby, instructor, alice, bob):
    first, _ = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.place_person(instructor, lobby, alice, first)
    asked = actions.ask_for_help(alice, lobby)
    again = actions.ask_for_help(alice, lobby)
    assert asked.help_room == first and again.help_asked_at == asked.help_asked_at
    with pytest.raises(NotAllowed):
        actions.clear_help(bob, lobby, alice)
    actions.set_room_lead(instructor, first, bob)
    actions.clear_help(bob, lobby, alice)
    assert Participant.objects.get(user=alice).help_asked_at is None


def test_announcements_are_text_and_bounded(lobby, instructor):
    actions.announce(instructor, lobby, "<img src=x onerror=alert(1)>\nBack in 2")
    lobby.refresh_from_db()
    assert lobby.announcement == "<img src=x onerror=alert(1)> Back in 2"
    with pytest.raises(InvalidInput):
        actions.announce(instructor, lobby, "x" * 501)


def test_ending_keeps_every_rooms_chat_and_board_readable_and_closed(
    lobby, instructor, alice, charlie
):
    actions.set_up_rooms(instructor, lobby, count=2, mode="random")
    actions.open_rooms(instructor, lobby, minutes=5)
    room = seat_room(lobby, alice)
    actions.end_session(instructor, lobby)
    lobby.refresh_from_db()
    assert lobby.status == LiveSession.Status.ENDED and not lobby.rooms_open
    from groups.live import permissions

    other = Room.objects.exclude(pk=room.pk).get()
    assert permissions.can_enter_room(alice, other)  # the artefacts are the course's now
    assert not permissions.can_enter_room(charlie, other)
    assert isinstance(
        board_permissions.drawing_refusal(alice, actions.room_board(room)), BoardArchived
    )


def test_who_was_in_a_room_together_is_logged_as_working_together(lobby, instructor, alice, bob):
    from accounts.interactions import interactions_of

    first, _ = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.place_person(instructor, lobby, alice, first)
    actions.place_person(instructor, lobby, bob, first)
    actions.close_rooms(instructor, lobby)
    since = timezone.now() - timedelta(hours=1)
    assert [user.username for user, _ in interactions_of(alice, since)] == ["bob"]


def test_an_unrelated_student_cannot_be_named_lead(lobby, instructor):
    stranger = UserFactory(username="stranger")
    first, _ = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    with pytest.raises(InvalidInput):
        actions.set_room_lead(instructor, first, stranger)
    with pytest.raises(InvalidInput):
        actions.place_person(instructor, lobby, stranger, first)
