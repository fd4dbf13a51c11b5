"""The ASGI application: HTTP through Django, websockets only from our own origin and
only on paths an app routes."""

import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from config.asgi import application
from config.routing import UNKNOWN_PATH_CLOSE_CODE

OWN_ORIGIN = [(b"origin", b"http://localhost")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/ws/no-such-socket/", "/ws/", "/not-ws/at-all/"])
async def test_unknown_websocket_path_is_refused(path):
    communicator = WebsocketCommunicator(application, path, headers=OWN_ORIGIN)

    connected, close_code = await communicator.connect()

    assert not connected
    assert close_code == UNKNOWN_PATH_CLOSE_CODE
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "origin",
    [
        b"http://evil.example",
        b"https://commons.example.org.evil.example",
        b"http://localhost.evil.example",
        b"null",
    ],
)
async def test_foreign_origin_is_refused(origin):
    communicator = WebsocketCommunicator(
        application, "/ws/no-such-socket/", headers=[(b"origin", origin)]
    )

    connected, close_code = await communicator.connect()

    assert not connected
    # Refused by the origin check before routing, so not the unknown-path code.
    assert close_code != UNKNOWN_PATH_CLOSE_CODE
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_missing_origin_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/no-such-socket/")

    connected, close_code = await communicator.connect()

    assert not connected
    assert close_code != UNKNOWN_PATH_CLOSE_CODE
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_http_goes_through_django():
    communicator = HttpCommunicator(
        application, "GET", "/healthz", headers=[(b"host", b"localhost")]
    )

    response = await communicator.get_response()

    assert response["status"] == 200
    assert b'"status": "ok"' in response["body"]


@pytest.mark.django_db(transaction=True)
async def test_http_keeps_django_middleware():
    communicator = HttpCommunicator(
        application, "GET", "/courses/", headers=[(b"host", b"localhost")]
    )

    response = await communicator.get_response()

    headers = dict(response["headers"])
    assert response["status"] == 302
    assert headers[b"Location"].startswith(b"/accounts/login/")
