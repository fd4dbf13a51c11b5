"""A Redis cache that degrades instead of raising while Redis is unreachable.

Every signed-in request reads the cache (the code-of-conduct version) and every
sign-in writes it (allauth's rate limits), so a cache error would make the whole
site answer 500 for as long as Redis is away.

While the server is unreachable, calls go to a stand-in in this process's memory: a
read misses unless this process wrote the key during the outage, a write stays in
this process, `incr` counts here (and, like Redis, refuses a key it does not have).
Plain misses and skipped writes would not do: allauth takes a lock in the cache
around each rate-limit counter, so with writes skipped either every limit would be
off for the outage (unlimited password guessing) or, the lock never taken, every
sign-in refused. With the stand-in the limits still hold in each server process:
N workers allow at most N times the configured rate until Redis is back. Everything
else cached is a copy of what the database holds, so a miss costs a query.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

SERVER_FAULTS = (RedisConnectionError, RedisTimeoutError)
# During an outage one caller per process tries the server again this often; the
# others go straight to the stand-in instead of each waiting for a connection to fail.
RETRY_AFTER_SECONDS = 5.0


class _Outage:
    """Whether one cache server is reachable, for every cache object of the process:
    Django makes a cache object per thread, which under ASGI means per request."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since = None
        self._retry_at = 0.0

    def should_try_server(self):
        if self.since is None:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._retry_at:
                return False
            self._retry_at = now + RETRY_AFTER_SECONDS
            return True

    def record_fault(self, fault):
        with self._lock:
            self._retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            if self.since is None:
                self.since = time.monotonic()
                # The fault names host and port; the location may carry a password.
                logger.warning(
                    "Cache server unreachable (%s): using each process's memory until it is back.",
                    fault,
                )

    def record_success(self, stand_in):
        if self.since is None:
            return
        with self._lock:
            if self.since is None:
                return
            logger.warning(
                "Cache server reachable again after %.0f s.", time.monotonic() - self.since
            )
            self.since = None
            # Nothing written during this outage may be read in the next one.
            stand_in.clear()


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(location):
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


def _degrading(name):
    def method(self, *args, **kwargs):
        if self._outage.should_try_server():
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except SERVER_FAULTS as fault:
                self._outage.record_fault(fault)
            else:
                self._outage.record_success(self._stand_in)
                return result
        return getattr(self._stand_in, name)(*args, **kwargs)

    method.__name__ = name
    return method


class DegradingRedisCache(RedisCache):
    """Django's Redis cache, with this process's memory standing in while the server
    is unreachable. The outage is logged once, and once more when it ends."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage = _outage_for(server)
        # Same keys, versions and timeouts as the server; one store per process.
        stand_in_params = {
            setting: params[setting]
            for setting in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
            if setting in params
        }
        self._stand_in = LocMemCache(f"stand-in for {server}", stand_in_params)

    # Every method of Django's RedisCache that talks to the server; the rest of
    # BaseCache's (get_or_set, decr, incr_version, the async ones) call these.
    add = _degrading("add")
    get = _degrading("get")
    set = _degrading("set")
    touch = _degrading("touch")
    delete = _degrading("delete")
    get_many = _degrading("get_many")
    has_key = _degrading("has_key")
    incr = _degrading("incr")
    set_many = _degrading("set_many")
    delete_many = _degrading("delete_many")
    clear = _degrading("clear")
