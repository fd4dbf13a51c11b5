"""Websocket handshakes are accepted only from the configured origins, scheme included:
on the https site a page of our own host over plain http (which anyone on the network
path can forge) may not open a socket with the visitor's cookies."""

import ast

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from config.asgi import application
from config.routing import UNKNOWN_PATH_CLOSE_CODE
from tests.config.test_deploy_check import _manage

HTTPS_SITE = override_settings(
    ALLOWED_HOSTS=["commons.example.org"],
    WEBSOCKET_ALLOWED_ORIGINS=["https://commons.example.org"],
)


async def _handshake(origin):
    """True when the origin check let the handshake through to routing."""
    communicator = WebsocketCommunicator(
        application,
        "/ws/no-such-socket/",
        headers=[(b"origin", origin), (b"host", b"commons.example.org")],
    )
    connected, close_code = await communicator.connect()
    await communicator.disconnect()
    assert not connected  # no socket lives at that path either way
    return close_code == UNKNOWN_PATH_CLOSE_CODE


@pytest.mark.django_db(transaction=True)
@HTTPS_SITE
async def test_the_configured_https_origin_is_accepted():
    assert await _handshake(b"https://commons.example.org")


@pytest.mark.django_db(transaction=True)
@HTTPS_SITE
@pytest.mark.parametrize(
    "origin",
    [
        b"http://commons.example.org",
        b"https://commons.example.org:8443",
        b"https://evil.example",
        b"null",
    ],
)
async def test_other_origins_are_refused_on_the_https_site(origin):
    assert not await _handshake(origin)


@pytest.mark.django_db(transaction=True)
@override_settings(ALLOWED_HOSTS=["commons.example.org"], WEBSOCKET_ALLOWED_ORIGINS=[])
@pytest.mark.parametrize("origin", [b"http://commons.example.org", b"https://commons.example.org"])
async def test_without_configured_origins_any_scheme_of_an_allowed_host_is_accepted(origin):
    """Local use: the allowed hosts, over http or https."""
    assert await _handshake(origin)


def test_production_allows_https_origins_of_its_hosts_by_default():
    code = "from django.conf import settings; print(settings.WEBSOCKET_ALLOWED_ORIGINS)"

    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        ALLOWED_HOSTS="commons.example.org,.campus.example",
        WEBSOCKET_ALLOWED_ORIGINS=None,
    )

    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout.strip()) == [
        "https://commons.example.org",
        "https://.campus.example",
    ]
