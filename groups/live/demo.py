"""Demo live sessions, built with the verbs: last week's STAT101 workshop, run by amara
with three mixed rooms whose chats and boards are kept to browse (artefacts), and a
prepared CS201 session whose rooms are set up but not started. Safe to re-run: a session
whose title already exists in its course is left as it is."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import Course, Enrolment
from groups.boards import actions as board_actions
from lounge.actions import post_message

from . import actions
from .models import LiveSession, Participant, Room

PAST_TITLE = "Week 2 workshop: describing data"
PREPARED_TITLE = "Week 3 lab: sorting race"

ROOM_NAMES = ["Histograms", "Box plots", "Mean or median?"]
CHATS = [
    [
        "Shall we use the exam scores from the problem set?",
        "Yes. Bins of 5 points look too noisy, try 10",
        "With 10 the **two bumps** show clearly: two groups of students?",
        "Noting that on the board",
    ],
    [
        "Who draws the box? I'll do the whiskers",
        "The outlier at 98 is real, it's in the data set",
        "So the median moves less than the mean. Writing it down",
    ],
    [
        "Incomes: median, because of the long tail",
        "Shoe sizes: mean is fine, it's symmetric",
        "Let's ask the host about house prices",
    ],
]
NOTES = [
    "Bins of 10 points: two bumps. Two groups?",
    "Outliers stretch the whiskers, not the box",
    "Skewed: median. Symmetric: mean is fine",
]


def _board_items(number, note):
    points = [[200 + i * 40, 700 - ((i * 37 + number * 13) % 300)] for i in range(14)]
    return [
        {
            "id": "title",
            "kind": "text",
            "color": "ink",
            "x": 80,
            "y": 100,
            "size": 40,
            "text": ROOM_NAMES[number],
        },
        {
            "id": "note",
            "kind": "sticky",
            "color": "yellow",
            "x": 1100,
            "y": 140,
            "w": 300,
            "h": 180,
            "text": note,
        },
        {"id": "sketch", "kind": "stroke", "color": "blue", "width": 4, "points": points},
        {
            "id": "axis",
            "kind": "arrow",
            "color": "ink",
            "width": 3,
            "points": [[160, 760], [860, 760]],
        },
    ]


def _past_session(course, host, students):
    session = actions.create_session(
        host, course, title=PAST_TITLE, call_link="https://meet.example.org/stat101", start=True
    )
    for student in students:
        actions.join_session(student, session)
    rooms = actions.set_up_rooms(host, session, count=3, mode="mixed", names=ROOM_NAMES)
    actions.open_rooms(host, session, minutes=20)
    actions.set_room_lead(host, rooms[0], students[0])
    actions.announce(host, session, "Five minutes left: put one sentence on your board.")
    for number, room in enumerate(rooms):
        people = [seat.user for seat in room.seats.select_related("user")] or [host]
        chat = actions.room_channel(room)
        for index, line in enumerate(CHATS[number]):
            post_message(people[index % len(people)], chat, line)
        board = actions.room_board(room)
        for index, item in enumerate(_board_items(number, NOTES[number])):
            board_actions.apply_operation(
                people[index % len(people)], board, {"kind": "add", "items": [item]}
            )
    actions.close_rooms(host, session)
    actions.end_session(host, session)
    # Last week, not now: the demo dates what the verbs stamped with the current time.
    shift = timedelta(days=7)
    now = timezone.now()
    LiveSession.objects.filter(pk=session.pk).update(
        created_at=now - shift - timedelta(minutes=5),
        started_at=now - shift,
        rooms_opened_at=now - shift + timedelta(minutes=10),
        ended_at=now - shift + timedelta(minutes=45),
        announced_at=now - shift + timedelta(minutes=25),
    )
    Room.objects.filter(session=session).update(
        opened_at=now - shift + timedelta(minutes=10),
        closed_at=now - shift + timedelta(minutes=30),
    )
    Participant.objects.filter(session=session).update(joined_at=now - shift, sockets=0)
    for number, room in enumerate(rooms):
        chat = actions.room_channel(room)
        for index, message in enumerate(chat.messages.order_by("seq")):
            at = now - shift + timedelta(minutes=12 + number + index * 3)
            type(message).objects.filter(pk=message.pk).update(created_at=at, changed_at=at)


def _prepared_session(course, host):
    session = actions.create_session(
        host, course, title=PREPARED_TITLE, call_link="https://meet.example.org/cs201"
    )
    actions.set_up_rooms(host, session, count=4, mode="choose", cap=5)


def seed(rng):
    User = get_user_model()
    stat = Course.objects.filter(code="STAT101").first()
    if stat is not None and not LiveSession.objects.filter(course=stat, title=PAST_TITLE).exists():
        host = User.objects.get(username="amara")
        students = list(
            User.objects.filter(
                enrolments__course=stat, enrolments__role=Enrolment.Role.STUDENT
            ).order_by("username")[:9]
        )
        if students:
            _past_session(stat, host, students)
    cs = Course.objects.filter(code="CS201").first()
    if cs is not None and not LiveSession.objects.filter(course=cs, title=PREPARED_TITLE).exists():
        _prepared_session(cs, User.objects.get(username="kenji"))
