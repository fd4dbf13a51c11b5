"""core.schedules: slots, catch-up and failures, with an in-memory ledger."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from core.schedules import Job, run_due, slot_of

# run_due opens a savepoint around each job.
pytestmark = pytest.mark.django_db


class Ledger:
    """A claim function over a dict, with the ScheduledRun record's interface."""

    def __init__(self):
        self.runs = {}

    @contextmanager
    def claim(self, job, slot):
        run = self.runs.setdefault((job, slot), Run())
        yield None if run.done else run


class Run:
    def __init__(self):
        self.attempts = 0
        self.done = False
        self.errors = []

    def succeeded(self):
        self.attempts += 1
        self.done = True

    def failed(self, error):
        self.attempts += 1
        self.errors.append(error)


def at(hour, minute=0):
    return datetime(2026, 3, 29, hour, minute, tzinfo=UTC)


def test_a_slot_starts_at_a_whole_multiple_of_its_length():
    assert slot_of(timedelta(hours=1), at(15, 42)) == at(15)
    assert slot_of(timedelta(minutes=15), at(15, 42)) == at(15, 30)
    assert slot_of(timedelta(days=1), at(15, 42)) == at(0)


def test_a_job_runs_once_per_slot_however_often_it_is_ticked():
    calls = []
    job = Job("hourly", every=timedelta(hours=1), run=calls.append)
    ledger = Ledger()

    for minute in range(0, 60, 5):
        run_due([job], at(9, minute), claim=ledger.claim)

    assert calls == [at(9)]
    run_due([job], at(10, 1), claim=ledger.claim)
    assert calls == [at(9), at(10, 1)]


def test_a_late_run_after_downtime_catches_up_once_with_the_time_it_ran():
    calls = []
    job = Job("hourly", every=timedelta(hours=1), run=calls.append)
    ledger = Ledger()
    run_due([job], at(2), claim=ledger.claim)

    # Down from 02:10 to 09:20: seven slots missed.
    run_due([job], at(9, 20), claim=ledger.claim)
    run_due([job], at(9, 21), claim=ledger.claim)

    assert calls == [at(2), at(9, 20)]


def test_a_job_that_raises_is_logged_and_tried_again_until_it_succeeds(caplog):
    outcomes = [RuntimeError("smtp down"), RuntimeError("still down"), None]
    calls = []

    def flaky(now):
        calls.append(now)
        if error := outcomes.pop(0):
            raise error

    job = Job("flaky", every=timedelta(hours=1), run=flaky)
    ledger = Ledger()

    assert run_due([job], at(9, 0), claim=ledger.claim) == []
    assert run_due([job], at(9, 1), claim=ledger.claim) == []
    assert run_due([job], at(9, 2), claim=ledger.claim) == ["flaky"]
    assert run_due([job], at(9, 3), claim=ledger.claim) == []

    assert len(calls) == 3
    run = ledger.runs[("flaky", at(9))]
    assert (run.attempts, run.done, [str(e) for e in run.errors]) == (
        3,
        True,
        ["smtp down", "still down"],
    )
    failures = [r for r in caplog.records if r.levelname == "ERROR"]
    assert [r.getMessage() for r in failures] == [
        "Scheduled job flaky (slot 2026-03-29T09:00:00+00:00) failed, attempt 1 of 5",
        "Scheduled job flaky (slot 2026-03-29T09:00:00+00:00) failed, attempt 2 of 5",
    ]
    assert all(r.exc_info for r in failures)


def test_a_job_that_keeps_failing_stops_after_its_attempts_and_the_next_slot_starts_afresh():
    calls = []

    def broken(now):
        calls.append(now)
        raise ValueError("bug")

    job = Job("broken", every=timedelta(hours=1), run=broken, max_attempts=2)
    ledger = Ledger()
    for minute in range(5):
        run_due([job], at(9, minute), claim=ledger.claim)
    assert len(calls) == 2

    run_due([job], at(10), claim=ledger.claim)
    assert len(calls) == 3


def test_one_failing_job_does_not_stop_the_others():
    calls = []

    def broken(now):
        raise ValueError("bug")

    jobs = [
        Job("broken", every=timedelta(minutes=1), run=broken),
        Job("fine", every=timedelta(minutes=1), run=calls.append),
    ]
    assert run_due(jobs, at(9), claim=Ledger().claim) == ["fine"]
    assert calls == [at(9)]


def test_a_job_must_run_every_whole_number_of_minutes():
    with pytest.raises(ValueError, match="whole number of minutes"):
        Job("odd", every=timedelta(seconds=90), run=print)
