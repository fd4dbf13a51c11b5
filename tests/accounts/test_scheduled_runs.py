"""The schedule ledger (accounts.ScheduledRun) under core.schedules.run_due: exactly once
per slot when workers race, failures recorded and retried, a job's writes committed with
its slot."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from accounts.models import Interest, ScheduledRun
from core.schedules import Job, run_due

HOUR = timedelta(hours=1)
NOON = datetime(2026, 11, 2, 12, 5, tzinfo=UTC)


def run(jobs, now=NOON):
    return run_due(jobs, now, claim=ScheduledRun.objects.claim)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…): SKIP LOCKED races")


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_a_due_job_run_it_exactly_once(postgres):
    calls = []
    barrier = threading.Barrier(4)

    def slow(now):
        calls.append(threading.get_ident())
        Interest.objects.create(name=f"ran-{len(calls)}")
        threading.Event().wait(0.3)  # hold the claim while the others try

    job = Job("race", every=HOUR, run=slow)
    errors = []

    def worker():
        try:
            barrier.wait()
            for _ in range(3):
                run([job])
        except Exception as error:  # surfaced below: a thread's exception is lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(calls) == 1
    assert list(Interest.objects.values_list("name", flat=True)) == ["ran-1"]
    slot = ScheduledRun.objects.get(job="race")
    assert (slot.slot, slot.attempts, slot.finished_at is not None) == (
        datetime(2026, 11, 2, 12, tzinfo=UTC),
        1,
        True,
    )


@pytest.mark.django_db
def test_a_failing_job_keeps_its_error_undoes_its_writes_and_runs_again(caplog):
    outcomes = [ValueError("half-way"), None]

    def flaky(now):
        Interest.objects.create(name="written before the error")
        if error := outcomes.pop(0):
            raise error

    job = Job("flaky", every=HOUR, run=flaky)

    assert run([job]) == []
    slot = ScheduledRun.objects.get(job="flaky")
    assert (slot.attempts, slot.finished_at) == (1, None)
    assert "ValueError: half-way" in slot.last_error
    assert not Interest.objects.exists()
    assert "Scheduled job flaky" in caplog.text

    assert run([job], NOON + timedelta(minutes=1)) == ["flaky"]
    slot.refresh_from_db()
    assert slot.attempts == 2
    assert slot.finished_at is not None
    assert Interest.objects.count() == 1


@pytest.mark.django_db
def test_a_late_run_after_downtime_catches_up_once():
    calls = []
    job = Job("hourly", every=HOUR, run=calls.append)
    run([job], NOON - 6 * HOUR)

    run([job], NOON)
    run([job], NOON + timedelta(minutes=1))

    assert calls == [NOON - 6 * HOUR, NOON]
    assert ScheduledRun.objects.filter(job="hourly").count() == 2


@pytest.mark.django_db
def test_a_slot_done_by_one_worker_is_skipped_by_the_next():
    calls = []
    job = Job("once", every=HOUR, run=calls.append)

    assert run([job]) == ["once"]
    assert run([job]) == []
    assert calls == [NOON]
