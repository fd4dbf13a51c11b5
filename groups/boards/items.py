"""What may be drawn on a board, and how operations change a board's items.

Everything here is plain data and plain functions, shared by the verbs (validation,
folding operations into a state, undo's inverses), the server-side SVG export and the
tests. Items are JSON objects with an `id` chosen by the client that drew them, so a
page can show its own stroke before the server has numbered it:

    stroke        {"id", "kind": "stroke", "color", "width", "points": [[x, y] or [x, y, p], …]}
    line, arrow   {"id", "kind", "color", "width", "points": [[x1, y1], [x2, y2]]}
    rect, ellipse {"id", "kind", "color", "width", "x", "y", "w", "h", "fill": colour or null}
    text          {"id", "kind": "text", "color", "x", "y", "size", "text"}
    sticky        {"id", "kind": "sticky", "color", "x", "y", "w", "h", "text"}

Coordinates are numbers on a fixed BOARD_WIDTH x BOARD_HEIGHT plane, rounded to a
tenth; colours are a palette name or #rrggbb and are stored as #rrggbb. A stroke's
point may carry the pen's pressure (0 to 1, rounded to a hundredth) as a third number:
groups.boards.freehand widens the stroke where it was pressed harder."""

import json
import math
import re

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError

BOARD_WIDTH = 1600
BOARD_HEIGHT = 1000
MAX_POINTS = 600
MAX_ITEMS_PER_OPERATION = 50
MAX_IDS_PER_DELETE = 500
MAX_ITEMS_ON_BOARD = 3000
MAX_TEXT_LENGTH = 500
MIN_WIDTH, MAX_WIDTH = 1, 40
MIN_FONT_SIZE, MAX_FONT_SIZE = 10, 96
# The largest operation a client may send, as compact JSON; a frame's own limit
# (core.consumers.MAX_FRAME_BYTES) is a little larger.
MAX_OPERATION_BYTES = 14 * 1024

PALETTE = {
    "ink": "#1f2933",
    "blue": "#1d5fbf",
    "green": "#1b7f4b",
    "red": "#c0392b",
    "orange": "#b85c00",
    "purple": "#6b3fa0",
    "yellow": "#fff3a3",
    "pink": "#ffd6e7",
    "mint": "#d4f5e1",
    "sky": "#d6ebff",
}
KINDS = ("stroke", "line", "arrow", "rect", "ellipse", "text", "sticky")
OPERATION_KINDS = ("add", "update", "delete", "clear")
ITEM_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class InvalidOperation(DomainError):
    code = "invalid"
    default_message = gettext_lazy("That cannot be drawn.")


