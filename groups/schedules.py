"""The periodic jobs of groups (collected in `home/schedules.py`, run by
`core.schedules.run_due`): meeting times worked out for the coming week, and idle
boards compacted (groups/boards/schedules.py)."""

from datetime import timedelta

from core.schedules import Job

from .boards import schedules as boards_schedules
from .schedule import MEETINGS

JOBS = [
    Job("groups.prepare_meeting_weeks", every=timedelta(hours=1), run=MEETINGS.prepare),
    *boards_schedules.JOBS,
]
