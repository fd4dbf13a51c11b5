"""The chart tags ({% load charts %}): valid, accessible SVG with a table holding every
value, escaped names, the same picture for the same data, and a sentence instead of
an empty picture."""

import re
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.template import Context, Template

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & <b>'


def render(tag, **data):
    return Template("{% load charts %}" + tag).render(Context(data))


def svg_of(html):
    """The one <svg> of a chart, parsed as XML (so it must be well-formed)."""
    found = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(found) == 1
    return ET.fromstring(found[0])  # noqa: S314 (markup the test itself rendered)


class _Table(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._cell, self._in_table = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._in_table = True
        elif tag == "tr" and self._in_table:
            self.rows.append([])
        elif tag in ("td", "th") and self._in_table:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def table_of(html):
    """The alternative table's rows (header row first), as text."""
    parser = _Table()
    parser.feed(html)
    return parser.rows


def accessible_name(svg):
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    assert title is not None and svg.get("aria-labelledby") == title.get("id")
    return title.text


def assert_escaped(html):
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


# Sparkline ---------------------------------------------------------------------------

WEEKS = [3, 0, 5, 2, 8, 6, 9, 4]


def test_a_sparkline_is_a_named_picture_with_every_week_in_its_table():
    html = render("{% sparkline values label %}", values=WEEKS, label="Messages a week")
    svg = svg_of(html)

    assert accessible_name(svg) == "Messages a week (this week: 4)"
    assert svg.get("viewBox") and svg.get("width") == "100%"
    rows = table_of(html)
    assert rows[0] == ["Week", "Count"]
    assert rows[1:] == [
        ["7 weeks ago", "3"],
        ["6 weeks ago", "0"],
        ["5 weeks ago", "5"],
        ["4 weeks ago", "2"],
        ["3 weeks ago", "8"],
        ["2 weeks ago", "6"],
        ["1 week ago", "9"],
        ["This week", "4"],
    ]


def test_a_sparkline_marks_the_latest_week_at_the_end_of_its_line():
    svg = svg_of(render("{% sparkline values 'Messages' %}", values=WEEKS))
    points = svg.find(f"{SVG}polyline").get("points").split()
    last = svg.find(f"{SVG}circle[@class='chart__last']")
    assert len(points) == len(WEEKS)
    assert points[-1] == f"{last.get('cx')},{last.get('cy')}"
    # The highest week is drawn highest (smallest y).
    heights = [float(point.split(",")[1]) for point in points]
    assert heights.index(min(heights)) == WEEKS.index(max(WEEKS))


def test_a_sparkline_escapes_its_label():
    html = render("{% sparkline values label %}", values=WEEKS, label=HOSTILE)
    assert_escaped(html)
    assert HOSTILE in accessible_name(svg_of(html))


def test_a_sparkline_of_no_weeks_says_so_instead_of_drawing():
    html = render("{% sparkline values 'Messages a week' %}", values=[])
    assert "<svg" not in html and "no activity recorded yet" in html


def test_a_quiet_group_still_gets_a_flat_line():
    svg = svg_of(render("{% sparkline values 'Messages' %}", values=[0] * 8))
    heights = {point.split(",")[1] for point in svg.find(f"{SVG}polyline").get("points").split()}
    assert len(heights) == 1


# Connection chart --------------------------------------------------------------------

NODES = [
    {"id": 1, "name": "Ana Souza", "isolated": False},
    {"id": 2, "name": "Bruno Lima", "isolated": False},
    {"id": 3, "name": "Chen Wei", "isolated": False},
    {"id": 4, "name": "Dara O'Neil", "isolated": False},
    {"id": 5, "name": "Elif Kaya", "isolated": False},
    {"id": 6, "name": HOSTILE, "isolated": True},
    {"id": 7, "name": "Farah Haddad", "isolated": True},
]
# Ana-Bruno twice (both ways round), a tie to oneself and to a stranger are dropped.
TIES = [[1, 2, 4], [2, 1, 1], [2, 3, 2], [4, 5, 1], [3, 3, 9], [1, 99, 3]]


def node_positions(svg):
    """(x, y) of the connected students' dots and the isolated students' squares."""
    connected = [
        (float(circle.get("cx")), float(circle.get("cy"))) for circle in svg.iter(f"{SVG}circle")
    ]
    isolated = [
        (float(square.get("x")), float(square.get("y")))
        for group in svg.iter(f"{SVG}g")
        if "chart__node--isolated" in (group.get("class") or "")
        for square in group.iter(f"{SVG}rect")
    ]
    return connected, isolated


def test_a_connection_chart_draws_students_and_ties_and_names_itself():
    html = render("{% connection_chart nodes ties label %}", nodes=NODES, ties=TIES, label="STAT")
    svg = svg_of(html)

    assert accessible_name(svg) == "STAT"
    assert svg.get("aria-describedby") == svg.find(f"{SVG}desc").get("id")
    connected, isolated = node_positions(svg)
    assert len(connected) == 5 and len(isolated) == 2
    ties = list(svg.iter(f"{SVG}line"))
    assert len(ties) == 3
    widths = {tie.find(f"{SVG}title").text: float(tie.get("stroke-width")) for tie in ties}
    # Ana and Bruno's five interactions draw the thickest line.
    assert (
        widths["Ana Souza and Bruno Lima: 5 interactions"]
        > widths["Bruno Lima and Chen Wei: 2 interactions"]
    )


def test_isolated_students_are_drawn_apart_below_everyone_with_a_tie():
    svg = svg_of(render("{% connection_chart nodes ties 'STAT' %}", nodes=NODES, ties=TIES))
    connected, isolated = node_positions(svg)
    band = next(rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "chart__band-frame")
    band_top = float(band.get("y"))

    assert max(y for _, y in connected) < band_top < min(y for _, y in isolated)
    texts = ["".join(text.itertext()) for text in svg.iter(f"{SVG}text")]
    assert "No peer connection (2 students)" in texts


def test_the_connection_table_lists_every_student_their_ties_and_whom_with():
    html = render("{% connection_chart nodes ties 'STAT' %}", nodes=NODES, ties=TIES)
    rows = {row[0]: row[1:] for row in table_of(html)[1:]}

    assert rows == {
        HOSTILE: ["0", "No peer connection"],
        "Farah Haddad": ["0", "No peer connection"],
        "Dara O'Neil": ["1", "Elif Kaya (1)"],
        "Elif Kaya": ["1", "Dara O'Neil (1)"],
        "Ana Souza": ["1", "Bruno Lima (5)"],
        "Chen Wei": ["1", "Bruno Lima (2)"],
        "Bruno Lima": ["2", "Ana Souza (5), Chen Wei (2)"],
    }


def test_a_connection_chart_escapes_every_name():
    html = render("{% connection_chart nodes ties label %}", nodes=NODES, ties=TIES, label=HOSTILE)
    assert_escaped(html)
    svg_of(html)  # still well-formed


def test_the_same_course_gives_the_same_picture():
    tag = "{% connection_chart nodes ties 'STAT' %}"
    assert render(tag, nodes=NODES, ties=TIES) == render(tag, nodes=NODES, ties=TIES)


def test_a_course_with_no_students_says_so_instead_of_drawing():
    html = render("{% connection_chart nodes ties 'STAT' %}", nodes=[], ties=[])
    assert "<svg" not in html and "No students to show yet." in html


def test_a_big_course_is_drawn_quickly_names_few_and_tables_everyone():
    nodes = [{"id": i, "name": f"Student {i:03d}", "isolated": i < 30} for i in range(300)]
    ties = [[i, 30 + (i * 7 + 3) % 270, 1 + i % 5] for i in range(30, 300)]
    ties += [[i, i + 1, 2] for i in range(30, 299)]

    started = time.perf_counter()
    html = render("{% connection_chart nodes ties 'Big' %}", nodes=nodes, ties=ties)
    elapsed = time.perf_counter() - started

    assert elapsed < 2, f"{elapsed:.2f} s for 300 students"
    svg = svg_of(html)
    named = [text for text in svg.iter(f"{SVG}text") if text.get("class") == "chart__label"]
    assert len(named) <= 40
    assert len(table_of(html)) == 301
    assert "not named in the picture; the table names everyone" in html


# Heat-map ----------------------------------------------------------------------------

GRID = [[(day * 24 + hour) % 7 for hour in range(24)] for day in range(7)]


def test_a_heatmap_has_a_cell_for_every_hour_of_the_week_with_its_count():
    html = render("{% heatmap grid label %}", grid=GRID, label="Free hours (America/Sao_Paulo)")
    svg = svg_of(html)

    assert accessible_name(svg) == "Free hours (America/Sao_Paulo)"
    cells = [g for g in svg.iter(f"{SVG}g") if "chart__heat" in (g.get("class") or "")]
    assert len(cells) == 7 * 24
    titles = [cell.find(f"{SVG}title").text for cell in cells]
    assert titles[0] == "Monday 00:00: 0 people"
    assert titles[24 + 1] == "Tuesday 01:00: 4 people"
    assert titles[-1] == f"Sunday 23:00: {GRID[6][23]} people"
    # Counts are printed, not told by shade alone.
    printed = [cell.find(f"{SVG}text") for cell in cells]
    assert [int(text.text) for text in printed if text is not None] == [
        count for day in GRID for count in day if count
    ]
    axis = {text.text for text in svg.iter(f"{SVG}text") if text.get("class") == "chart__axis"}
    assert {"Mon", "Sun", "00", "21"} <= axis


def test_the_heatmap_table_holds_every_count():
    rows = table_of(render("{% heatmap grid 'Free hours' %}", grid=GRID))
    assert rows[0] == ["Day"] + [f"{hour:02d}" for hour in range(24)]
    assert [row[0] for row in rows[1:]] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert [[int(count) for count in row[1:]] for row in rows[1:]] == GRID


def test_busier_hours_are_darker():
    svg = svg_of(render("{% heatmap grid 'Free hours' %}", grid=GRID))
    levels = {}
    for cell in svg.iter(f"{SVG}g"):
        if "chart__heat" in (cell.get("class") or ""):
            text = cell.find(f"{SVG}text")
            count = int(text.text) if text is not None else 0
            levels[count] = int(cell.get("class").rsplit("--", 1)[1])
    assert levels[0] == 0 and levels[6] == 4
    assert [levels[count] for count in sorted(levels)] == sorted(levels.values())


def test_a_heatmap_escapes_its_label():
    html = render("{% heatmap grid label %}", grid=GRID, label=HOSTILE)
    assert_escaped(html)
    svg_of(html)


@pytest.mark.parametrize("grid", [[], [[0] * 24] * 7])
def test_a_heatmap_with_nobody_available_says_so_instead_of_drawing(grid):
    html = render("{% heatmap grid 'Free hours' %}", grid=grid)
    assert "<svg" not in html and "Nobody has shared a weekly availability yet." in html


def test_a_heatmap_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="7 days of 24 hours"):
        render("{% heatmap grid 'Free hours' %}", grid=[[1] * 24] * 6)


def test_every_chart_on_a_page_has_its_own_ids():
    html = render(
        "{% sparkline a 'One' %}{% sparkline b 'Two' %}{% heatmap grid 'Three' %}",
        a=WEEKS,
        b=WEEKS[::-1],
        grid=GRID,
    )
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 4
