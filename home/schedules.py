"""Every periodic job of every app, in one list: each app keeps its own in
`<app>/schedules.py` and this module imports them (lower floors first). The worker runs
them through `home.tasks.run_schedules`; `core.schedules` says how they run."""

from accounts import schedules as accounts_schedules
from courses import schedules as courses_schedules
from groups import schedules as groups_schedules
from groups.live import schedules as live_schedules
from lounge.meetups import schedules as meetups_schedules
from mentorship import schedules as mentorship_schedules
from mentorship.coffee import schedules as coffee_schedules

JOBS = [
    *accounts_schedules.JOBS,
    *meetups_schedules.JOBS,
    *courses_schedules.JOBS,
    *groups_schedules.JOBS,
    *coffee_schedules.JOBS,
    *live_schedules.JOBS,
    *mentorship_schedules.JOBS,
]
