"""The periodic job of coffee chats (collected in `home/schedules.py`): every series
whose next round is due runs it, and rounds a few days old ask for check-ins. Checked
every five minutes: a round a few minutes late is still the same week's."""

from datetime import timedelta

from core.schedules import Job

from .actions import run_due_rounds

JOBS = [
    Job("coffee.run_due_rounds", every=timedelta(minutes=5), run=run_due_rounds),
]
