"""/healthz: checks the real database and channel layer, says which one is down."""

import socket
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from channels.layers import channel_layers
from django.db import connection

from home import views
from tests.conftest import requires_redis

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        # Port 1 on this machine: a real server address where nothing listens.
        "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
    }
}


@pytest.fixture
def fresh_channel_layers():
    """Channels caches layer instances: start and end each test without them."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.mark.django_db
def test_healthz_is_ok_on_the_configured_database_and_layer(client, fresh_channel_layers):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
        "task_queue": {"oldest_due_seconds": None},
    }
    assert "no-cache" in response["Cache-Control"]


@requires_redis
@pytest.mark.django_db
def test_healthz_uses_redis_when_it_is_configured(client, settings, fresh_channel_layers):
    """In CI the configured layer is Redis: the round trip really goes through it."""
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis.")

    assert client.get("/healthz").json()["checks"]["channel_layer"] == "ok"


@pytest.mark.django_db
def test_healthz_is_public_and_ignores_a_signed_in_session(client, alice_client):
    assert client.get("/healthz").status_code == 200
    assert alice_client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_is_503_when_the_channel_layer_is_unreachable(
    client, settings, fresh_channel_layers
):
    settings.CHANNEL_LAYERS = UNREACHABLE_REDIS
    channel_layers.backends.clear()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "channel_layer": "unavailable"},
        "task_queue": {"oldest_due_seconds": None},
    }


@contextmanager
def database_down():
    """Points the default connection at a closed port (SQLite: an unopenable file)."""
    original = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/commons.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=1)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_is_unreachable(client, fresh_channel_layers):
    with database_down():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "channel_layer": "ok"},
        "task_queue": {"oldest_due_seconds": None},
    }
    # Back on the real database the check recovers by itself.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers: a hung Redis."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


@pytest.mark.django_db
def test_healthz_gives_up_on_a_hung_channel_layer(
    client, settings, monkeypatch, silent_server, fresh_channel_layers
):
    monkeypatch.setattr(views, "HEALTH_CHECK_TIMEOUT_SECONDS", 0.5)
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [f"redis://127.0.0.1:{silent_server}/0"]},
        }
    }
    channel_layers.backends.clear()
    started = time.monotonic()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "channel_layer": "unavailable"}
    assert time.monotonic() - started < 5


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_task(minutes_ago, run_after=None):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from home.tasks import run_schedules

    task = run_schedules.using(run_after=run_after) if run_after else run_schedules
    result = task.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return result


@pytest.mark.django_db
def test_healthz_reports_the_age_of_the_oldest_due_task(client, database_queue, settings):
    settings.TASK_QUEUE_MAX_AGE_SECONDS = 300
    queued_task(minutes_ago=2)
    queued_task(minutes_ago=1)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"] == "ok"
    assert 119 <= response.json()["task_queue"]["oldest_due_seconds"] <= 125


@pytest.mark.django_db
def test_healthz_is_503_when_the_oldest_due_task_waited_past_the_threshold(
    client, database_queue, settings
):
    settings.TASK_QUEUE_MAX_AGE_SECONDS = 300
    queued_task(minutes_ago=6)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "channel_layer": "ok",
        "task_queue": "stalled",
    }


@pytest.mark.django_db
def test_healthz_counts_a_deferred_task_from_when_it_fell_due(client, database_queue):
    from django.utils import timezone

    now = timezone.now()
    queued_task(minutes_ago=60, run_after=now + timedelta(hours=1))  # not due yet
    queued_task(minutes_ago=60, run_after=now - timedelta(seconds=30))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert 29 <= response.json()["task_queue"]["oldest_due_seconds"] <= 40


@pytest.mark.django_db
def test_healthz_reports_an_empty_queue_as_zero(client, database_queue):
    assert client.get("/healthz").json()["task_queue"] == {"oldest_due_seconds": 0}
