"""The "people you have studied with" page and the chart tags in a browser, on a
desktop (1280) and a phone (390): axe-core finds no serious problem, nothing scrolls
sideways, the period selector swaps the list in place, and screenshots are saved
(test-results/screenshots/) to be looked at."""

import re

import pytest
from django.template import Context, Template
from playwright.sync_api import expect

from accounts.interactions import Kind, record
from accounts.models import Profile
from courses.actions import create_course, enrol_with_code
from groups.actions import create_group, join_group
from lounge import actions as lounge
from tests.factories import UserFactory

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
URL = "/people/me/connections/"
SAMPLE_URL = "/chart-sample/"


def overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture
def classmates(db):
    instructor = UserFactory(
        username="amara", display_name="Amara Okafor", role=Profile.Role.INSTRUCTOR
    )
    ana = UserFactory(username="ana", display_name="Ana Souza", time_zone="America/Sao_Paulo")
    dev = UserFactory(username="dev", display_name="Dev Patel", time_zone="Asia/Kolkata")
    lena = UserFactory(username="lena", display_name="Lena <b>Berg</b>", time_zone="Europe/Berlin")
    course = create_course(instructor, title="Statistics", code="STAT101", term="Spring 2027")
    for person in (ana, dev, lena):
        enrol_with_code(person, course.join_code)
    group = create_group(
        ana,
        name="Night owls: regression",
        description="",
        course=course,
        capacity=6,
        visibility="open",
        topics=[],
        languages=[],
        slots=[],
    )
    join_group(dev, group)
    chat = lounge.open_direct_channel(ana, [lena])
    first, _ = lounge.post_message(ana, chat, "Shall we go over chapter 3?")
    lounge.post_message(lena, chat, "Yes, Tuesday?", reply_to_id=first.pk)
    record(ana, [lena], Kind.MET, group)
    return {"ana": ana, "dev": dev, "lena": lena}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_connections_page_reads_well_and_switches_period_in_place(
    new_page, log_in, screenshot, browser_errors, classmates, viewport
):
    page = log_in(new_page(viewport=VIEWPORTS[viewport]), classmates["ana"])
    page.goto(URL)

    dev_card = page.locator(f"#connection-{classmates['dev'].pk}")
    expect(dev_card).to_contain_text("in a study group together")
    expect(dev_card).to_contain_text("STAT101")
    lena_card = page.locator(f"#connection-{classmates['lena'].pk}")
    expect(lena_card).to_contain_text("Lena <b>Berg</b>")
    expect(lena_card).to_contain_text("met once")
    screenshot(page, viewport)
    assert overflow(page) <= 1

    page.get_by_label("Over the last").select_option("30")
    expect(page).to_have_url(f"{page.url.split('?')[0]}?days=30")
    expect(page.locator(".connection")).to_have_count(2)

    page.get_by_role("button", name="Send a message to Dev Patel").click()
    expect(page).to_have_url(re.compile(r"/lounge/"))
    assert not browser_errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_an_empty_connections_page_points_to_study_groups(
    new_page, log_in, screenshot, classmates, viewport
):
    loner = UserFactory(username="sol", display_name="Sol Rivera")
    page = log_in(new_page(viewport=VIEWPORTS[viewport]), loner)
    page.goto(URL)

    expect(page.get_by_role("link", name="Join a study group")).to_be_visible()
    screenshot(page, f"{viewport}-empty")


SAMPLE = Template(
    """{% load charts %}<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Charts</title>
<link rel="stylesheet" href="/static/css/commons.css">
<link rel="stylesheet" href="/static/css/charts.css"></head>
<body><main class="page" id="main"><h1>Community health</h1>
<h2>Night owls: regression</h2>{% sparkline weeks "Messages a week in Night owls" %}
<h2>Quiet group</h2>{% sparkline quiet "Messages a week in the quiet group" %}
{% connection_chart nodes ties "Peer connections in STAT101" %}
{% heatmap grid "When STAT101's students are free (Europe/Berlin)" %}
{% connection_chart none none "Peer connections in an empty course" %}
</main></body></html>"""
)
NAMES = ["Ana Souza", "Bruno Lima", "Chen Wei", "Dara O'Neil", "Elif Kaya", "Farah Haddad"]
NAMES += ["Gus <script>alert(1)</script>", "Hana Sato", "Ivo Petrov", "Jia Li", "Kofi Mensah"]
NAMES += ["Lena Berg", "Marta Ruiz", "Noor Ali", "Omar Said", "Priya Nair", "Quinn Roe"]


def sample_page():
    nodes = [
        {"id": i, "name": name, "isolated": name in ("Farah Haddad", "Priya Nair", "Quinn Roe")}
        for i, name in enumerate(NAMES)
    ]
    ties = [[0, 1, 6], [0, 2, 3], [1, 2, 1], [2, 3, 4], [3, 4, 2], [4, 0, 1], [6, 7, 9]]
    ties += [[7, 8, 2], [8, 9, 1], [9, 10, 3], [10, 6, 1], [11, 12, 5], [13, 14, 2]]
    evening = [0] * 8 + [1, 2, 2, 1, 1, 2, 3, 3, 2, 4, 7, 9, 8, 6, 3, 1]
    grid = [[max(0, count - day % 3) for count in evening] for day in range(7)]
    return SAMPLE.render(
        Context(
            {
                "weeks": [4, 9, 7, 12, 10, 15, 13, 18],
                "quiet": [6, 4, 3, 1, 0, 0, 0, 0],
                "nodes": nodes,
                "ties": ties,
                "grid": grid,
                "none": [],
            }
        )
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_three_charts_in_a_page_are_accessible_and_fit(
    new_page, screenshot, live_server_url, viewport
):
    page = new_page(viewport=VIEWPORTS[viewport])
    html = sample_page()
    page.route(
        f"{live_server_url}{SAMPLE_URL}",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto(SAMPLE_URL)

    expect(page.get_by_role("img", name="Peer connections in STAT101")).to_be_visible()
    expect(
        page.get_by_role("img", name="When STAT101's students are free (Europe/Berlin)")
    ).to_be_visible()
    expect(page.get_by_text("No students to show yet.")).to_be_visible()
    # The hostile name is text in the picture and the table, never a script.
    assert page.locator("script").count() == 0
    screenshot(page, viewport)
    assert overflow(page) <= 1
    # The high-contrast mode redraws the charts in the system's colours.
    page.emulate_media(forced_colors="active")
    screenshot(page, f"{viewport}-forced-colours")
    page.emulate_media(forced_colors="none")

    page.get_by_text("Show as a table").nth(2).click()
    table = page.get_by_role("table", name="Peer connections in STAT101")
    expect(table).to_contain_text("Gus <script>alert(1)</script>")
    expect(table.get_by_role("row")).to_have_count(len(NAMES) + 1)
    screenshot(page, f"{viewport}-table")
