"""The periodic jobs of groups (collected in `home/schedules.py`, run by
`core.schedules.run_due`): meeting times worked out for the coming week, courses'
community health recomputed where it changed (groups/health_refresh.py), and idle
boards compacted (groups/boards/schedules.py)."""

from datetime import timedelta

from core.schedules import Job

from .boards import schedules as boards_schedules
from .health_refresh import refresh_stale
from .schedule import MEETINGS

JOBS = [
    Job("groups.prepare_meeting_weeks", every=timedelta(hours=1), run=MEETINGS.prepare),
    Job("groups.refresh_course_health", every=timedelta(hours=1), run=refresh_stale),
    *boards_schedules.JOBS,
]
