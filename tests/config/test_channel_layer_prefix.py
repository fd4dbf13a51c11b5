"""Deployments (and test runs) that share one Redis keep their channel-layer events
apart: pub/sub ignores Redis database numbers, the layer's prefix does not."""

import asyncio
import uuid

import pytest
from django.conf import settings

from tests.config.test_deploy_check import _manage
from tests.conftest import REDIS_URL, requires_redis

LAYER_KINDS = ["core", "pubsub"]


def test_the_channel_layer_prefix_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.CHANNEL_LAYERS['default']['CONFIG'])"

    configured = _manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        REDIS_URL="redis://127.0.0.1:6379/0",
        CHANNEL_LAYER_PREFIX="campus-b",
    )
    default = _manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        REDIS_URL="redis://127.0.0.1:6379/0",
        CHANNEL_LAYER_PREFIX=None,
    )

    assert "'prefix': 'campus-b'" in configured.stdout, configured.stderr
    assert "'prefix': 'commons'" in default.stdout, default.stderr


def _layer(kind, prefix):
    from django.utils.module_loading import import_string

    backend = import_string(settings.CHANNEL_LAYER_BACKENDS[kind])
    return backend(hosts=[REDIS_URL], prefix=prefix)


@requires_redis
@pytest.mark.redis
@pytest.mark.parametrize("kind", LAYER_KINDS)
async def test_layers_with_different_prefixes_do_not_hear_each_others_groups(kind):
    # Unique per run, so that concurrent runs of this test stay apart too.
    run = uuid.uuid4().hex[:8]
    sender = _layer(kind, f"a{run}")
    same_deployment = _layer(kind, f"a{run}")
    other_deployment = _layer(kind, f"b{run}")
    # Both deployments have this group: the same channel of the same name.
    group = "lounge.channel.1"
    ours = await same_deployment.new_channel()
    theirs = await other_deployment.new_channel()
    await same_deployment.group_add(group, ours)
    await other_deployment.group_add(group, theirs)
    try:
        await sender.group_send(group, {"type": "message.created", "html": "hello"})

        received = await asyncio.wait_for(same_deployment.receive(ours), timeout=5)
        assert received["html"] == "hello"
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(other_deployment.receive(theirs), timeout=0.5)
    finally:
        for layer in (sender, same_deployment, other_deployment):
            await layer.flush()


@requires_redis
@pytest.mark.redis
async def test_redis_database_numbers_do_not_keep_pubsub_deployments_apart():
    """Why the prefix is needed: the pub/sub layer on two Redis databases, same prefix."""
    from channels_redis.pubsub import RedisPubSubChannelLayer

    prefix = f"db{uuid.uuid4().hex[:8]}"
    server = REDIS_URL.rsplit("/", 1)[0]
    sender = RedisPubSubChannelLayer(hosts=[f"{server}/1"], prefix=prefix)
    listener = RedisPubSubChannelLayer(hosts=[f"{server}/2"], prefix=prefix)
    channel = await listener.new_channel()
    await listener.group_add("lounge.channel.1", channel)
    try:
        await sender.group_send("lounge.channel.1", {"type": "message.created", "html": "leak"})

        received = await asyncio.wait_for(listener.receive(channel), timeout=5)
        assert received["html"] == "leak"
    finally:
        await sender.flush()
        await listener.flush()
