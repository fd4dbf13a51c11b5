"""Mentorship and coffee chats in Spanish and Brazilian Portuguese: pages, refusals,
why two people fit, partners' clocks, icebreakers and round progress follow the
reader's language; day names follow it too. Needs compiled catalogues
(scripts/compile-messages, as ./test does)."""

from datetime import timedelta
from html import unescape

import pytest
from babel.dates import format_date, format_datetime
from django.test import Client
from django.utils import timezone

from accounts.actions import set_free_hours
from mentorship import actions, pair_actions, rounds
from mentorship.coffee import actions as coffee
from mentorship.coffee.icebreakers import ICEBREAKERS

pytestmark = pytest.mark.django_db

# Tue–Thu 19:00–21:00 in Berlin is 13:00–15:00 in New York.
BERLIN_EVENINGS = [(day, hour) for day in (1, 2, 3) for hour in (19, 20)]
NEW_YORK_AFTERNOONS = [(day, hour) for day in (1, 2, 3) for hour in (13, 14)]


def speaking(person, language):
    person.profile.interface_language = language
    person.profile.save(update_fields=["interface_language"])
    client = Client()
    client.force_login(person)
    return client


def page_text(response, status=200):
    assert response.status_code == status
    return unescape(response.content.decode())


@pytest.fixture
def programme(instructor):
    today = timezone.now().date()
    return actions.create_programme(
        instructor,
        name="Newcomer mentoring",
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=60),
    )


@pytest.fixture
def pair(programme, instructor, alice, bob):
    """alice (Berlin) mentors bob (New York); both speak Portuguese."""
    set_free_hours(alice, BERLIN_EVENINGS)
    set_free_hours(bob, NEW_YORK_AFTERNOONS)
    profile = actions.opt_in_as_mentor(
        alice, programme, capacity=2, topics=["statistics"], languages=["pt", "en"]
    )
    actions.approve_mentor(instructor, profile)
    actions.opt_in_as_mentee(bob, programme, topics=["statistics"], languages=["pt"])
    request = actions.request_mentor(bob, programme, alice, message="Olá!")
    actions.answer_request(alice, request, accept=True)
    return programme.pairs.get()


def test_a_mentee_reads_the_pair_page_in_spanish_with_spanish_day_names(pair, bob):
    met_on = timezone.localtime(timezone.now(), bob.profile.zone).date()
    pair_actions.record_meeting(bob, pair, met_on)
    page = page_text(speaking(bob, "es").get(pair.get_absolute_url()))
    assert "Alice Ames es tu mentor" in page
    assert "Por qué los emparejamos" in page and "Objetivos" in page
    # Why they fit, built in Python: the language's own name, in Spanish.
    assert "ambos hablan portugués" in page and "tema en común: statistics" in page
    assert "Se encontraron 1 vez; la última, el" in page
    assert format_date(met_on, "EEE, d MMM", locale="es") in page
    for english in ("Why you were matched", "mentors you", "speak Portuguese", "Met 1 time"):
        assert english not in page
    assert format_date(met_on, "EEE d MMM", locale="en") not in page


def test_a_refusal_and_the_programme_page_speak_spanish(pair, programme, charlie):
    client = speaking(charlie, "es")
    actions.opt_in_as_mentee(charlie, programme, languages=["pt"])
    hostile = "<script>alert(1)</script>" * 500
    response = client.post(
        f"/mentorship/{programme.pk}/ask/{pair.mentor_id}/", {"message": hostile}, follow=True
    )
    page = page_text(response)
    assert "El mensaje debe tener menos de 1000 caracteres." in page
    assert "<script>alert(1)" not in response.content.decode()
    assert "Mentores para ti" in page and "Lo que busco" in page
    assert "Keep the message under" not in page and "Mentors for you" not in page


def test_the_organiser_reads_the_running_round_in_spanish(programme, instructor):
    running = rounds.start_matching_round(instructor, programme)
    page = page_text(speaking(instructor, "es").get(f"/mentorship/{programme.pk}/organise/"))
    assert "En curso: Esperando al proceso en segundo plano" in page
    assert running.step == "Waiting for the worker"  # stored once, read in each language
    assert "Ronda de emparejamiento" in page and "Waiting for the worker" not in page


@pytest.fixture
def coffee_chat(moderator, alice, bob):
    set_free_hours(alice, BERLIN_EVENINGS)
    set_free_hours(bob, NEW_YORK_AFTERNOONS)
    series = coffee.create_series(
        moderator, name="Community coffee", first_round_at=timezone.now() + timedelta(days=1)
    )
    coffee.join_series(alice, series)
    coffee.join_series(bob, series)
    return coffee.run_round(moderator, series).pairings.get()


def test_a_coffee_chat_reads_in_brazilian_portuguese(coffee_chat, bob, alice):
    page = page_text(speaking(bob, "pt-br").get(coffee_chat.get_absolute_url()))
    assert "Café virtual com Alice Ames" in page and "Para quebrar o gelo:" in page
    assert "Vocês se encontraram?" in page and "Não nos encontramos" in page
    # The icebreaker is stored in English and read in each partner's language.
    assert coffee_chat.icebreaker in ICEBREAKERS and coffee_chat.icebreaker not in page
    # The partner's own clock, with a Portuguese day name.
    first = timezone.datetime.fromisoformat(coffee_chat.suggested_times[0])
    theirs = format_datetime(first.astimezone(alice.profile.zone), "EEE HH:mm", locale="pt_BR")
    assert f"{theirs} para Alice Ames" in page
    for english in ("Coffee chat with", "Icebreaker:", "Did you meet?", "We didn't meet"):
        assert english not in page


def test_a_coffee_refusal_reads_in_brazilian_portuguese(coffee_chat, bob):
    client = speaking(bob, "pt-br")
    series = coffee_chat.round.series
    response = client.post(
        "/mentorship/coffee/avoid/", {"series": series.pk, "handle": "<b>nobody</b>"}
    )
    page = page_text(response, status=400)
    assert "Ninguém no Commons tem esse nome de usuário." in page
    assert "Não formar par com" in page and "Pares anteriores" in page
    assert "Nobody on Commons has that handle." not in page
