"""With the cache server unreachable, pages still render, sign-in still works and its
rate limits still hold (per server process): the cache degrades, it never raises."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

import core.cache
from lounge import actions as lounge_actions
from lounge.models import Channel
from tests.factories import DEFAULT_PASSWORD

# Port 1 on this machine: a real address where nothing listens.
UNREACHABLE_REDIS_CACHE = {
    "default": {"BACKEND": "core.cache.DegradingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}
LOGIN = "/accounts/login/"


@pytest.fixture
def cache_down(monkeypatch):
    # Each test starts with the server not yet known to be down.
    monkeypatch.setattr(core.cache, "_outages", {})
    with override_settings(CACHES=UNREACHABLE_REDIS_CACHE):
        cache.clear()  # the stand-in memory of earlier tests
        yield
        cache.clear()


@pytest.fixture
def pages(alice, bob):
    channel = lounge_actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="study-tips")
    return [
        "/",
        "/courses/",
        "/groups/",
        "/lounge/",
        channel.get_absolute_url(),
        "/people/bob/",
        "/accounts/profile/",
        "/code-of-conduct/",
    ]


@pytest.mark.django_db
def test_signed_in_pages_render_while_the_cache_is_down(cache_down, alice_client, pages):
    for url in pages:
        assert alice_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_anonymous_pages_render_while_the_cache_is_down(cache_down, client):
    for url in ["/", LOGIN, "/accounts/signup/", "/code-of-conduct/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_sign_in_works_while_the_cache_is_down(cache_down, client, alice):
    response = client.post(LOGIN, {"login": alice.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert client.get("/courses/").status_code == 200


@pytest.mark.django_db
def test_failed_sign_ins_are_still_limited_while_the_cache_is_down(cache_down, alice):
    for _ in range(5):
        assert Client().post(LOGIN, {"login": alice.email, "password": "guess"}).status_code == 200

    response = Client().post(LOGIN, {"login": alice.email, "password": DEFAULT_PASSWORD})

    assert "Too many failed login attempts" in response.text


@pytest.mark.django_db
def test_the_outage_is_logged_once(cache_down, alice_client, pages, caplog):
    for url in pages:
        alice_client.get(url)

    records = caplog.get_records("setup") + caplog.get_records("call")
    warnings = [r for r in records if r.name == "core.cache" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()
