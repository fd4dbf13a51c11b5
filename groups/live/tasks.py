"""The rooms' timer as delayed tasks: one for the one-minute warning, one for the return
to the lobby, queued when the rooms open or the timer is extended. A task that finds
nothing due (the timer was extended, the rooms closed early) does nothing, so stale ones
are harmless. Backends that cannot defer (the immediate one in tests) queue nothing:
the minute job (groups.live.schedules) and the pages' own countdowns remain."""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


@task
def run_session_timer(session_id):
    # Imported here: the verbs queue this task, so actions imports this module.
    from .actions import run_timer

    return run_timer(session_id)


def schedule_timer(session_id, close_at, warning_seconds=60):
    if not run_session_timer.get_backend().supports_defer:
        return False
    now = timezone.now()
    warn_at = close_at - timedelta(seconds=warning_seconds)
    try:
        if warn_at > now:
            run_session_timer.using(run_after=warn_at).enqueue(session_id)
        run_session_timer.using(run_after=close_at).enqueue(session_id)
    except Exception:  # noqa: BLE001 - the minute job still closes the rooms
        logger.warning("Timer of live session %s not queued", session_id, exc_info=True)
        return False
    return True
