"""The course, assignment, workspace and whiteboard pages speak the language a person
chose in their profile: Spanish and Brazilian Portuguese, with dates in that language
and the pages' own words gone from English."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from courses import actions
from groups import actions as group_actions
from tests.courses.teamwork import enrol, new_assignment, two_teams
from tests.groups.conftest import build_group

pytestmark = pytest.mark.django_db


def speaks(person, language):
    Profile.objects.filter(user=person).update(interface_language=language)


def a_saturday_noon_a_month_ahead():
    """Noon UTC on a Saturday at least a month away: the same day in Berlin and São
    Paulo, and a weekday whose name differs in English, Spanish and Portuguese."""
    day = (timezone.now() + timedelta(days=30)).date()
    day += timedelta(days=(5 - day.weekday()) % 7)
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def course(instructor):
    return actions.create_course(
        instructor, title="Introduction to Statistics", code="stat101", term="Spring 2027"
    )


@pytest.fixture
def assignment(course, instructor, alice, bob, charlie):
    for person in (alice, bob, charlie):
        actions.enrol_with_code(person, course.join_code)
    dana = enrol(course, "dana")
    grouping = two_teams(instructor, course, [alice, bob], [charlie, dana])
    return new_assignment(instructor, course, grouping, due_at=a_saturday_noon_a_month_ahead())


def test_a_spanish_speaker_reads_the_team_workspace_in_spanish(client, assignment, alice):
    speaks(alice, "es")
    workspace = assignment.workspaces.get(team__name="Red")
    client.force_login(alice)

    html = client.get(reverse("courses:workspace", args=[workspace.pk])).content.decode()

    for spanish in ("Borrador compartido", "Pendientes", "Quién hizo qué", "Fecha límite:"):
        assert spanish in html
    for english in ("Shared draft", "Who did what", "No files yet.", "Due <time"):
        assert english not in html
    due_in_berlin = assignment.due_at.astimezone(ZoneInfo("Europe/Berlin"))  # alice's zone
    assert format_datetime(due_in_berlin, "EEE", locale="es") in html  # "sáb"
    assert ">Sat " not in html


def test_a_spanish_speaking_instructor_is_told_in_spanish_to_fix_the_course_form(
    client, instructor
):
    speaks(instructor, "es")
    client.force_login(instructor)

    response = client.post(reverse("courses:create"), {"title": "", "code": "", "term": ""})

    html = response.content.decode()
    assert "Corrige los campos marcados abajo; todavía no se guardó nada." in html
    assert "Please fix the fields marked below" not in html
    assert "<h1>Crear un curso</h1>" in html


def test_a_portuguese_speaking_instructor_reads_the_assignment_and_its_teams_in_portuguese(
    client, assignment, instructor, course
):
    speaks(instructor, "pt-br")
    client.force_login(instructor)

    html = client.get(reverse("courses:assignment", args=[assignment.pk])).content.decode()
    assert "Equipes (2)" in html
    assert "Você pode abrir uma rodada de revisão quando as entregas se encerrarem." in html
    assert "Prazo:" in html
    assert "Teams (2)" not in html and "Due <time" not in html

    html = client.get(reverse("courses:groupings", args=[course.pk])).content.decode()
    assert "Equipes de STAT101" in html
    assert "2 equipes" in html  # the plural form of a count
    assert "Formar equipes pela disponibilidade" in html
    assert "Make teams by hand" not in html


def test_a_portuguese_speaking_host_draws_on_a_board_labelled_in_portuguese(
    client, course, alice, bob
):
    for person in (alice, bob):
        actions.enrol_with_code(person, course.join_code)
    group = build_group(alice, name="Eigenvalue evenings", course=course)
    group_actions.join_group(bob, group)
    speaks(alice, "pt-br")
    client.force_login(alice)

    html = client.get(reverse("groups:room", args=[group.pk])).content.decode()

    for portuguese in ("Sala permanente", "Ferramentas de desenho", "Baixar como SVG"):
        assert portuguese in html
    assert "Quem pode desenhar" in html and "Impedir desenho" in html
    for english in ("Standing room", "Drawing tools", "Keyboard shortcuts", "Who may draw"):
        assert english not in html
