"""Pages of live sessions: starting one, its lobby (with the host's controls), a breakout
room (its board and a way into its chat) and the artefacts after it. Every control is a
form POST that works without script; with htmx it answers the session's live fragment,
and every open page hears of the change over its socket."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_verb
from courses.models import Course, Grouping
from courses.permissions import get_course_for
from groups.boards import actions as board_actions
from groups.boards import permissions as board_permissions
from groups.boards.items import (
    text_items,
)
from groups.boards.render import svg_context
from groups.boards.views import (
    board_page_context,
    drawing_answer,
    hosting_context,
    read_only_answer,
)
from groups.permissions import get_group_for
from lounge.models import Channel, Message
from lounge.permissions import can_read_channel
from lounge.summaries import chat_summary

from . import actions, pages, permissions
from .forms import (
    AnnounceForm,
    ExtendForm,
    GroupingNameForm,
    LeadForm,
    OpenForm,
    PlaceForm,
    RoomsForm,
    SessionForm,
    UserForm,
)
from .models import LiveSession, Room, Seat

PEN_COLOURS = ["ink", "blue", "green", "red", "orange", "purple"]
PEN_WIDTHS = [2, 4, 8, 16]
TRANSCRIPT_LIMIT = 500


def _owner_from(request):
    """The course or group named by ?course= or ?group= (or the form's hidden fields)."""
    data = request.POST if request.method == "POST" else request.GET
    for key, fetch in (("course", get_course_for), ("group", get_group_for)):
        value = data.get(key, "")
        if value:
            if not value.isdigit():
                raise Http404("No such place.")
            return key, fetch(request.user, int(value))
    raise Http404("No such place.")


def new_session(request):
    kind, owner = _owner_from(request)
    if not permissions.can_start_session_for(request.user, owner):
        raise Http404("No such place.")
    form = SessionForm(request.POST or None, initial={"start": True})
    if request.method == "POST" and form.is_valid():
        outcome = run_verb(
            request,
            actions.create_session,
            request.user,
            owner,
            title=form.cleaned_data["title"],
            call_link=form.cleaned_data["call_link"],
            start=form.cleaned_data["start"],
            form=form,
        )
        if outcome:
            return redirect(outcome.value)
    return render(request, "live/new.html", {"form": form, "kind": kind, "owner": owner})


def _back(request):
    """The page a form came from (a room page), when it is one of this site's."""
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return back
    return None


def _fragment(request, session):
    context = pages.session_view(request.user, session)
    return render(request, "live/session.html#live", context)


def _answer(request, session, outcome, next_url=None):
    """What a control answers: htmx gets the fresh fragment (or the refusal as text);
    a plain form goes back to the page it came from, with a message on refusal."""
    if request.htmx:
        if outcome:
            return _fragment(request, session)
        status = 403 if outcome.error.code == "forbidden" else 400
        return HttpResponse(escape(str(outcome.error)), status=status)
    return redirect(next_url or session.get_absolute_url())


def lobby(request, pk):
    session = permissions.get_session_for(request.user, pk)
    if session.is_live:
        actions.join_session(request.user, session)
    context = pages.session_view(request.user, session)
    if context["host"] and not session.is_ended:
        context["rooms_form"] = RoomsForm(initial={"mode": session.mode, "count": 3})
        context["groupings"] = (
            list(Grouping.objects.filter(course=session.course)) if session.course_id else []
        )
        context["open_form"] = OpenForm(initial={"minutes": 10})
        context["extend_form"] = ExtendForm()
        context["announce_form"] = AnnounceForm()
        context["modes"] = [
            (value, label)
            for value, label in LiveSession.Mode.choices
            if value != LiveSession.Mode.GROUPING or session.course_id
        ]
    if context["host"] and session.course_id:
        context["grouping_form"] = GroupingNameForm(initial={"name": f"{session.title} rooms"[:80]})
    return render(request, "live/session.html", context)


def _host_form(request, pk, form_class):
    session = permissions.get_session_to_host(request.user, pk)
    return session, form_class(request.POST)


@require_POST
def start(request, pk):
    session = permissions.get_session_to_host(request.user, pk)
    outcome = run_verb(request, actions.start_session, request.user, session)
    return _answer(request, session, outcome)


@require_POST
def end(request, pk):
    session = permissions.get_session_to_host(request.user, pk)
    outcome = run_verb(
        request,
        actions.end_session,
        request.user,
        session,
        success=None if request.htmx else _("The session has ended."),
    )
    return _answer(request, session, outcome, next_url=_artefacts_url(session))


def _artefacts_url(session):
    return reverse("live:artefacts", args=[session.pk])


@require_POST
def set_up_rooms(request, pk):
    session, form = _host_form(request, pk, RoomsForm)
    if not form.is_valid():
        return _invalid(request, session, form)
    data = form.cleaned_data
    grouping = None
    if data["mode"] == LiveSession.Mode.GROUPING:
        grouping = Grouping.objects.filter(pk=data["grouping"] or 0, course=session.course).first()
    names = [line for line in data["names"].splitlines() if line.strip()]
    outcome = run_verb(
        request,
        actions.set_up_rooms,
        request.user,
        session,
        count=data["count"],
        mode=data["mode"],
        cap=data["cap"],
        grouping=grouping,
        names=names,
    )
    return _answer(request, session, outcome)


def _invalid(request, session, form):
    field, errors = next(iter(form.errors.items()))
    if field == "__all__":
        message = errors[0]
    else:
        # Translators: a form field's label, then what is wrong with it.
        message = _("%(field)s: %(error)s") % {
            "field": form.fields[field].label or field,
            "error": errors[0],
        }

    if request.htmx:
        return HttpResponse(escape(message), status=400)
    messages.error(request, message)
    return redirect(session)


@require_POST
def open_rooms(request, pk):
    session, form = _host_form(request, pk, OpenForm)
    if not form.is_valid():
        return _invalid(request, session, form)
    outcome = run_verb(
        request, actions.open_rooms, request.user, session, minutes=form.cleaned_data["minutes"]
    )
    return _answer(request, session, outcome)


@require_POST
def extend(request, pk):
    session, form = _host_form(request, pk, ExtendForm)
    if not form.is_valid():
        return _invalid(request, session, form)
    outcome = run_verb(
        request, actions.extend_rooms, request.user, session, minutes=form.cleaned_data["minutes"]
    )
    return _answer(request, session, outcome)


@require_POST
def close_rooms(request, pk):
    session = permissions.get_session_to_host(request.user, pk)
    outcome = run_verb(request, actions.close_rooms, request.user, session)
    return _answer(request, session, outcome)


@require_POST
def announce(request, pk):
    session, form = _host_form(request, pk, AnnounceForm)
    if not form.is_valid():
        return _invalid(request, session, form)
    outcome = run_verb(request, actions.announce, request.user, session, form.cleaned_data["text"])
    return _answer(request, session, outcome)


def _person_in(session, user_pk):
    person = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if person is None or not permissions.is_in_audience(person, session):
        raise Http404("No such person in this session.")
    return person


@require_POST
def place(request, pk):
    """Hosts, and room leads for their room: move a person to a room or the lobby."""
    session = permissions.get_session_for(request.user, pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, session, form)
    person = _person_in(session, form.cleaned_data["user"])
    room = None
    if form.cleaned_data["room"]:
        room = get_object_or_404(Room, pk=form.cleaned_data["room"], session=session)
    outcome = run_verb(request, actions.place_person, request.user, session, person, room)
    return _answer(request, session, outcome, next_url=_back(request))


@require_POST
def set_lead(request, pk, room_pk):
    session = permissions.get_session_to_host(request.user, pk)
    room = get_object_or_404(Room, pk=room_pk, session=session)
    form = LeadForm(request.POST)
    if not form.is_valid():
        return _invalid(request, session, form)
    person = _person_in(session, form.cleaned_data["user"]) if form.cleaned_data["user"] else None
    outcome = run_verb(request, actions.set_room_lead, request.user, room, person)
    return _answer(request, session, outcome)


@require_POST
def choose(request, pk, room_pk):
    session = permissions.get_session_for(request.user, pk)
    room = get_object_or_404(Room.objects.select_related("session"), pk=room_pk, session=session)
    outcome = run_verb(request, actions.choose_room, request.user, room)
    if outcome and not request.htmx:
        return redirect(room)
    return _answer(request, session, outcome)


@require_POST
def ask_for_help(request, pk):
    session = permissions.get_session_for(request.user, pk)
    outcome = run_verb(
        request,
        actions.ask_for_help,
        request.user,
        session,
        success=None if request.htmx else _("The host knows you would like help."),
    )
    return _answer(request, session, outcome, next_url=_back(request))


@require_POST
def clear_help(request, pk):
    session = permissions.get_session_for(request.user, pk)
    form = UserForm(request.POST)
    if not form.is_valid():
        return _invalid(request, session, form)
    person = _person_in(session, form.cleaned_data["user"])
    outcome = run_verb(request, actions.clear_help, request.user, session, person)
    return _answer(request, session, outcome, next_url=_back(request))


@require_POST
def save_grouping(request, pk):
    session, form = _host_form(request, pk, GroupingNameForm)
    if not form.is_valid():
        return _invalid(request, session, form)
    outcome = run_verb(
        request,
        actions.save_rooms_as_grouping,
        request.user,
        session,
        name=form.cleaned_data["name"],
        success=lambda grouping: _("Saved as the grouping “%(name)s”.") % {"name": grouping.name},
    )
    if outcome and not request.htmx:
        return redirect(outcome.value)
    return _answer(request, session, outcome, next_url=_back(request))


# Rooms ------------------------------------------------------------------------------


def _board_context(request, room):
    board = actions.room_board(room)
    items, seq = board_actions.board_state(board)
    return {
        **board_page_context(board, items, seq),
        "can_draw": board_permissions.can_draw(request.user, board),
        "read_only": board.read_only
        or permissions.room_work_refusal(request.user, room) is not None,
        "board_host": permissions.can_lead(request.user, room),
        "socket_url": f"/ws/live/boards/{board.pk}/",
        "svg_url": reverse("live:room_board_svg", args=[room.pk]),
        "png_filename": f"{slugify(room.name) or 'board'}-board.png",
    }


def room(request, pk):
    room = permissions.get_room_for(request.user, pk)
    session = room.session
    if permissions.can_host(request.user, session):
        actions.visit_room(request.user, room)
    context = pages.session_view(request.user, session)
    context["page_room"] = room
    context.update(_board_context(request, room))
    chat = pages.room_chat(room)
    # Its own chat for the room's people (the lounge's card: unread, the last messages, a
    # way in); everyone else (after the session) reads the transcript on the artefacts page.
    readable = chat is not None and can_read_channel(request.user, chat)
    room_people = [seat.user for seat in room.seats.select_related("user__profile")]
    if readable:
        context.update(chat_summary(room, Channel.Kind.BREAKOUT, request.user))
    context.update(
        {
            "room": room,
            "room_chat": chat if readable else None,
            "leads": permissions.can_lead(request.user, room),
            "room_people": room_people,
        }
    )
    # The board's hosting card while the room is open: its lead and the session's hosts.
    if context["leads"] and permissions.is_room_current(room) and session.rooms_open:
        context["hosting"] = True
        context.update(
            hosting_context(
                context["board"],
                [person for person in room_people if not permissions.can_lead(person, room)],
                read_only_url=reverse("live:room_board_read_only", args=[room.pk]),
                drawing_url=lambda user_pk: reverse(
                    "live:room_board_drawing", args=[room.pk, user_pk]
                ),
            )
        )
    return render(request, "live/room.html", context)


def _room_to_lead(request, pk):
    """A room the person may lead (hosts: every room); everyone else, the room's people
    included, gets the same 404 as for a room that does not exist."""
    room = permissions.get_room_for(request.user, pk)
    if not permissions.can_lead(request.user, room):
        raise Http404("No such room.")
    return room


@require_POST
def room_board_read_only(request, pk):
    room = _room_to_lead(request, pk)
    return read_only_answer(request, actions.room_board(room), room.get_absolute_url())


@require_POST
def room_board_drawing(request, pk, user_pk):
    """Stop (or allow again) the drawing of one person seated in the room."""
    room = _room_to_lead(request, pk)
    person = get_object_or_404(
        Seat.objects.select_related("user__profile"), room=room, user_id=user_pk
    ).user
    return drawing_answer(
        request,
        actions.room_board(room),
        person,
        reverse("live:room_board_drawing", args=[room.pk, person.pk]),
        room.get_absolute_url(),
    )


def room_board_svg(request, pk):
    room = permissions.get_room_for(request.user, pk)
    items, _ = board_actions.board_state(actions.room_board(room))
    title = f"{room.session.title}: {room.name}"
    svg = render_to_string("boards/board.svg", {"title": title, **svg_context(items)})
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    name = slugify(title) or "board"
    response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return response


def artefacts(request, pk):
    """What the rooms made: each round's rooms with their people, board and chat. Hosts
    see it at any time; everyone the session was for once it has ended."""
    session = permissions.get_session_for(request.user, pk)
    if not (session.is_ended or permissions.can_host(request.user, session)):
        raise Http404("No such session.")
    rounds = {}
    for room in session.rooms.filter(opened_at__isnull=False).select_related("lead__profile"):
        items, _ = board_actions.board_state(actions.room_board(room))
        chat = pages.room_chat(room)
        transcript = (
            list(
                Message.objects.public()
                .filter(channel=chat, deleted_at__isnull=True)
                .select_related("author__profile")
                .order_by("seq")[:TRANSCRIPT_LIMIT]
            )
            if chat
            else []
        )
        rounds.setdefault(room.round, []).append(
            {
                "room": room,
                "people": [seat.user for seat in room.seats.select_related("user__profile")],
                "messages": transcript,
                "words": text_items(items),
                **svg_context(items),
            }
        )
    context = {
        "session": session,
        "rounds": sorted(rounds.items()),
        "host": permissions.can_host(request.user, session),
        "is_course": isinstance(session.owner, Course),
    }
    if context["host"] and session.course_id:
        context["grouping_form"] = GroupingNameForm(initial={"name": f"{session.title} rooms"[:80]})
    return render(request, "live/artefacts.html", context)
