"""End to end on the real database backend: tasks queued in the test database, run by
real `manage.py db_worker` processes on the test settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.models import ScheduledRun
from home.tasks import TICK_JOB, run_schedules
from tests.home.tasks import explode

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_env(postgres):
    # The test settings would read the development database's URL: point the worker at
    # the test database instead.
    server, database = postgres
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"{server}/{database}",
    }


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--backend", "database", "--batch"]
        + ["--no-startup-delay", "--no-reload", "--interval", "0", "-v", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(worker):
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output
    return output


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_a_burst_of_ticks_and_each_due_job_once(worker_env):
    # Six ticks all due now, as after a redeploy that queued one per machine.
    for _ in range(6):
        run_schedules.using(backend="database").enqueue()

    workers = [start_worker(worker_env) for _ in range(2)]
    for worker in workers:
        finish(worker)

    ticks = DBTaskResult.objects.filter(task_path="home.tasks.run_schedules")
    assert ticks.filter(status=TaskResultStatus.SUCCESSFUL).count() == 6
    prune = ScheduledRun.objects.get(job="accounts.prune_background_records")
    assert (prune.attempts, prune.finished_at is not None) == (1, True)
    # Every tick queued a successor for the same next minute: only one was kept.
    assert ScheduledRun.objects.filter(job=TICK_JOB).count() == 1
    assert ticks.filter(status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_that_raises_is_kept_as_failed_with_its_traceback(worker_env):
    """The backend does not retry a task (scheduled jobs retry through their ledger); the
    failure stays in the queue table, where housekeeping keeps it three weeks."""
    result = explode.using(backend="database").enqueue()

    finish(start_worker(worker_env))

    failed = DBTaskResult.objects.get(id=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "the job broke" in failed.traceback
