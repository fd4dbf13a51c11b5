"""Server-rendered SVG charts, each followed by a table with every value it draws.

Pure functions of plain data (no ORM): the caller passes lists and dicts and a label
that names what is shown (and, for the heat-map, the zone the hours are in). Every
picture is an <svg role="img"> named by its <title>, scales to the width of its box
(viewBox, width 100%), draws with CSS classes from static/css/charts.css so that the
high-contrast mode can recolour it, and never relies on colour alone: the heat-map
prints its counts, isolated students are squares in a band of their own.

    {% load charts %}
    {% sparkline values label %}            weekly counts, oldest first
    {% connection_chart nodes ties label %} nodes [{"id", "name", "isolated"}],
                                            ties [[id_a, id_b, weight], ...]
    {% heatmap grid label %}                7 lists (Mon..Sun) of 24 counts
"""

import hashlib
import json
import math
from dataclasses import dataclass, field

import rustworkx
from django import template
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..dates import day_names

register = template.Library()

# Sparkline box, in viewBox units.
SPARK_WIDTH = 120
SPARK_HEIGHT = 32
SPARK_PAD = 4

# Connection chart: the connected students' area, then the band of isolated ones.
GRAPH_WIDTH = 640
GRAPH_PAD = 40
LAYOUT_SEED = 19  # any fixed seed: the same course draws the same picture every time
LAYOUT_ITERATIONS = 100
NODE_SPACING = 72  # room per student in a group's square, so that names mostly fit
COMPONENT_MARGIN = 28
NODE_RADIUS = 7
# Past these, students are not named in the picture (their names show on hover, and
# the table names everyone): 300 names in 640 units would be an unreadable smear.
CONNECTED_LABEL_LIMIT = 40
ISOLATED_LABEL_LIMIT = 40
LABEL_CHARACTERS = 16
BAND_GAP = 28
BAND_HEADER = 30
LABELLED_CELL = (GRAPH_WIDTH - 2 * 10) / 5, 40  # five named squares a row
COMPACT_CELL = (GRAPH_WIDTH - 2 * 10) / 30, 22  # thirty unnamed squares a row
MAX_TIE_STROKE = 6

# Heat-map cells.
HEAT_LEFT = 44
HEAT_TOP = 22
HEAT_CELL = 24
HEAT_LEVELS = 5  # 0 (nobody) and four shades


def _chart_id(kind, *data):
    """A stable id for aria-labelledby: the same input gives the same SVG, and two
    different charts on one page do not share ids."""
    digest = hashlib.sha256(json.dumps([kind, *data], default=str).encode()).hexdigest()
    return f"chart-{kind}-{digest[:10]}"


def _round(value):
    return round(value, 1)


# Sparkline ---------------------------------------------------------------------------


def weeks_ago_label(weeks_ago):
    if weeks_ago == 0:
        return _("This week")
    return ngettext("%(count)d week ago", "%(count)d weeks ago", weeks_ago) % {"count": weeks_ago}


def sparkline_context(values, label):
    values = [int(value) for value in values or []]
    context = {"label": label, "id": _chart_id("sparkline", values, label), "empty": not values}
    if not values:
        return context
    highest = max(values) or 1
    inner_width = SPARK_WIDTH - 2 * SPARK_PAD
    inner_height = SPARK_HEIGHT - 2 * SPARK_PAD
    step = inner_width / (len(values) - 1) if len(values) > 1 else 0
    points = [
        (
            _round(SPARK_PAD + (i * step if len(values) > 1 else inner_width / 2)),
            _round(SPARK_HEIGHT - SPARK_PAD - value / highest * inner_height),
        )
        for i, value in enumerate(values)
    ]
    baseline = SPARK_HEIGHT - SPARK_PAD
    line = " ".join(f"{x},{y}" for x, y in points)
    context.update(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        line=line,
        area=f"{points[0][0]},{baseline} {line} {points[-1][0]},{baseline}",
        last=points[-1],
        last_value=values[-1],
        rows=[(weeks_ago_label(len(values) - 1 - i), value) for i, value in enumerate(values)],
    )
    return context


@register.inclusion_tag("charts/sparkline.html")
def sparkline(values, label):
    """A small line of weekly counts, oldest first, with the latest week marked."""
    return sparkline_context(values, label)


# Connection chart --------------------------------------------------------------------


