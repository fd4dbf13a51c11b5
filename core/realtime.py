"""The only place that talks to the channel layer.

Verbs announce what changed through their app's `realtime` module, which builds the
event and hands it here: `broadcast_on_commit` waits for the transaction to commit, so
nothing is announced that rolled back; `send_now` is for the few events that are not
about a database change (a session that ended). A broadcast that fails (Redis down) is
logged and dropped, never raised: the database is the truth and clients catch up by
resuming from the last sequence number they saw."""

import asyncio
import hashlib
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 2
# A lost broadcast's hint (see broadcast_on_commit) is tried once, this much later.
HINT_DELAY_SECONDS = 0.2
# How often every page's socket says it is alive (and whether its person is active);
# pages read it from a data attribute, presence expires a little after it.
HEARTBEAT_SECONDS = 15
# A page with no keyboard or pointer activity for this long says its person is idle.
IDLE_AFTER_SECONDS = 120


def user_group(user_id):
    """Every open socket of one person, on every page and server process."""
    return f"user.{user_id}"


def session_group(session_key):
    """Every socket opened with one session (closed together on sign-out)."""
    digest = hashlib.sha256(session_key.encode()).hexdigest()[:32]
    return f"session.{digest}"


async def send(group, event):
    """group_send that never raises: a dead Redis must not fail the caller."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        await asyncio.wait_for(layer.group_send(group, event), SEND_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001 - any layer failure means "live update lost", by design
        logger.warning("Live update to %s not delivered", group, exc_info=True)
        return False
    return True


async def send_many(pairs, if_lost=None):
    """Send each pair; for one that is lost, `if_lost(group, event)` may name a small
    hint (group, event) that is tried once, shortly after, so listeners learn that
    they missed something instead of waiting for the next event to show a gap."""
    for group, event in pairs:
        if await send(group, event) or if_lost is None:
            continue
        hint = if_lost(group, event)
        if hint is not None:
            await asyncio.sleep(HINT_DELAY_SECONDS)
            await send(*hint)


def send_now(*pairs, if_lost=None):
    """Send (group, event) pairs at once from sync code, whatever the transaction."""

    def run():
        async_to_sync(send_many)(pairs, if_lost)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        run()
        return
    # Sync code under a running loop in this thread (Playwright's sync API does this in
    # tests) cannot block on the loop: send from a short-lived thread instead.
    thread = threading.Thread(target=run, name="realtime-send")
    thread.start()
    thread.join(SEND_TIMEOUT_SECONDS * max(len(pairs), 1))


def broadcast_on_commit(*pairs, if_lost=None):
    """Send (group, event) pairs once the current transaction commits (at once outside
    one); `if_lost` as in send_many."""
    transaction.on_commit(lambda: send_now(*pairs, if_lost=if_lost))
