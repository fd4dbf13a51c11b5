"""With Redis unreachable, pages still load, messages are still saved over HTTP, and
sockets are refused cleanly (the browser retries and says live updates are paused)."""

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from config.asgi import application
from lounge.models import Message
from tests.lounge.test_consumers import _session_cookie

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [DEAD_REDIS]},
        }
    }
    settings.LOUNGE_PRESENCE_REDIS_URL = DEAD_REDIS
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.mark.django_db
def test_pages_load_and_posts_are_saved(redis_down, client, bob, social, alice):
    client.force_login(bob)
    response = client.post(
        reverse("lounge:message_post", args=[social.slug]),
        {"body": "still works", "client_id": "z"},
    )
    assert response.status_code == 302
    assert Message.objects.get().body == "still works"
    page = client.get(social.get_absolute_url())
    assert page.status_code == 200
    assert b"still works" in page.content
    assert b"Live updates are paused" in page.content  # shown by the script on socket close
    assert client.get(reverse("lounge:index")).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["core", "pubsub"])
@pytest.mark.parametrize("path", ["/ws/me/", "/ws/me/channels/{channel}/"])
async def test_socket_is_refused_without_crashing(
    redis_down, settings, caplog, social, alice, backend, path
):
    """Refused cleanly with a close, one warning and no traceback, with either
    channels-redis layer (the pub/sub one touches Redis before the consumer runs)."""
    from channels.db import database_sync_to_async
    from django.conf import settings as django_settings

    settings.CHANNEL_LAYERS["default"]["BACKEND"] = {
        "core": "channels_redis.core.RedisChannelLayer",
        "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    }[backend]
    channel_layers.backends = {}
    cookie = await database_sync_to_async(_session_cookie)(alice)
    communicator = WebsocketCommunicator(
        application,
        path.format(channel=social.pk),
        headers=[
            (b"origin", b"http://localhost"),
            (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    connected, code = await communicator.connect(timeout=10)
    assert not connected
    assert code == 1011
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert not [r for r in caplog.records if r.exc_info]
