"""The standing room of a study group: its board (drawn on the server, so it shows
without script), the words on it as a list, the SVG export, and the hosts' controls.
static/js/whiteboard.js makes the board live over its own socket."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_verb
from groups.models import Membership

from . import actions, permissions
from .consumers import CURSOR_INTERVAL_SECONDS
from .forms import DrawingForm, ReadOnlyForm
from .items import (
    BOARD_HEIGHT,
    BOARD_WIDTH,
    MAX_IDS_PER_DELETE,
    MAX_ITEMS_PER_OPERATION,
    MAX_OPERATION_BYTES,
    MAX_POINTS,
    MAX_TEXT_LENGTH,
    PALETTE,
    text_items,
)
from .models import DrawingRevoked
from .render import svg_context

PEN_COLOURS = ["ink", "blue", "green", "red", "orange", "purple"]
PEN_WIDTHS = [2, 4, 8, 16]


def board_page_context(board, items, seq):
    """What every page showing a board gives its template (boards/_board.html, and
    boards/_board_cards.html under it): the state, the tools and the limits the script
    keeps to. A standing room and a breakout room add who may do what."""
    return {
        "board": board,
        "items": items,
        "seq": seq,
        "words": text_items(items),
        "pen_colours": [(name, PALETTE[name]) for name in PEN_COLOURS],
        "pen_widths": PEN_WIDTHS,
        "limits": {
            "width": BOARD_WIDTH,
            "height": BOARD_HEIGHT,
            "maxPoints": MAX_POINTS,
            "maxItems": MAX_ITEMS_PER_OPERATION,
            "maxIds": MAX_IDS_PER_DELETE,
            "maxOperationBytes": MAX_OPERATION_BYTES,
            "maxText": MAX_TEXT_LENGTH,
            "cursorMs": int(CURSOR_INTERVAL_SECONDS * 1000),
        },
        **svg_context(items),
    }


def drawer_row(user, allowed, url):
    """One person in the hosts' "Who may draw" list (boards/_hosting_card.html#drawer)."""
    return {"user": user, "allowed": allowed, "url": url}


def hosting_context(board, people, *, read_only_url, drawing_url):
    """What the hosts' card (boards/_hosting_card.html) needs, for any board: its own
    read-only flag, where to post it, and `people` (those a host may stop from drawing)
    each with whether they may draw and where to post that; `drawing_url(user_pk)` gives
    the address, so each kind of room keeps its own routes and checks."""
    revoked = set(DrawingRevoked.objects.filter(board=board).values_list("user_id", flat=True))
    return {
        "board_read_only": board.read_only,
        "read_only_url": read_only_url,
        "drawers": [
            drawer_row(person, person.pk not in revoked, drawing_url(person.pk))
            for person in people
        ],
    }


def room(request, pk):
    group, standing = permissions.get_room_for(request.user, pk)
    board = actions.standing_board(group)
    items, seq = actions.board_state(board)
    host = permissions.can_host(request.user, group, standing)
    context = {
        "group": group,
        **board_page_context(board, items, seq),
        "host": host,
        "can_draw": permissions.can_draw(request.user, board, standing),
        "read_only": board.read_only or group.is_archived,
        "socket_url": f"/ws/boards/{board.pk}/",
        "svg_url": reverse("groups:board_svg", args=[group.pk]),
        "png_filename": f"{slugify(group.name) or 'board'}-board.png",
    }
    if host:
        members = group.memberships.select_related("user__profile").exclude(
            role__in=Membership.ORGANISER_ROLES
        )
        context.update(
            hosting_context(
                board,
                [membership.user for membership in members],
                read_only_url=reverse("groups:board_read_only", args=[group.pk]),
                drawing_url=lambda user_pk: reverse(
                    "groups:board_drawing", args=[group.pk, user_pk]
                ),
            )
        )
    return render(request, "boards/room.html", context)


def export_svg(request, pk):
    group, _ = permissions.get_room_for(request.user, pk)
    items, _ = actions.board_state(actions.standing_board(group))
    svg = render_to_string("boards/board.svg", {"title": group.name, **svg_context(items)})
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    name = slugify(group.name) or "board"
    response["Content-Disposition"] = f'attachment; filename="{name}-board.svg"'
    return response


def read_only_answer(request, board, back):
    """Make `board` read-only or not, as the posted form says. htmx gets 204 (every open
    page of the board, this one too, hears the change on the board's socket); a plain
    form goes back to `back` with a message."""
    form = ReadOnlyForm(request.POST)
    form.is_valid()
    read_only = form.cleaned_data.get("read_only", False)
    outcome = run_verb(
        request,
        actions.set_read_only,
        request.user,
        board,
        read_only,
        success=None
        if request.htmx
        else (_("The board is read-only.") if read_only else _("Everyone can draw again.")),
    )
    if request.htmx:
        if not outcome:
            return HttpResponse(escape(str(outcome.error)), status=403)
        return HttpResponse(status=204)
    return redirect(back)


def drawing_answer(request, board, person, url, back):
    """Stop or allow again `person`'s drawing on `board`, as the posted form says. htmx
    gets the person's row of the hosting card (posting to `url`); a plain form goes back
    to `back` with a message."""
    form = DrawingForm(request.POST)
    form.is_valid()
    allowed = form.cleaned_data.get("allowed", False)
    name = person.display_name
    outcome = run_verb(
        request,
        actions.set_drawing,
        request.user,
        board,
        person,
        allowed,
        success=None
        if request.htmx
        else (
            (_("%(name)s can draw again.") if allowed else _("%(name)s can no longer draw."))
            % {"name": name}
        ),
    )
    if request.htmx:
        if not outcome:
            return HttpResponse(escape(str(outcome.error)), status=403)
        return render(
            request,
            "boards/_hosting_card.html#drawer",
            {"drawer": drawer_row(person, allowed, url)},
        )
    return redirect(back)


@require_POST
def set_read_only(request, pk):
    group, _ = permissions.get_room_for(request.user, pk)
    return read_only_answer(
        request, actions.standing_board(group), reverse("groups:room", args=[group.pk])
    )


@require_POST
def set_drawing(request, pk, user_pk):
    group, _ = permissions.get_room_for(request.user, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), group=group, user_id=user_pk
    )
    return drawing_answer(
        request,
        actions.standing_board(group),
        membership.user,
        reverse("groups:board_drawing", args=[group.pk, membership.user_id]),
        reverse("groups:room", args=[group.pk]),
    )
