"""Accounts in the reader's language: the profile pages, the site frame, notifications
and the emails about them, in Spanish and Brazilian Portuguese, with day and month
names that follow the language."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from channels.db import database_sync_to_async
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts import demo
from accounts.actions import notify
from accounts.emails import send_due_emails, unsubscribe_token
from accounts.models import Language, Notification, Profile
from tests.conftest import requires_redis
from tests.factories import UserFactory
from tests.lounge.test_consumers import open_socket, receive


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request leaves its person's language active in this thread; the tests that
    follow expect the default language."""
    yield
    translation.deactivate()


def speaking(user, language):
    user.profile.interface_language = language
    user.profile.save(update_fields=["interface_language"])
    return user


def test_profile_edit_in_spanish_with_a_field_error(client, alice):
    client.force_login(speaking(alice, "es"))

    page = client.get(reverse("accounts:profile_edit")).content.decode()
    assert "Edita tu perfil" in page and "Edit your profile" not in page
    assert "Idioma de Commons" in page and "Alto contraste" in page  # the new fields
    assert "Sala común" in page and "Cerrar sesión" in page  # the frame: nav, user menu
    assert "Sign out" not in page

    refused = client.post(
        reverse("accounts:profile_edit"),
        {"time_zone": "Mars/Olympus_Mons", "contrast": "auto", "interface_language": "es"},
    ).content.decode()
    assert "No conocemos la zona horaria “Mars/Olympus_Mons”" in refused
    assert "Corrige los campos marcados abajo" in refused
    assert "is not a time zone we know" not in refused


def test_a_profile_in_portuguese_names_the_day_and_month_in_portuguese(client, alice, bob):
    bob.date_joined = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)  # a Tuesday
    bob.save(update_fields=["date_joined"])
    bob.profile.languages.set([Language.objects.get(code="ja")])
    client.force_login(speaking(alice, "pt-br"))

    page = client.get(reverse("people:detail", args=[bob.username])).content.decode()
    assert "entrou em" in page and "ter., 3 de mar. de 2026" in page
    assert "Enviar uma mensagem" in page and "Tempo livre em comum" in page
    assert "Convivência" in page and "Sua semana" in page
    assert "<li>Japonês</li>" in page  # the languages a person speaks, named in Portuguese
    assert "Send a message" not in page and "Tue 3 Mar 2026" not in page
    # Bob's weekday today, in Portuguese ("segunda-feira" … "domingo").
    assert any(
        day in page
        for day in ("feira", "sábado", "domingo")  # every weekday name ends one of these ways
    )


