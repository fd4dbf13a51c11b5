"""Two ASGI server processes sharing one Redis: a message posted through one reaches a
client connected to the other."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from tests.conftest import REDIS_URL, requires_redis
from tests.lounge.test_consumers import _session_cookie

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [requires_redis, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers():
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL shared between processes")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 20
        for port in ports:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("servers did not start")
                    time.sleep(0.2)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


async def _open(port, cookie, channel):
    import websockets

    return await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/me/channels/{channel.pk}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"},
    )


async def _next_html(ws):
    """The HTML of the next message row to arrive."""
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
        if frame["type"] == "message":
            return frame["html"]


async def test_message_crosses_server_processes(two_servers, social, alice, bob):
    port_a, port_b = two_servers
    alice_cookie = await sync_to_async(_session_cookie)(alice)
    bob_cookie = await sync_to_async(_session_cookie)(bob)
    bob_ws = await _open(port_b, bob_cookie, social)
    alice_ws = await _open(port_a, alice_cookie, social)
    try:
        await alice_ws.send(
            json.dumps({"type": "post", "body": "across processes", "client_id": "x1"})
        )
        html = await _next_html(bob_ws)
        assert "across processes" in html and 'data-seq="1"' in html
    finally:
        await alice_ws.close()
        await bob_ws.close()
