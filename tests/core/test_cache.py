"""core.cache.DegradingRedisCache: Redis while it answers, this process's memory while
it does not, and never an exception on the way."""

import pytest
from django.core.cache.backends.redis import RedisCache

import core.cache
from core.cache import DegradingRedisCache
from tests.conftest import REDIS_URL, requires_redis

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _no_known_outages(monkeypatch):
    monkeypatch.setattr(core.cache, "_outages", {})


def test_while_unreachable_reads_miss_and_writes_stay_in_the_process():
    cache = DegradingRedisCache(UNREACHABLE, {"KEY_PREFIX": "t"})
    cache.clear()

    assert cache.get("never-written", "default") == "default"
    cache.set("counter", 1)
    assert cache.incr("counter") == 2
    assert cache.add("counter", 5) is False
    # Another cache object of the process (another request) sees the same stand-in.
    assert DegradingRedisCache(UNREACHABLE, {"KEY_PREFIX": "t"}).get("counter") == 2


def test_while_unreachable_incr_refuses_a_missing_key_as_redis_does():
    cache = DegradingRedisCache(UNREACHABLE, {})

    with pytest.raises(ValueError):
        cache.incr("missing")


def test_while_unreachable_the_server_is_retried_only_now_and_then(monkeypatch):
    attempts = []
    monkeypatch.setattr(RedisCache, "get", lambda *args, **kwargs: attempts.append(1) or None)
    cache = DegradingRedisCache(UNREACHABLE, {})
    cache._outage.record_fault(ConnectionError("down"))

    for _ in range(100):
        cache.get("key")

    assert attempts == []
    monkeypatch.setattr(core.cache, "RETRY_AFTER_SECONDS", 0)
    cache._outage.record_fault(ConnectionError("still down"))
    cache.get("key")
    assert attempts == [1]


@requires_redis
@pytest.mark.redis
def test_a_reachable_server_holds_the_values():
    prefix = f"core-cache-test-{id(object())}"
    cache = DegradingRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    plain = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    try:
        cache.set("shared", "from Redis")

        assert plain.get("shared") == "from Redis"
        assert cache._outage.since is None
    finally:
        cache.delete("shared")
