"""Courses, home and the front pages in the reader's language: the home page and its
dates, course forms and their refusals, messages after a verb, countdowns and the
error pages, in Spanish and Brazilian Portuguese."""

import re
from datetime import timedelta

import pytest
from babel.dates import get_month_names
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Profile
from accounts.timezones import get_zone
from courses import actions
from courses.models import Course
from courses.templatetags.teamwork import time_left
from tests.core.test_uploads import refused_over_asgi

pytestmark = pytest.mark.django_db


def speaks(user, language):
    Profile.objects.filter(user=user).update(interface_language=language)
    user.profile.refresh_from_db()
    return user


@pytest.fixture
def course(instructor):
    return actions.create_course(
        instructor, title="Statistics", code="STAT101", term="Spring 2027", description=""
    )


def test_a_spanish_speaking_student_reads_the_home_page_and_its_date_in_spanish(client, alice):
    client.force_login(speaks(alice, "es"))
    page = client.get(reverse("home")).content.decode()
    assert "Te damos la bienvenida, Alice Ames" in page
    assert "Únete a tu curso" in page
    assert "Código de acceso" in page
    assert "Novedades para ti" in page
    today = timezone.localtime(timezone.now(), get_zone(alice.profile.time_zone))
    shown_date = re.findall(r"<time [^>]*>([^<]+)</time>", page)[1]
    assert get_month_names("abbreviated", locale="es")[today.month] in shown_date
    assert get_month_names("abbreviated", locale="en")[today.month] not in shown_date
    for english in ("Welcome", "Join your course", "News for you", "Your next meetups"):
        assert english not in page


def test_a_wrong_join_code_is_refused_in_spanish(client, alice, course):
    client.force_login(speaks(alice, "es"))
    response = client.post(reverse("courses:join"), {"join_code": "<b>NOPE</b>"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ese código de acceso no corresponde a ningún curso." in page
    assert "does not match any course" not in page
    assert "<b>NOPE</b>" not in page


def test_joining_a_course_is_confirmed_in_portuguese(client, alice, course):
    client.force_login(speaks(alice, "pt-br"))
    response = client.post(reverse("courses:join"), {"join_code": course.join_code}, follow=True)
    page = response.content.decode()
    assert "Você está em STAT101. Diga olá!" in page
    assert "You are in STAT101" not in page


def test_an_instructor_creating_a_course_with_a_taken_code_reads_the_error_in_portuguese(
    client, instructor, course
):
    client.force_login(speaks(instructor, "pt-br"))
    response = client.post(
        reverse("courses:create"),
        {"title": "Outra", "code": "stat101", "term": "2027.1", "description": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Já existe um curso com este código." in page
    assert "Letras, dígitos e hifens" in page
    assert "already exists" not in page
    assert Course.objects.count() == 1


def test_a_verb_refuses_in_the_language_active_when_it_runs(alice, course):
    with translation.override("es"), pytest.raises(actions.CourseError) as refused:
        actions.enrol_with_code(alice, "ZZZZZZZZ")
    assert str(refused.value).startswith("Ese código de acceso no corresponde")
    with translation.override("pt-br"):
        assert str(actions.NotAllowed()) == "Você não pode fazer isso aqui."


def test_countdowns_read_in_the_active_language():
    now = timezone.now()
    with translation.override("es"):
        assert (
            time_left(now + timedelta(days=4, hours=7, minutes=30), now) == "quedan 4 días 7 horas"
        )
        assert time_left(now + timedelta(minutes=1), now) == "quedan 1 minuto"
    with translation.override("pt-br"):
        assert time_left(now + timedelta(hours=1, minutes=5), now) == "faltam 1 hora 5 minutos"


def test_a_visitor_reads_the_landing_and_missing_pages_in_their_browser_language(client):
    landing = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").content.decode()
    assert "O corredor que falta no seu curso online." in landing
    assert "Criar conta no Commons" in landing
    assert "The hallway" not in landing
    missing = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert missing.status_code == 404
    assert "Página no encontrada" in missing.content.decode()
    assert "Page not found" not in missing.content.decode()


@pytest.mark.django_db(transaction=True)
async def test_an_upload_refused_before_any_middleware_speaks_the_browser_language():
    status, text = await refused_over_asgi(
        "/courses/workspaces/1/files/",
        [
            (b"content-type", b"multipart/form-data; boundary=x"),
            (b"content-length", str(200 * 1024 * 1024).encode()),
            (b"accept-language", b"es-AR,es;q=0.9,en;q=0.5"),
        ],
    )
    assert status == 413
    assert text == "Este archivo es demasiado grande: los archivos pueden pesar como máximo 10 MB."
