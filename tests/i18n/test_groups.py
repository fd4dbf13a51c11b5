"""Study groups and live sessions in Spanish and Brazilian Portuguese: pages, form errors,
the verbs' refusals and day names follow the person's chosen language."""

import re
from datetime import time

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation

from courses import actions as course_actions
from groups import actions
from groups.live import actions as live_actions
from tests.groups.conftest import build_group
from tests.groups.test_views import group_post

TUESDAY = 1


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request leaves its language active in the test's thread: later tests (run in
    the same thread, whatever their module) must not inherit it."""
    yield
    translation.deactivate()


def speaking(user, language):
    user.profile.interface_language = language
    user.profile.save(update_fields=["interface_language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tuesday_group(alice, bob):
    """alice's open group with bob in it, meeting Tuesdays 19:00-20:30 Berlin time."""
    group = build_group(alice, capacity=3, slots=[(TUESDAY, time(19, 0), 90)])
    actions.join_group(bob, group)
    return group


def test_a_group_page_in_spanish_names_its_days_and_actions_in_spanish(tuesday_group, bob):
    page = speaking(bob, "es").get(reverse("groups:detail", args=[tuesday_group.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Salir del grupo" in html
    assert "Reuniones" in html
    assert "Cuándo están libres los miembros" in html
    assert "2 de 3 plazas ocupadas" in html
    # Babel's Spanish short day name for the weekly meeting, and the heat map's columns.
    assert "Cada <strong><time" in html
    # Tuesday 19:00 in Berlin is Tuesday afternoon in New York, bob's zone.
    assert re.search(r">mar 1[34]:00</time>", html)
    assert ">Mié</th>" in html
    for english in ("Leave group", "Meetings", "When members are free", "seats taken", ">Wed<"):
        assert english not in html


def test_the_group_form_in_spanish_explains_its_errors_in_spanish(alice):
    client = speaking(alice, "es")

    form = client.get(reverse("groups:create")).content.decode()
    reply = client.post(
        reverse("groups:create"),
        group_post(**{"slots-0-start": "19:00", "slots-0-end": "19:00"}),
    )

    assert "Crear un grupo de estudio" in form
    assert '<option value="2">Miércoles</option>' in form
    assert reply.status_code == 400
    html = reply.content.decode()
    assert "Corrige los campos marcados abajo; todavía no se guardó nada." in html
    assert "Una reunión debe terminar a una hora distinta de la de inicio." in html
    assert "A meeting must end at another time than it starts." not in html


def test_browsing_and_joining_in_portuguese(tuesday_group, charlie):
    client = speaking(charlie, "pt-br")

    page = client.get(reverse("groups:index")).content.decode()
    joined = client.post(reverse("groups:join", args=[tuesday_group.pk]))
    owner_view = speaking(tuesday_group.owner, "pt-br")
    detail = owner_view.get(reverse("groups:detail", args=[tuesday_group.pk])).content.decode()

    assert "Grupos de estudos" in page
    assert "1 grupo encontrado" in page
    assert "1 vaga aberta" in page
    assert "Study groups" not in page
    assert [str(m) for m in get_messages(joined.wsgi_request)] == [
        "Boas-vindas ao grupo Probability study group!"
    ]
    assert "Você é o dono" in detail
    assert "3 de 3 vagas ocupadas" in detail
    assert "You are the owner" not in detail


def test_a_refusal_of_a_group_verb_speaks_the_persons_language(tuesday_group, charlie, mallory):
    actions.join_group(charlie, tuesday_group)
    client = speaking(mallory, "pt-br")

    reply = client.post(reverse("groups:join", args=[tuesday_group.pk]))

    messages = [str(m) for m in get_messages(reply.wsgi_request)]
    assert messages == [
        "Probability study group acabou de lotar. "
        "Entre na lista de espera para pegar a próxima vaga."
    ]


@pytest.fixture
def live_lobby(instructor, alice, bob):
    course = course_actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Autumn 2027"
    )
    for person in (alice, bob):
        course_actions.enrol_with_code(person, course.join_code)
    session = live_actions.create_session(instructor, course, title="Week 3 workshop", start=True)
    for person in (alice, bob):
        live_actions.join_session(person, session)
    return session


def test_a_live_session_lobby_in_portuguese_for_a_student_and_spanish_for_its_host(
    live_lobby, alice, instructor
):
    student = speaking(alice, "pt-br").get(reverse("live:lobby", args=[live_lobby.pk]))
    host = speaking(instructor, "es").get(reverse("live:lobby", args=[live_lobby.pk]))

    student_html = student.content.decode()
    assert "Ao vivo" in student_html
    assert "Saguão" in student_html
    assert "Espere aqui: o anfitrião vai abrir as salas simultâneas." in student_html
    assert "Pedir ajuda" in student_html
    assert "Wait here" not in student_html
    host_html = host.content.decode()
    assert "Preparar salas" in host_html
    assert "Equilibrado: zonas horarias cercanas juntas" in host_html
    assert "Terminar la sesión" in host_html
    assert "Set up rooms" not in host_html


def test_a_live_verb_refuses_in_the_persons_language(live_lobby, instructor):
    client = speaking(instructor, "es")

    reply = client.post(
        reverse("live:open_rooms", args=[live_lobby.pk]),
        {"minutes": "10"},
        HTTP_HX_REQUEST="true",
    )

    assert reply.status_code >= 400
    assert reply.content.decode() == "Primero prepara las salas."


@pytest.mark.django_db(transaction=True)
async def test_the_live_socket_renders_each_persons_view_in_their_language(
    live_lobby, alice, bob, instructor
):
    from channels.db import database_sync_to_async

    from tests.live.test_consumers import join, state_where

    def choose_languages():
        for person, language in ((alice, "pt-br"), (bob, "es")):
            person.profile.interface_language = language
            person.profile.save(update_fields=["interface_language"])

    await database_sync_to_async(choose_languages)()
    portuguese, first_pt = await join(alice, live_lobby)
    spanish, first_es = await join(bob, live_lobby)

    assert "Espere aqui: o anfitrião vai abrir as salas simultâneas." in first_pt["html"]
    assert "Espera aquí: el anfitrión abrirá las salas de grupo." in first_es["html"]
    # One event from the host: each socket re-renders in its own person's language.
    await database_sync_to_async(live_actions.set_up_rooms)(
        instructor, live_lobby, mode="random", count=2
    )
    pt_rooms = await state_where(portuguese, lambda frame: "live-room-" in frame["html"])
    es_rooms = await state_where(spanish, lambda frame: "live-room-" in frame["html"])
    assert "(prontas, não abertas)" in pt_rooms["html"]
    assert "(listas, sin abrir)" in es_rooms["html"]
    assert "ready, not open" not in pt_rooms["html"] + es_rooms["html"]
    await portuguese.disconnect()
    await spanish.disconnect()
