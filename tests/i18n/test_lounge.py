"""The lounge and meetups in Spanish and Brazilian Portuguese: pages, a form error, day
and month names, and what a socket sends (its error frames and a meetup's new counts)
in the language of the person on it, whoever caused it."""

from datetime import UTC, datetime, timedelta

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Profile
from lounge import actions
from lounge.meetups import actions as meetups
from lounge.models import Channel, Message
from tests.factories import UserFactory
from tests.lounge.conftest import _fresh_channel_layer  # noqa: F401 (autouse: a layer per test)
from tests.lounge.test_consumers import connect, receive_json, send
from tests.meetups.conftest import details

# Monday 7 December 2026, 18:00 UTC: "lun" in Spanish.
MONDAY_EVENING = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
PORTUGUESE_MONTHS = [
    "jan.",
    "fev.",
    "mar.",
    "abr.",
    "mai.",
    "jun.",
    "jul.",
    "ago.",
    "set.",
    "out.",
    "nov.",
    "dez.",
]


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A page request leaves its person's language active in the thread (LocaleMiddleware
    never deactivates it): the tests that follow, calling verbs directly, expect English."""
    yield
    translation.deactivate()


def speaker(language, name):
    """A person whose profile says which language Commons speaks to them."""
    person = UserFactory(username=name, display_name=name.title())
    Profile.objects.filter(user=person).update(interface_language=language)
    person.profile.refresh_from_db()
    return person


@pytest.fixture
def lucia(db):
    return speaker("es", "lucia")


@pytest.fixture
def joao(db):
    return speaker("pt-br", "joao")


@pytest.fixture
def plaza(lucia, joao):
    """#plaza, a social channel where Lucía (Spanish) and João (Portuguese) talk."""
    channel = actions.create_channel(lucia, kind=Channel.Kind.SOCIAL, name="plaza")
    actions.join_channel(joao, channel)
    return channel


def page(client, person, url):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_channel_page_in_spanish_with_spanish_day_names(client, lucia, joao, plaza):
    hello, _ = actions.post_message(joao, plaza, "Olá a todos")
    Message.objects.filter(pk=hello.pk).update(created_at=MONDAY_EVENING)
    regretted, _ = actions.post_message(joao, plaza, "<b>oops</b>")
    actions.post_message(lucia, plaza, "¿Qué pasó?", reply_to_id=regretted.pk)
    actions.delete_message(joao, regretted)

    html = page(client, lucia, plaza.get_absolute_url())

    assert ">Miembros</h2>" in html and ">Members<" not in html
    assert "Reaccionar · responder" in html and "React · reply" not in html
    assert ">Enviar</button>" in html and ">Send<" not in html
    # The deleted message's row, and the quote of it in Lucía's reply.
    assert html.count("mensaje eliminado") == 2 and "message deleted" not in html
    assert "En respuesta a" in html and "In reply to" not in html
    assert ">lun 18:00</time>" in html


def test_lounge_and_search_in_portuguese_with_a_form_error(client, joao, plaza):
    html = page(client, joao, reverse("lounge:index"))
    assert "Sala de convivência" in html and "Canais sociais" in html
    assert "Social channels" not in html

    url = reverse("lounge:search") + "?q=ola&since=2026-12-10&until=2026-12-01"
    html = page(client, joao, url)
    assert "A data final deve ser igual ou posterior à inicial." in html
    assert "The end date is on or after the start date." not in html
    assert "Buscar mensagens" in html and "Search messages" not in html


def test_meetup_page_in_portuguese_names_the_days_and_months_in_portuguese(
    client, lucia, joao, plaza
):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    until = (start + timedelta(days=21)).date()
    meetup = meetups.create_meetup(
        lucia,
        plaza,
        **details(starts_at=start, recurrence="weekly", repeat_until=until, capacity=3),
    )
    meetups.respond(joao, meetup, 0, "going")

    html = page(client, joao, meetup.get_absolute_url())

    assert "Você vem?" in html and "Are you coming?" not in html
    assert "Você respondeu:" in html and "<strong>vou</strong>" in html
    assert "1 vai" in html and "de 3 vagas" in html
    last_day = f"{until.day} de {PORTUGUESE_MONTHS[until.month - 1]} de {until.year}"
    assert "Repete toda semana" in html and f"até {last_day}." in html
    assert "60 minutos" in html and "minutes" not in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Spanish groups thousands with a no-break space (Django's es formats).
        ("es", "Los mensajes pueden tener como máximo 4\xa0000 caracteres; este tiene 4\xa0001."),
        ("pt-br", "As mensagens podem ter no máximo 4.000 caracteres; esta tem 4.001."),
    ],
)
async def test_socket_error_frames_speak_their_persons_language(language, expected):
    def setup():
        person = speaker(language, "writer")
        return person, actions.create_channel(person, kind=Channel.Kind.SOCIAL, name="words")

    person, channel = await database_sync_to_async(setup)()
    ws, _ = await connect(person, channel)
    await send(ws, type="post", body="x" * 4001, client_id="long")
    error = await receive_json(ws, "error")
    assert error["code"] == "too_long" and error["message"] == expected
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_meetups_new_counts_reach_each_page_in_its_own_language():
    def setup():
        lucia, joao = speaker("es", "lucia"), speaker("pt-br", "joao")
        channel = actions.create_channel(lucia, kind=Channel.Kind.SOCIAL, name="plaza")
        actions.join_channel(joao, channel)
        meetup = meetups.create_meetup(lucia, channel, **details(capacity=2))
        return lucia, joao, channel, meetup

    lucia, joao, channel, meetup = await database_sync_to_async(setup)()
    lucia_ws, _ = await connect(lucia, channel)
    joao_ws, _ = await connect(joao, channel)

    # João answers, so his own language is not the one everyone hears.
    await database_sync_to_async(meetups.respond)(joao, meetup, 0, "going")

    in_spanish = (await receive_json(lucia_ws, "swap"))["html"]
    in_portuguese = (await receive_json(joao_ws, "swap"))["html"]
    assert "1 va" in in_spanish and "de 2 plazas" in in_spanish
    assert "1 vai" in in_portuguese and "de 2 vagas" in in_portuguese
    assert "going" not in in_spanish + in_portuguese
    await lucia_ws.disconnect()
    await joao_ws.disconnect()