def test_a_visitor_gets_the_frame_in_the_browsers_language(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").content
    page = page.decode()
    assert '<html lang="pt-br"' in page
    assert "Criar conta no Commons" in page and "Pular para o conteúdo principal" in page
    assert "Join Commons" not in page


def test_notifications_are_put_into_words_in_the_readers_language(client, alice, mallory):
    mallory.profile.display_name = "<b>Mal</b>"
    mallory.profile.save()
    notify(alice, "invitation", actor=mallory, group="<i>Stats</i>", url="/groups/")
    notify(alice, "review_assigned", assignment="Essay", count=1)
    client.force_login(speaking(alice, "es"))

    page = client.get(reverse("notifications:index")).content.decode()
    assert "&lt;b&gt;Mal&lt;/b&gt; te invitó al grupo de estudio &lt;i&gt;Stats&lt;/i&gt;" in page
    assert "Tienes 1 revisión entre pares por escribir para “Essay”." in page
    assert "Marcar todas como leídas" in page
    assert "invited you" not in page and "<b>Mal</b>" not in page


@pytest.mark.django_db
def test_each_email_is_written_in_its_recipients_language(alice):
    start = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)  # a Tuesday in March
    readers = {
        "es": speaking(UserFactory(username="sofia", time_zone="America/Mexico_City"), "es"),
        "pt-br": speaking(UserFactory(username="joao", time_zone="America/Sao_Paulo"), "pt-br"),
        "en": UserFactory(username="emma", time_zone="Europe/London"),
    }
    for reader in readers.values():
        notice = notify(reader, "invitation", actor=alice, group="Stats club", url="/groups/")
        Notification.objects.filter(pk=notice.pk).update(created_at=start)

    # Whatever language the job runs in, each person reads their own.
    with translation.override("pt-br"):
        assert send_due_emails(start + timedelta(hours=1)) == 3
    emails = {email.to[0]: email for email in mail.outbox}

    spanish = emails[readers["es"].email]
    assert "Alice Ames te invitó al grupo de estudio Stats club." in spanish.subject
    assert "Hola, " in spanish.body and "Configuración de correo" in spanish.body
    assert "mar, 3 mar, 06:00" in spanish.body  # 12:00 UTC in Mexico City, Spanish names
    assert '<html lang="es">' in spanish.alternatives[0][0]

    portuguese = emails[readers["pt-br"].email]
    assert "Alice Ames convidou você para o grupo de estudos Stats club." in portuguese.subject
    assert "Configurações de e-mail" in portuguese.body
    assert "ter., 3 de mar., 09:00" in portuguese.body
    assert "Parar de receber e-mails sobre" in portuguese.alternatives[0][0]

    english = emails[readers["en"].email]
    assert "Alice Ames invited you to the study group Stats club." in english.subject
    assert "Email settings" in english.body and "Tue 3 Mar 12:00" in english.body


def test_the_unsubscribe_page_speaks_the_language_of_the_email(client, bob):
    # Opened from the email on any browser, signed in or not.
    token = unsubscribe_token(speaking(bob, "pt-br"), ["invitation"])
    page = client.get(
        reverse("notifications:unsubscribe", args=[token]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Parar de receber e-mails sobre Convites para grupos?" in page
    assert "Stop email about" not in page


@requires_redis
@pytest.mark.django_db(transaction=True)
async def test_the_live_bell_speaks_each_sockets_language(alice, bob):
    await database_sync_to_async(speaking)(bob, "pt-br")
    bob_ws, connected, _ = await open_socket(bob, "/ws/me/")
    assert connected

    # Sent while Spanish is active (the sender's request): Bob still reads Portuguese.
    def send_in_spanish():
        with translation.override("es"):
            notify(bob, "dm", actor=alice, preview="oi", url="/lounge/")

    await database_sync_to_async(send_in_spanish)()
    frames = []
    while not any(frame["type"] == "notification" for frame in frames):
        frames.append(await receive(bob_ws))
    [badge] = [f for f in frames if f["type"] == "swap" and "notification-badge" in f["html"]]
    assert '>1<span class="visually-hidden"> notificação não lida</span>' in badge["html"]
    [offer] = [f for f in frames if f["type"] == "notification"]
    assert offer["text"] == "Alice Ames enviou uma mensagem para você: “oi”"
    await bob_ws.disconnect()


def test_the_week_painters_reply_counts_hours_in_spanish(client, alice):
    client.force_login(speaking(alice, "es"))
    reply = client.post(
        reverse("accounts:availability_week"),
        {"free": ["0-9"], "tool": "save"},
        HTTP_ACCEPT="application/json",
    ).json()
    assert reply["summary"] == "Estás libre 1 hora a la semana."
    refused = client.post(
        reverse("accounts:availability_week"), {"free": ["9-99"]}, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == "Esa hora no está en la semana."


def test_some_demo_students_read_commons_in_spanish_or_portuguese(db):
    demo.seed(random.Random(1))
    languages = dict(
        Profile.objects.exclude(interface_language="").values_list(
            "user__username", "interface_language"
        )
    )
    assert languages["ana"] == "pt-br" and languages["mateo"] == "es"
    assert set(languages.values()) == {"es", "pt-br"}
