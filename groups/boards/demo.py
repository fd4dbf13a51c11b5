"""Demo boards: every demo study group's standing room has a board with a few items,
drawn by its members through the verbs. Safe to re-run: a board that has any
operation is left as it is."""

from groups.models import StudyGroup

from . import actions
from .models import Operation


def _items(group, rng):
    wobble = [(120 + i * 14, 180 + rng.randint(-10, 10)) for i in range(24)]
    return [
        {
            "id": "title",
            "kind": "text",
            "color": "ink",
            "x": 80,
            "y": 90,
            "size": 40,
            "text": f"{group.name}: this week",
        },
        {
            "id": "plan",
            "kind": "sticky",
            "color": "yellow",
            "x": 80,
            "y": 260,
            "w": 220,
            "h": 150,
            "text": "Plan: warm-up problem, then the problem set, then questions",
        },
        {
            "id": "stuck",
            "kind": "sticky",
            "color": "sky",
            "x": 340,
            "y": 260,
            "w": 220,
            "h": 150,
            "text": "Stuck on: question 3. Who can explain it next time?",
        },
        {
            "id": "underline",
            "kind": "stroke",
            "color": "blue",
            "width": 4,
            # Drawn with a pen, pressed harder towards the middle (the stroke swells).
            "points": [
                [x, y, round(0.3 + 0.6 * (1 - abs(i - 12) / 12), 2)]
                for i, (x, y) in enumerate(wobble)
            ],
        },
        {
            "id": "box",
            "kind": "rect",
            "color": "green",
            "width": 3,
            "x": 640,
            "y": 240,
            "w": 360,
            "h": 220,
            "fill": None,
        },
        {
            "id": "idea",
            "kind": "text",
            "color": "green",
            "x": 670,
            "y": 300,
            "size": 24,
            "text": "Draw it before you solve it",
        },
        {
            "id": "arrow",
            "kind": "arrow",
            "color": "red",
            "width": 4,
            "points": [[560, 330], [630, 330]],
        },
        {
            "id": "circle",
            "kind": "ellipse",
            "color": "purple",
            "width": 3,
            "x": 1080,
            "y": 220,
            "w": 260,
            "h": 260,
            "fill": None,
        },
        {
            "id": "resources",
            "kind": "sticky",
            "color": "mint",
            "x": 1100,
            "y": 560,
            "w": 240,
            "h": 150,
            "text": "Resources: lecture 4 slides, chapter 2 exercises",
        },
    ]


def seed(rng):
    for group in StudyGroup.objects.active().order_by("pk"):
        board = actions.standing_board(group)
        if Operation.objects.filter(board=board).exists():
            continue
        members = [m.user for m in group.memberships.select_related("user").order_by("joined_at")]
        for number, item in enumerate(_items(group, rng)):
            actions.apply_operation(
                members[number % len(members)], board, {"kind": "add", "items": [item]}
            )
