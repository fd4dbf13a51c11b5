"""The worker's minute tick: runs every app's due periodic jobs, then the next tick.

`run_schedules` queues its successor for the next minute *before* it runs the jobs, so
a job that hangs or a worker that is killed half-way does not end the chain. One marker
row per minute in the schedule ledger makes sure only one successor is queued, however
many ticks ran (a second `manage.py run_schedules`, a redeploy): chains merge instead of
multiplying. `manage.py run_schedules` starts the chain (./run and every deploy call it).
"""

from django.db import transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task
from django.utils import timezone

from accounts.models import ScheduledRun
from core.schedules import TICK, run_due, slot_of

from .schedules import JOBS

TICK_JOB = "home.tick"


def queue_next_tick(now, backend=DEFAULT_TASK_BACKEND_ALIAS):
    """Queues `run_schedules` on `backend` for the start of the next minute unless a tick
    is already queued for it. Returns whether this call queued it. Backends that cannot
    defer (the immediate one in tests) would run it at once, forever: nothing is queued
    there."""
    tick = run_schedules.using(backend=backend)
    if not tick.get_backend().supports_defer:
        return False
    next_minute = slot_of(TICK, now) + TICK
    with transaction.atomic():
        _, created = ScheduledRun.objects.get_or_create(
            job=TICK_JOB, slot=next_minute, defaults={"finished_at": now}
        )
        if created:
            tick.using(run_after=next_minute).enqueue()
    return created


@task(takes_context=True)
def run_schedules(context):
    now = timezone.now()
    queue_next_tick(now, backend=context.task_result.backend)
    return run_due(JOBS, now, claim=ScheduledRun.objects.claim)
