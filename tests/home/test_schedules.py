"""Every app's periodic jobs in one list, run by `manage.py run_schedules` and the
worker's minute tick; the housekeeping job that keeps the ledgers small."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import ScheduledRun
from accounts.schedules import prune_background_records
from home.schedules import JOBS
from home.tasks import TICK_JOB, queue_next_tick, run_schedules


def test_every_job_has_a_unique_name():
    names = [job.name for job in JOBS]
    assert "accounts.prune_background_records" in names
    assert len(names) == len(set(names))


@pytest.mark.django_db
def test_the_command_runs_due_jobs_once(capsys):
    call_command("run_schedules")
    call_command("run_schedules")

    out = capsys.readouterr().out
    assert out.count("accounts.prune_background_records") == 1
    assert ScheduledRun.objects.filter(job="accounts.prune_background_records").count() == 1


@pytest.mark.django_db
def test_the_tick_runs_due_jobs_and_queues_no_successor_on_the_immediate_backend():
    result = run_schedules.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert "accounts.prune_background_records" in result.return_value
    assert not ScheduledRun.objects.filter(job=TICK_JOB).exists()


@pytest.mark.django_db
def test_only_one_successor_tick_is_queued_per_minute():
    now = timezone.now()

    assert queue_next_tick(now, backend="database") is True
    assert queue_next_tick(now, backend="database") is False
    assert queue_next_tick(now + timedelta(seconds=59 - now.second), backend="database") is False

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "home.tasks.run_schedules"
    assert queued.run_after == now.replace(second=0, microsecond=0) + timedelta(minutes=1)


@pytest.mark.django_db
def test_housekeeping_keeps_recent_and_unfinished_records():
    now = timezone.now()
    old, recent = now - timedelta(days=40), now - timedelta(days=1)
    ScheduledRun.objects.create(job="a", slot=old, finished_at=old)
    ScheduledRun.objects.create(job="b", slot=old, attempts=5, last_error="boom")
    ScheduledRun.objects.create(job="c", slot=recent, finished_at=recent)
    for status, finished in [
        (TaskResultStatus.SUCCESSFUL, now - timedelta(days=8)),
        (TaskResultStatus.SUCCESSFUL, recent),
        (TaskResultStatus.FAILED, now - timedelta(days=8)),
    ]:
        result = run_schedules.using(backend="database").enqueue()
        DBTaskResult.objects.filter(id=result.id).update(status=status, finished_at=finished)

    prune_background_records(now)

    assert set(ScheduledRun.objects.values_list("job", flat=True)) == {"b", "c"}
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]
