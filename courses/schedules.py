"""The periodic jobs of courses (collected in `home/schedules.py`, run by
`core.schedules.run_due`): review rounds' phases and reminders, checked every minute."""

from core.schedules import TICK, Job

from .actions.review_phases import run_review_phases

JOBS = [
    Job("courses.review_phases", every=TICK, run=run_review_phases),
]
