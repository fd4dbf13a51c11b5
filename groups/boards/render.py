"""The board as SVG, drawn on the server: the room page before its script runs (and
without one), and the SVG export. static/js/whiteboard.js draws the same shapes the
same way (a stroke's outline with groups.boards.freehand, an arrow's head, a note's
line breaks), so an export looks like the board did."""

import math

from . import freehand
from .items import BOARD_HEIGHT, BOARD_WIDTH

ARROW_HEAD = 14
ARROW_ANGLE = math.radians(28)
NOTE_FONT_SIZE = 18
NOTE_LINE_HEIGHT = 22
NOTE_PADDING = 10
# Rough width of a character of the system sans-serif font, in font sizes.
CHARACTER_WIDTH = 0.55


def _n(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def arrow_head(points):
    (x1, y1), (x2, y2) = points
    angle = math.atan2(y2 - y1, x2 - x1)
    wings = [
        (x2 - ARROW_HEAD * math.cos(angle + side), y2 - ARROW_HEAD * math.sin(angle + side))
        for side in (ARROW_ANGLE, -ARROW_ANGLE)
    ]
    (ax, ay), (bx, by) = wings
    return f"M{_n(ax)} {_n(ay)}L{_n(x2)} {_n(y2)}L{_n(bx)} {_n(by)}"


def note_lines(text, width, height):
    """A sticky note's text broken into lines that fit it (words longer than a line are
    cut); what does not fit is left off with an ellipsis."""
    per_line = max(1, int((width - 2 * NOTE_PADDING) / (NOTE_FONT_SIZE * CHARACTER_WIDTH)))
    room = max(1, int((height - 2 * NOTE_PADDING) / NOTE_LINE_HEIGHT))
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            while len(word) > per_line:
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:per_line])
                word = word[per_line:]
            candidate = f"{line} {word}" if line else word
            if len(candidate) > per_line:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    if len(lines) > room:
        lines = [*lines[: room - 1], lines[room - 1][: per_line - 1] + "…"]
    return lines


def drawable(item):
    """The item with what the SVG template needs worked out."""
    shape = dict(item)
    kind = item["kind"]
    if kind == "stroke":
        shape["d"] = freehand.stroke_outline_path(item["points"], item["width"])
    elif kind in ("line", "arrow"):
        (x1, y1), (x2, y2) = item["points"]
        shape["d"] = f"M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}"
        if kind == "arrow":
            shape["d"] += arrow_head(item["points"])
    elif kind == "ellipse":
        shape.update(
            cx=item["x"] + item["w"] / 2,
            cy=item["y"] + item["h"] / 2,
            rx=item["w"] / 2,
            ry=item["h"] / 2,
        )
    elif kind == "sticky":
        shape["lines"] = [
            (item["y"] + NOTE_PADDING + NOTE_FONT_SIZE + i * NOTE_LINE_HEIGHT, line)
            for i, line in enumerate(note_lines(item["text"], item["w"], item["h"]))
        ]
        shape["text_x"] = item["x"] + NOTE_PADDING
    return shape


def svg_context(board_items):
    return {
        "shapes": [drawable(item) for item in board_items],
        "width": BOARD_WIDTH,
        "height": BOARD_HEIGHT,
        "note_font_size": NOTE_FONT_SIZE,
    }
