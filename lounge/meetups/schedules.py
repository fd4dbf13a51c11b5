"""The periodic jobs of meetups (collected in `home/schedules.py`): reminders a day and
a quarter of an hour before each date, checked every minute."""

from core.schedules import TICK, Job

from .actions import send_reminders

JOBS = [
    Job("meetups.send_reminders", every=TICK, run=send_reminders),
]
