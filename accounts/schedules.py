"""The periodic jobs of accounts (collected in `home/schedules.py`, run by
`core.schedules.run_due`). The notification centre's `send_due_emails(now)` and its
digests join this list as `Job("…", every=TICK, run=…)`."""

from datetime import timedelta

from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.schedules import Job

from .models import ScheduledRun

KEEP_SCHEDULED_RUNS = timedelta(days=30)
KEEP_FINISHED_TASKS = timedelta(days=7)


def prune_background_records(now):
    """Done slots and finished task results pile up (a slot a minute for every job):
    keep a month of the ledger and a week of results. Unfinished slots and failed tasks
    stay longer, for whoever looks into why they failed."""
    ScheduledRun.objects.filter(
        finished_at__isnull=False, slot__lt=now - KEEP_SCHEDULED_RUNS
    ).delete()
    ScheduledRun.objects.filter(slot__lt=now - 3 * KEEP_SCHEDULED_RUNS).delete()
    DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_FINISHED_TASKS
    ).delete()
    DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - 3 * KEEP_FINISHED_TASKS
    ).delete()


JOBS = [
    Job(
        "accounts.prune_background_records", every=timedelta(hours=1), run=prune_background_records
    ),
]