@dataclass(eq=False)  # hashable by identity: students are keys of each other's ties
class Student:
    id: int
    name: str
    isolated: bool
    x: float = 0
    y: float = 0
    labelled: bool = False
    short_name: str = ""
    ties: dict = field(default_factory=dict)  # other Student -> weight

    @property
    def corner(self):
        """Top-left corner of an isolated student's square."""
        return _round(self.x - NODE_RADIUS), _round(self.y - NODE_RADIUS)

    @property
    def label_y(self):
        return _round(self.y + NODE_RADIUS + 13)

    @property
    def tie_count(self):
        return len(self.ties)

    @property
    def tied_with(self):
        """[(name, weight)] of the students tied to this one, by name."""
        return sorted(
            ((other.name, weight) for other, weight in self.ties.items()),
            key=lambda pair: pair[0].casefold(),
        )


def _students_and_ties(nodes, ties):
    """Students by id and ties merged both ways round ({(low id, high id): weight});
    ties to unknown students or to oneself are dropped."""
    students = {}
    for node in nodes or []:
        student_id = int(node["id"])
        students[student_id] = Student(
            id=student_id, name=str(node["name"]), isolated=bool(node.get("isolated"))
        )
    merged = {}
    for tie in ties or []:
        a, b, weight = int(tie[0]), int(tie[1]), int(tie[2])
        if a == b or a not in students or b not in students or weight <= 0:
            continue
        key = (min(a, b), max(a, b))
        merged[key] = merged.get(key, 0) + weight
    for (a, b), weight in merged.items():
        students[a].ties[students[b]] = weight
        students[b].ties[students[a]] = weight
    return students, merged


def _components(connected, merged):
    """The connected students' groups of mutually reachable students, biggest first,
    each as a rustworkx graph and its students in node order."""
    graph = rustworkx.PyGraph()
    index = {student.id: graph.add_node(student) for student in connected}
    for (a, b), weight in sorted(merged.items()):
        if a in index and b in index:
            graph.add_edge(index[a], index[b], weight)
    found = []
    for nodes in rustworkx.connected_components(graph):
        sub = graph.subgraph(sorted(nodes))
        found.append((sub, [sub[i] for i in sub.node_indices()]))
    return sorted(found, key=lambda item: (-len(item[1]), min(s.id for s in item[1])))


def _lay_out_component(graph, members, left, top, side):
    """Force-directed positions in a side x side box, with a fixed seed so that the
    same course always gives the same picture."""
    positions = rustworkx.spring_layout(
        graph,
        weight_fn=math.log1p,
        num_iter=LAYOUT_ITERATIONS,
        seed=LAYOUT_SEED,
    )
    xs = [positions[i][0] for i in graph.node_indices()]
    ys = [positions[i][1] for i in graph.node_indices()]
    # One scale for both axes, centred: a pair stays a short line, not a long diagonal.
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scale = (side - 2 * COMPONENT_MARGIN) / (max(span_x, span_y) or 1)
    offset_x = left + (side - span_x * scale) / 2
    offset_y = top + (side - span_y * scale) / 2
    for i, student in zip(graph.node_indices(), members, strict=True):
        px, py = positions[i]
        student.x = _round(offset_x + (px - min(xs)) * scale)
        student.y = _round(offset_y + (py - min(ys)) * scale)


def _lay_out_rows(students, top, labelled):
    """Students in rows of equal cells from `top` down, named or not; returns the
    height used."""
    cell_width, cell_height = LABELLED_CELL if labelled else COMPACT_CELL
    per_row = round((GRAPH_WIDTH - 20) / cell_width)
    for i, student in enumerate(students):
        row, column = divmod(i, per_row)
        student.x = _round(10 + column * cell_width + cell_width / 2)
        student.y = _round(top + row * cell_height + NODE_RADIUS + 2)
        student.labelled = labelled
    return math.ceil(len(students) / per_row) * cell_height


def _lay_out_connected(connected, merged):
    """Each group of tied students in its own square, squares packed in rows, biggest
    first, then those with no tie drawn (a tie the caller left out) in rows; returns
    the height used. A layout of the whole course at once would let small groups
    push a big one into a corner."""
    labelled = len(connected) <= CONNECTED_LABEL_LIMIT
    usable = GRAPH_WIDTH - 2 * GRAPH_PAD
    x = y = row_height = 0
    alone = []
    for graph, members in _components(connected, merged):
        if len(members) == 1:
            alone.extend(members)
            continue
        side = min(usable, NODE_SPACING * math.ceil(math.sqrt(len(members))) + COMPONENT_MARGIN)
        if x and x + side > usable:
            x, y, row_height = 0, y + row_height, 0
        _lay_out_component(graph, members, GRAPH_PAD + x, GRAPH_PAD / 2 + y, side)
        for student in members:
            student.labelled = labelled
        x += side
        row_height = max(row_height, side)
    height = y + row_height + GRAPH_PAD / 2
    if alone:
        height += _lay_out_rows(alone, height, labelled)
    return round(height + GRAPH_PAD / 2)


