"""Which language Commons speaks: chosen per person, preset from the browser at signup,
switched in the footer without changing any URL; dates named in that language; the
high-contrast option and the accessibility statement."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Profile
from accounts.templatetags.commons_time import local_time, weekday_name
from accounts.timezones import get_zone
from core.consumers import socket_language
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_a_visitor_reads_their_browser_language(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert html_lang(response) == "pt-br"
    assert response["Content-Language"] == "pt-br"


def test_a_language_commons_does_not_speak_falls_back_to_english(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert html_lang(response) == "en"


def test_the_switcher_keeps_the_visitor_on_the_same_address(client):
    page = reverse("accessibility")
    response = client.post(
        reverse("set_language"), {"language": "es"}, HTTP_REFERER=f"http://testserver{page}"
    )
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{page}"
    assert response.cookies[LANGUAGE_COOKIE].value == "es"
    # The cookie outweighs the browser's own preference, and the address has no prefix.
    again = client.get(page, HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert html_lang(again) == "es"


def test_the_switcher_ignores_a_language_commons_does_not_have(client, alice):
    client.force_login(alice)
    response = client.post(reverse("set_language"), {"language": "xx-evil"})
    assert response.status_code == 302
    assert LANGUAGE_COOKIE not in response.cookies
    alice.profile.refresh_from_db()
    assert alice.profile.interface_language == ""


def test_the_switcher_needs_a_post(client):
    assert client.get(reverse("set_language"), {"language": "es"}).status_code == 405


def test_signed_in_the_switcher_saves_the_choice_for_every_device(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "pt-br"})
    alice.profile.refresh_from_db()
    assert alice.profile.interface_language == "pt-br"
    other_device = type(client)()
    other_device.force_login(alice)
    # A browser that prefers English, and no language cookie: the profile decides.
    response = other_device.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert html_lang(response) == "pt-br"


def test_signup_presets_the_language_from_the_browser(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "lucia@example.org",
            "password1": "a-long-and-unusual-passphrase-42",
            "password2": "a-long-and-unusual-passphrase-42",
            "display_name": "Lucía",
            "time_zone": "America/Mexico_City",
            "accept_code_of_conduct": "on",
        },
        HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.4",
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user__emailaddress__email="lucia@example.org")
    assert profile.interface_language == "es"


def _profile_data(user, **changes):
    profile = user.profile
    data = {
        "display_name": profile.display_name,
        "pronouns": "",
        "time_zone": profile.time_zone,
        "interests": "",
        "bio": "",
        "contrast": "auto",
        "interface_language": "",
    }
    data.update(changes)
    return data


def test_the_profile_saves_the_language_and_remembers_it_when_signed_out(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile_edit"), _profile_data(alice, interface_language="es")
    )
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.interface_language == "es"
    assert response.cookies[LANGUAGE_COOKIE].value == "es"
    client.post(reverse("account_logout"))
    assert html_lang(client.get(reverse("account_login"))) == "es"


def test_the_profile_refuses_an_unknown_language_and_keeps_the_old_one(client, alice):
    Profile.objects.filter(user=alice).update(interface_language="pt-br")
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile_edit"),
        _profile_data(alice, interface_language="<script>", display_name="Changed"),
    )
    assert response.status_code == 400
    assert "interface_language" in response.context["form"].errors
    alice.profile.refresh_from_db()
    assert alice.profile.interface_language == "pt-br"
    assert alice.profile.display_name == "Alice Ames"


WHEN = datetime(2026, 3, 3, 22, 0, tzinfo=UTC)  # Tuesday 19:00 in São Paulo


@pytest.mark.parametrize(
    ("language", "day"),
    [("en", "Tue"), ("es", "mar"), ("pt-br", "ter.")],
)
def test_dates_are_named_in_the_language_and_the_zone(language, day):
    with translation.override(language), timezone.override(get_zone("America/Sao_Paulo")):
        text = str(local_time(WHEN))
    assert f">{day}" in text
    assert "19:00 America/Sao_Paulo" in text


def test_whole_day_names_follow_the_language():
    friday = datetime(2026, 3, 6, 12, 0, tzinfo=UTC)
    for language, name in [("en", "Friday"), ("es", "viernes"), ("pt-br", "sexta-feira")]:
        with translation.override(language):
            assert weekday_name(friday) == name


def test_a_socket_speaks_the_persons_language_then_the_browsers():
    chooser = UserFactory.build()
    chooser.profile = Profile(interface_language="es")
    browser_only = UserFactory.build()
    browser_only.profile = Profile()
    headers = [(b"accept-language", b"pt-BR,pt;q=0.9")]
    assert socket_language({"headers": headers}, chooser) == "es"
    assert socket_language({"headers": headers}, browser_only) == "pt-br"
    cookie = {"headers": [*headers, (b"cookie", f"{LANGUAGE_COOKIE}=es".encode())]}
    assert socket_language(cookie, browser_only) == "es"
    assert socket_language({"headers": []}, browser_only) == "en"


def _contrast_link(response):
    return re.search(r"<link[^>]*contrast\.css[^>]*>", response.content.decode()).group(0)


def test_high_contrast_follows_the_device_unless_chosen(client, alice):
    client.force_login(alice)
    assert 'media="(prefers-contrast: more)"' in _contrast_link(client.get(reverse("home")))
    Profile.objects.filter(user=alice).update(contrast="more")
    assert "media=" not in _contrast_link(client.get(reverse("home")))


def test_the_accessibility_statement_is_public_and_linked_from_every_page(client, alice):
    statement = client.get(reverse("accessibility"))
    assert statement.status_code == 200
    text = statement.content.decode()
    assert "WCAG" in text and "2.2" in text
    assert "Report a barrier" in text
    client.force_login(alice)
    assert f'href="{reverse("accessibility")}"' in client.get(reverse("home")).content.decode()


PHYSICAL_SIDES = re.compile(
    r"(?<![\w-])(margin|padding|border)-(left|right)\b|(?<![\w-])(left|right)\s*:"
    r"|text-align:\s*(left|right)|float:\s*(left|right)"
)


def test_stylesheets_use_logical_sides_so_right_to_left_needs_no_layout_work():
    """margin-inline-start rather than margin-left, and so on: a right-to-left
    language then mirrors every layout by itself."""
    stylesheets = sorted((settings.BASE_DIR / "static" / "css").glob("*.css"))
    assert stylesheets
    physical = [
        f"{sheet.name}:{number}: {line.strip()}"
        for sheet in stylesheets
        for number, line in enumerate(sheet.read_text().splitlines(), 1)
        if PHYSICAL_SIDES.search(line)
    ]
    assert not physical, "\n".join(physical)


def test_the_switcher_never_sends_anyone_to_another_site(client):
    response = client.post(
        reverse("set_language"),
        {"language": "es", "next": "https://evil.example/"},
        HTTP_REFERER="https://evil.example/phish",
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
