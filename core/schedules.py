"""Periodic jobs, run exactly once per due slot however many workers tick.

A `Job` names a plain function `run(now)` and how often it is due (`every`). Time is cut
into slots of that length counted from the Unix epoch; a job is due once per slot.
`run_due(jobs, now, claim=...)` runs every job whose current slot has not been done:

- `claim(name, slot)` is a context manager (the ledger lives in the lowest floor that
  owns models, `accounts.models.ScheduledRun`) that yields a record when this caller
  won the slot and `None` when another worker holds it or it is done. The job runs
  inside the claim, so its writes commit together with "done": a worker that dies
  half-way leaves the slot to be run again, never half-done and never twice.
- Only the *current* slot is claimed: after downtime a job runs once with the time it
  finally ran at, not once per missed slot. A job must therefore do all the work due
  up to `now` (send every email due by now, end every phase that has ended), which
  makes a late run catch up once.
- A job that raises is logged with its traceback and recorded on its slot; the next
  tick tries again, up to `max_attempts` per slot, and the next slot starts afresh.

The jobs are listed per app in `<app>/schedules.py` (`JOBS = [...]`) and collected by
plain imports in `home/schedules.py`; the worker runs `home.tasks.run_schedules` every
minute.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction

logger = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TICK = timedelta(minutes=1)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[datetime], object]
    max_attempts: int = 5

    def __post_init__(self):
        if self.every < TICK or self.every % TICK:
            raise ValueError(f"{self.name}: every must be a whole number of minutes")


def slot_of(every, now):
    """The start of the slot of length `every` that holds `now` (an aware datetime)."""
    return EPOCH + ((now - EPOCH) // every) * every


def run_due(jobs, now, *, claim):
    """Runs each job whose slot at `now` is not done yet, each in its own claim.
    Returns the names of the jobs that ran and succeeded."""
    done = []
    for job in jobs:
        slot = slot_of(job.every, now)
        with claim(job.name, slot) as run:
            if run is None:
                continue
            if run.attempts >= job.max_attempts:
                continue
            try:
                # A savepoint: a failing job undoes its own writes, not the claim's record.
                with transaction.atomic():
                    job.run(now)
            except Exception as error:
                run.failed(error)
                logger.exception(
                    "Scheduled job %s (slot %s) failed, attempt %d of %d",
                    job.name,
                    slot.isoformat(),
                    run.attempts,
                    job.max_attempts,
                )
            else:
                run.succeeded()
                done.append(job.name)
    return done