def _number(value, low, high, name):
    # bool is an int in Python, and JSON's true is not a coordinate.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidOperation(_("%(name)s must be a number.") % {"name": name})
    if not low <= value <= high:
        raise InvalidOperation(
            _("%(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return round(float(value), 1)


def _colour(value, name="color"):
    if isinstance(value, str):
        if value in PALETTE:
            return PALETTE[value]
        if HEX_COLOUR.match(value):
            return value.lower()
    raise InvalidOperation(_("%(name)s must be a palette colour or #rrggbb.") % {"name": name})


def _text(value, *, allow_empty):
    if not isinstance(value, str):
        raise InvalidOperation(_("text must be a string."))
    # Control characters other than line breaks and tabs have no place on a board.
    value = "".join(c for c in value if c in "\n\t" or c.isprintable()).strip()
    if not value and not allow_empty:
        raise InvalidOperation(_("Write some text."))
    if len(value) > MAX_TEXT_LENGTH:
        raise InvalidOperation(
            _("Text can be at most %(max)s characters.") % {"max": MAX_TEXT_LENGTH}
        )
    return value


def _point(value):
    if not isinstance(value, list) or len(value) != 2:
        raise InvalidOperation(_("A point is [x, y]."))
    return [_number(value[0], 0, BOARD_WIDTH, "x"), _number(value[1], 0, BOARD_HEIGHT, "y")]


def _pen_point(value):
    """[x, y] or [x, y, pressure]: a stroke's point."""
    if isinstance(value, list) and len(value) == 3:
        pressure = value[2]
        if isinstance(pressure, bool) or not isinstance(pressure, (int, float)):
            raise InvalidOperation(_("pressure must be a number."))
        if not (math.isfinite(pressure) and 0 <= pressure <= 1):
            raise InvalidOperation(_("pressure must be between 0 and 1."))
        return [*_point(value[:2]), round(float(pressure), 2)]
    return _point(value)


def _box(raw):
    x = _number(raw.get("x"), 0, BOARD_WIDTH, "x")
    y = _number(raw.get("y"), 0, BOARD_HEIGHT, "y")
    w = _number(raw.get("w"), 0, BOARD_WIDTH - x, "w")
    h = _number(raw.get("h"), 0, BOARD_HEIGHT - y, "h")
    return {"x": x, "y": y, "w": w, "h": h}


def clean_id(value):
    if not isinstance(value, str) or not ITEM_ID.match(value):
        raise InvalidOperation(_("An item id is 1 to 40 letters, digits, - or _."))
    return value


def clean_item(raw):
    """The item normalised (only known keys, rounded numbers, #rrggbb), or
    InvalidOperation naming what is wrong."""
    if not isinstance(raw, dict):
        raise InvalidOperation(_("An item is an object."))
    kind = raw.get("kind")
    if kind not in KINDS:
        raise InvalidOperation(
            _("An item's kind is one of %(kinds)s.") % {"kinds": ", ".join(KINDS)}
        )
    item = {"id": clean_id(raw.get("id")), "kind": kind, "color": _colour(raw.get("color"))}
    if kind in ("stroke", "line", "arrow", "rect", "ellipse"):
        item["width"] = _number(raw.get("width"), MIN_WIDTH, MAX_WIDTH, "width")
    if kind == "stroke":
        points = raw.get("points")
        if not isinstance(points, list) or not 1 <= len(points) <= MAX_POINTS:
            raise InvalidOperation(_("A stroke has 1 to %(max)s points.") % {"max": MAX_POINTS})
        item["points"] = [_pen_point(p) for p in points]
    elif kind in ("line", "arrow"):
        points = raw.get("points")
        if not isinstance(points, list) or len(points) != 2:
            raise InvalidOperation(_("A line has two points."))
        item["points"] = [_point(p) for p in points]
    elif kind in ("rect", "ellipse"):
        item.update(_box(raw))
        fill = raw.get("fill")
        item["fill"] = None if fill in (None, "", "none") else _colour(fill, "fill")
    elif kind == "text":
        item["x"] = _number(raw.get("x"), 0, BOARD_WIDTH, "x")
        item["y"] = _number(raw.get("y"), 0, BOARD_HEIGHT, "y")
        item["size"] = _number(raw.get("size"), MIN_FONT_SIZE, MAX_FONT_SIZE, "size")
        item["text"] = _text(raw.get("text"), allow_empty=False)
    else:  # sticky
        item.update(_box(raw))
        item["text"] = _text(raw.get("text", ""), allow_empty=True)
    return item


def clean_operation(raw):
    """(kind, data) of an operation as a client sends it:
    {"kind": "add" | "update", "items": […]}, {"kind": "delete", "ids": […]} or
    {"kind": "clear"}."""
    if not isinstance(raw, dict):
        raise InvalidOperation(_("An operation is an object."))
    if len(json.dumps(raw, separators=(",", ":"))) > MAX_OPERATION_BYTES:
        raise InvalidOperation(
            _("An operation can be at most %(max)s bytes.") % {"max": MAX_OPERATION_BYTES}
        )
    kind = raw.get("kind")
    if kind not in OPERATION_KINDS:
        raise InvalidOperation(
            _("An operation's kind is one of %(kinds)s.") % {"kinds": ", ".join(OPERATION_KINDS)}
        )
    if kind in ("add", "update"):
        items = raw.get("items")
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS_PER_OPERATION:
            raise InvalidOperation(_("Send 1 to %(max)s items.") % {"max": MAX_ITEMS_PER_OPERATION})
        cleaned = [clean_item(item) for item in items]
        if len({item["id"] for item in cleaned}) != len(cleaned):
            raise InvalidOperation(_("An item appears twice in one operation."))
        return kind, {"items": cleaned}
    if kind == "delete":
        ids = raw.get("ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= MAX_IDS_PER_DELETE:
            raise InvalidOperation(_("Delete 1 to %(max)s items.") % {"max": MAX_IDS_PER_DELETE})
        return kind, {"ids": list(dict.fromkeys(clean_id(i) for i in ids))}
    return kind, {}


# Kinds shown to the others while they are being drawn (text and notes are typed in a
# dialog and appear when added).
PREVIEW_KINDS = ("stroke", "line", "arrow", "rect", "ellipse")


def clean_preview(raw, start):
    """A shape still being drawn, as the drawer's page shows it to the others (never
    stored): an item of a drawn kind; for a stroke, `start` says where its points
    continue the ones sent before (so a long stroke is not sent again and again).
    Returns the item normalised, or InvalidOperation."""
    if not isinstance(raw, dict) or raw.get("kind") not in PREVIEW_KINDS:
        raise InvalidOperation(
            _("A preview shows one of %(kinds)s.") % {"kinds": ", ".join(PREVIEW_KINDS)}
        )
    item = clean_item(raw)
    if start and (item["kind"] != "stroke" or start + len(item["points"]) > MAX_POINTS):
        raise InvalidOperation(_("A stroke has 1 to %(max)s points.") % {"max": MAX_POINTS})
    return item


def clean_moving(raw):
    """Items as a move or resize in progress shows them (never stored): 1 to
    MAX_ITEMS_PER_OPERATION valid items, or InvalidOperation."""
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_ITEMS_PER_OPERATION:
        raise InvalidOperation(_("Send 1 to %(max)s items.") % {"max": MAX_ITEMS_PER_OPERATION})
    return [clean_item(item) for item in raw]


# Folding ----------------------------------------------------------------------------


def state_of(snapshot_items, operations):
    """{id: item} in drawing order: the snapshot's items with `operations` (each with
    .kind and .data, in sequence order) applied."""
    state = {item["id"]: item for item in snapshot_items}
    for operation in operations:
        apply(state, operation.kind, operation.data)
    return state


def apply(state, kind, data):
    """Change `state` in place. An update keeps the item's place in the drawing order;
    an added item goes on top."""
    if kind in ("add", "update"):
        for item in data["items"]:
            state[item["id"]] = item
    elif kind == "delete":
        for item_id in data["ids"]:
            state.pop(item_id, None)
    elif kind == "clear":
        state.clear()


def inverse(kind, data, before, state):
    """(kind, data, before) of the operation that undoes one, as far as `state` (the
    board now) still allows: items someone else has deleted stay deleted, and items
    already back are not added twice. None when nothing is left to revert."""
    if kind == "add":
        ids = [item["id"] for item in data["items"] if item["id"] in state]
        return ("delete", {"ids": ids}, [state[i] for i in ids]) if ids else None
    if kind == "update":
        items = [item for item in before if item["id"] in state]
        return ("update", {"items": items}, [state[i["id"]] for i in items]) if items else None
    # delete, clear: what they removed comes back.
    items = [item for item in before if item["id"] not in state]
    return ("add", {"items": items}, []) if items else None


def effective(kind, data, state):
    """(data, before) of an operation about to be applied to `state`, or InvalidOperation:
    an add may not reuse an id on the board, an update needs its items there; a delete
    quietly skips items already gone (two people erasing the same stroke)."""
    if kind == "add":
        taken = [item["id"] for item in data["items"] if item["id"] in state]
        if taken:
            raise InvalidOperation(_("An item with that id is already on the board."))
        if len(state) + len(data["items"]) > MAX_ITEMS_ON_BOARD:
            raise BoardFull()
        return data, []
    if kind == "update":
        if any(item["id"] not in state for item in data["items"]):
            raise ItemGone()
        return data, [state[item["id"]] for item in data["items"]]
    if kind == "delete":
        ids = [i for i in data["ids"] if i in state]
        return {"ids": ids}, [state[i] for i in ids]
    return data, list(state.values())


class BoardFull(InvalidOperation):
    code = "board_full"
    default_message = lazy(
        lambda: (
            _("This board holds at most %(max)s items: clear some space.")
            % {"max": MAX_ITEMS_ON_BOARD}
        ),
        str,
    )()


class ItemGone(InvalidOperation):
    code = "gone"
    default_message = gettext_lazy("Someone else removed that item.")


def text_items(items):
    """The board's words, in drawing order: its text items and sticky notes."""
    return [item for item in items if item["kind"] in ("text", "sticky") and item["text"]]
