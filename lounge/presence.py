"""Who is online: online / idle / offline per person, from heartbeats that expire.

Every open socket is a "connection" that says it is active or idle at least every
HEARTBEAT_SECONDS; a connection not heard from for EXPIRY_SECONDS no longer counts,
so a crashed browser goes offline within a minute. A person is online if any of their
connections is active, idle if all are idle, offline otherwise.

Two stores behind one interface: Redis (shared by every server process) when
REDIS_URL is set, and an in-process dictionary for the one-process demo. Presence is
ephemeral and never blocks a page: if Redis fails, everyone reads as offline."""

import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)

# A little over two heartbeats (core.realtime.HEARTBEAT_SECONDS): one late beat is fine.
EXPIRY_SECONDS = 40
ONLINE, IDLE, OFFLINE = "online", "idle", "offline"
STATES = {ONLINE, IDLE}
# Under the deployment's prefix, like the channel layer's: deployments and test runs
# sharing a Redis must not see (or clear) each other's people.
KEY = "{prefix}:lounge:presence:{user_id}"


def _entry(state, channel_id):
    """What one connection stores: its state, when it expires, and the channel whose
    page it is (empty elsewhere)."""
    return f"{state}:{time.time() + EXPIRY_SECONDS}:{channel_id or ''}"


def _live(entries, now):
    """(state, channel id or None) of each connection that has not expired."""
    for value in entries.values():
        if isinstance(value, bytes):
            value = value.decode()
        state, _, rest = value.partition(":")
        expires, _, channel = rest.partition(":")
        try:
            alive = float(expires) > now
        except ValueError:
            continue
        if alive:
            yield state, int(channel) if channel.isdigit() else None


def _summarise(entries, now):
    """entries: {connection: entry} -> one state."""
    states = {state for state, _ in _live(entries, now)}
    if ONLINE in states:
        return ONLINE
    return IDLE if IDLE in states else OFFLINE


class _Reads:
    """The sync reads both stores answer from `entries_now`."""

    def states_now(self, user_ids):
        now = time.time()
        return {pk: _summarise(entries, now) for pk, entries in self.entries_now(user_ids).items()}

    def looking_at_now(self, user_ids, channel_id):
        """Who of `user_ids` has that channel's page open in front of them right now
        (visible and active): they see a new message there without being told."""
        now = time.time()
        return {
            pk
            for pk, entries in self.entries_now(user_ids).items()
            if any(s == ONLINE and c == channel_id for s, c in _live(entries, now))
        }


class LocalPresence(_Reads):
    """In-process store: correct for one server process only (the demo)."""

    def __init__(self):
        self.connections = {}

    async def touch(self, user_id, connection, state, channel_id=None):
        self.connections.setdefault(user_id, {})[connection] = _entry(state, channel_id)

    async def drop(self, user_id, connection):
        self.connections.get(user_id, {}).pop(connection, None)

    async def states(self, user_ids):
        return self.states_now(user_ids)

    def entries_now(self, user_ids):
        return {pk: dict(self.connections.get(pk, {})) for pk in user_ids}

    def clear(self):
        self.connections.clear()


