"""The periodic jobs of live sessions (collected in `home/schedules.py`): the rooms'
timers, in case a delayed task was lost or no page was open when one ran out."""

from datetime import timedelta

from core.schedules import Job

from .actions import run_due_timers

JOBS = [
    Job("live.run_due_timers", every=timedelta(minutes=1), run=run_due_timers),
]
