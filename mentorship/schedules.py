"""The periodic jobs of mentorship (collected in `home/schedules.py`): unanswered
requests reminded and expired, check-in prompts, and cycles closed at their end date
(mentorship.lifecycle does the work)."""

from datetime import timedelta

from core.schedules import Job

from . import lifecycle

JOBS = [
    Job(
        "mentorship.nudge_and_expire_requests",
        every=timedelta(minutes=15),
        run=lifecycle.nudge_and_expire_requests,
    ),
    Job("mentorship.prompt_check_ins", every=timedelta(hours=1), run=lifecycle.prompt_check_ins),
    Job(
        "mentorship.close_ended_cycles", every=timedelta(hours=1), run=lifecycle.close_ended_cycles
    ),
]