class RedisPresence(_Reads):
    """One Redis hash per person: connection -> "state:expires_at:channel", the key
    expiring with its last connection."""

    def __init__(self, url, prefix):
        self.url = url
        self.prefix = prefix
        self._async_clients = {}
        self._sync_client = None

    def _key(self, user_id):
        return KEY.format(prefix=self.prefix, user_id=user_id)

    def _async(self):
        import asyncio

        import redis.asyncio

        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            client = redis.asyncio.Redis.from_url(
                self.url, socket_timeout=1, socket_connect_timeout=1
            )
            self._async_clients = {
                known: c for known, c in self._async_clients.items() if not known.is_closed()
            }
            self._async_clients[loop] = client
        return client

    def _sync(self):
        import redis

        if self._sync_client is None:
            self._sync_client = redis.Redis.from_url(
                self.url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
        return self._sync_client

    async def touch(self, user_id, connection, state, channel_id=None):
        key = self._key(user_id)
        try:
            async with self._async().pipeline(transaction=False) as pipe:
                pipe.hset(key, connection, _entry(state, channel_id))
                pipe.expire(key, EXPIRY_SECONDS)
                await pipe.execute()
        except Exception:  # noqa: BLE001 - presence is best effort
            logger.warning("Presence not stored", exc_info=True)

    async def drop(self, user_id, connection):
        try:
            await self._async().hdel(self._key(user_id), connection)
        except Exception:  # noqa: BLE001
            logger.warning("Presence not cleared", exc_info=True)

    async def states(self, user_ids):
        user_ids = list(user_ids)
        try:
            async with self._async().pipeline(transaction=False) as pipe:
                for pk in user_ids:
                    pipe.hgetall(self._key(pk))
                results = await pipe.execute()
        except Exception:  # noqa: BLE001
            return dict.fromkeys(user_ids, OFFLINE)
        now = time.time()
        return {pk: _summarise(entries, now) for pk, entries in zip(user_ids, results, strict=True)}

    def entries_now(self, user_ids):
        """Nobody's connections while Redis is away: everyone reads as offline."""
        user_ids = list(user_ids)
        try:
            pipe = self._sync().pipeline(transaction=False)
            for pk in user_ids:
                pipe.hgetall(self._key(pk))
            results = pipe.execute()
        except Exception:  # noqa: BLE001
            return {pk: {} for pk in user_ids}
        return dict(zip(user_ids, results, strict=True))

    def clear(self):
        client = self._sync()
        for key in client.scan_iter(self._key("*")):
            client.delete(key)


_store = None


def get_store():
    global _store
    url = getattr(settings, "LOUNGE_PRESENCE_REDIS_URL", None) or settings.REDIS_URL
    if _store is None or getattr(_store, "url", None) != (url or None):
        _store = RedisPresence(url, settings.REDIS_KEY_PREFIX) if url else LocalPresence()
        if not url:
            _store.url = None
    return _store


def visible_states(users, viewer, *, blocked_between=None):
    """{user id: state} of people as `viewer` may see them: appear-offline respected, and
    anyone with a block between them and the viewer reads as offline (`blocked_between`:
    their ids, when the caller has read them already)."""
    from accounts.blocks import blocked_between_ids

    from .models import ChatPreferences

    ids = [u.pk for u in users]
    if not ids:
        return {}
    if blocked_between is None:
        blocked_between = blocked_between_ids(viewer)
    hidden = blocked_between | set(
        ChatPreferences.objects.filter(user_id__in=ids, appear_offline=True).values_list(
            "user_id", flat=True
        )
    )
    states = get_store().states_now([pk for pk in ids if pk not in hidden])
    return {pk: states.get(pk, OFFLINE) for pk in ids}


# Coalescing ------------------------------------------------------------------------
#
# A socket that connects, goes idle or closes changes its person's state for every
# channel page showing them. Sent one by one, N people joining a room cost N² frames.
# Instead each process collects the changes of its sockets and sends them at most once
# per interval, as one {person: state} delta per channel: the first change after a
# quiet spell goes out at once, later ones wait for the end of the interval.

DEFAULT_INTERVAL_SECONDS = 1.0
MEMBERS_TTL_SECONDS = 10


class Outbox:
    """Presence deltas of one process (one event loop), and a short-lived cache of each
    channel's member ids for the snapshot a socket gets when it opens."""

    def __init__(self, send):
        self.send = send
        self.pending = {}
        self.task = None
        self.flushed_at = float("-inf")
        self.members = {}

    @property
    def interval(self):
        return getattr(settings, "LOUNGE_PRESENCE_INTERVAL_SECONDS", DEFAULT_INTERVAL_SECONDS)

    def add(self, channel_ids, user_id, state):
        import asyncio

        for channel_id in channel_ids:
            self.pending.setdefault(channel_id, {})[user_id] = state
        if self.task is None and self.pending:
            delay = max(0.0, self.flushed_at + self.interval - time.monotonic())
            self.task = asyncio.get_running_loop().create_task(self._flush(delay))

    async def _flush(self, delay):
        import asyncio

        await asyncio.sleep(delay)
        pending, self.pending = self.pending, {}
        self.task = None
        self.flushed_at = time.monotonic()
        try:
            await self.send(pending)
        except Exception:  # noqa: BLE001 - presence is best effort
            logger.warning("Presence deltas not sent", exc_info=True)

    def cached_members(self, channel_id):
        entry = self.members.get(channel_id)
        if entry is not None and entry[0] > time.monotonic():
            return entry[1]
        return None

    def remember_members(self, channel_id, member_ids):
        self.members[channel_id] = (time.monotonic() + MEMBERS_TTL_SECONDS, member_ids)


_outboxes = {}


def outbox(send):
    """This event loop's outbox (each test runs its own loop; a server process one)."""
    import asyncio

    loop = asyncio.get_running_loop()
    box = _outboxes.get(loop)
    if box is None:
        for known in [known for known in _outboxes if known.is_closed()]:
            del _outboxes[known]
        box = _outboxes[loop] = Outbox(send)
    return box
