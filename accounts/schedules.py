"""The periodic jobs of accounts (collected in `home/schedules.py`, run by
`core.schedules.run_due`): the notification centre's email and pruning the background
records, and people's free time worked out for the coming week."""

from datetime import timedelta

from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.schedules import TICK, Job

from .emails import send_digests, send_due_emails
from .models import ScheduledRun
from .week_ranges import FREE_TIME

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


def send_daily_digests(now):
    """Hourly: each person's digest goes when their last one is a day old and they are
    outside their quiet hours (accounts.emails.send_digests decides per person)."""
    return send_digests(now, "daily")


def send_weekly_digests(now):
    return send_digests(now, "weekly")


JOBS = [
    # Every minute: a burst waits a few minutes and quiet hours end on the minute.
    Job("accounts.send_due_emails", every=TICK, run=send_due_emails),
    Job("accounts.send_daily_digests", every=timedelta(hours=1), run=send_daily_digests),
    Job("accounts.send_weekly_digests", every=timedelta(hours=1), run=send_weekly_digests),
    Job(
        "accounts.prune_background_records", every=timedelta(hours=1), run=prune_background_records
    ),
    Job("accounts.prepare_free_time_weeks", every=timedelta(hours=1), run=FREE_TIME.prepare),
]