def _lay_out_band(isolated, top):
    """Isolated students in rows of squares under a title, below the connected ones;
    returns the band's height."""
    rows_height = _lay_out_rows(isolated, top + BAND_HEADER, len(isolated) <= ISOLATED_LABEL_LIMIT)
    return BAND_HEADER + rows_height + 8


def connection_chart_context(nodes, ties, label):
    students, merged = _students_and_ties(nodes, ties)
    context = {
        "label": label,
        "id": _chart_id("connections", nodes, ties, label),
        "empty": not students,
    }
    if not students:
        return context
    ordered = sorted(students.values(), key=lambda s: (s.name.casefold(), s.id))
    connected = [student for student in ordered if not student.isolated]
    isolated = [student for student in ordered if student.isolated]
    graph_height = _lay_out_connected(connected, merged) if connected else 0
    band_top = graph_height + BAND_GAP if connected else 0
    band_height = _lay_out_band(isolated, band_top) if isolated else 0
    for student in ordered:
        student.short_name = Truncator(student.name).chars(LABEL_CHARACTERS)
    heaviest = max(merged.values(), default=1)
    edges = [
        {
            "a": students[a],
            "b": students[b],
            "weight": weight,
            "stroke": _round(1 + (MAX_TIE_STROKE - 1) * weight / heaviest),
        }
        for (a, b), weight in sorted(merged.items())
        if not students[a].isolated and not students[b].isolated
    ]
    context.update(
        width=GRAPH_WIDTH,
        height=band_top + band_height if isolated else graph_height,
        edges=edges,
        connected=connected,
        isolated=isolated,
        band_top=band_top,
        band_title_y=band_top + 20,
        band_width=GRAPH_WIDTH - 8,
        band_height=band_height,
        radius=NODE_RADIUS,
        side=2 * NODE_RADIUS,
        unnamed=len(ordered) - sum(student.labelled for student in ordered),
        rows=sorted(ordered, key=lambda s: (s.tie_count, s.name.casefold(), s.id)),
    )
    return context


@register.inclusion_tag("charts/connection_chart.html")
def connection_chart(nodes, ties, label):
    """Students as dots, peer ties as lines (thicker for more interactions); students
    with no peer connection as squares in a band of their own below."""
    return connection_chart_context(nodes, ties, label)


# Heat-map ----------------------------------------------------------------------------


def heatmap_context(grid, label):
    grid = [[int(count) for count in day] for day in grid or []]
    context = {"label": label, "id": _chart_id("heatmap", grid, label)}
    if grid and (len(grid) != 7 or any(len(day) != 24 for day in grid)):
        raise ValueError("A heat-map grid is 7 days of 24 hours.")
    highest = max((count for day in grid for count in day), default=0)
    context["empty"] = highest == 0
    if context["empty"]:
        return context
    short_days, long_days = day_names("abbreviated", standalone=True), day_names(standalone=True)
    cells = [
        {
            "x": HEAT_LEFT + hour * HEAT_CELL,
            "y": HEAT_TOP + day * HEAT_CELL,
            "middle_x": HEAT_LEFT + hour * HEAT_CELL + HEAT_CELL / 2,
            "middle_y": HEAT_TOP + day * HEAT_CELL + HEAT_CELL / 2,
            "count": count,
            # Level 1 is the faintest shade that is not "nobody"; the highest is 4.
            "level": 0 if count == 0 else 1 + math.floor((count / highest) * (HEAT_LEVELS - 2)),
            "title": ngettext(
                "%(day)s %(hour)02d:00: %(count)d person",
                "%(day)s %(hour)02d:00: %(count)d people",
                count,
            )
            % {"day": long_days[day], "hour": hour, "count": count},
        }
        for day, counts in enumerate(grid)
        for hour, count in enumerate(counts)
    ]
    context.update(
        width=HEAT_LEFT + 24 * HEAT_CELL + 4,
        height=HEAT_TOP + 7 * HEAT_CELL + 4,
        cell_size=HEAT_CELL - 1,  # a hairline of background between cells
        day_x=HEAT_LEFT - 6,
        cells=cells,
        days=[
            {"name": name, "y": HEAT_TOP + i * HEAT_CELL + HEAT_CELL / 2}
            for i, name in enumerate(short_days)
        ],
        hours=[
            {"label": f"{hour:02d}", "x": HEAT_LEFT + hour * HEAT_CELL + HEAT_CELL / 2}
            for hour in range(0, 24, 3)
        ],
        hour_columns=[f"{hour:02d}" for hour in range(24)],
        rows=list(zip(long_days, grid, strict=True)),
        highest=highest,
    )
    return context


@register.inclusion_tag("charts/heatmap.html")
def heatmap(grid, label):
    """Hours of the week as cells shaded by count, each count printed in its cell."""
    return heatmap_context(grid, label)
