"""Fills Commons with a demo world every feature can be seen in. Safe to re-run."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from courses import demo as courses_demo
from courses import teamwork_demo
from groups import demo as groups_demo
from groups import health_demo
from groups.boards import demo as boards_demo
from groups.live import demo as live_demo
from lounge import demo as lounge_demo
from lounge.meetups import demo as meetups_demo
from mentorship import demo as mentorship_demo
from mentorship.coffee import demo as coffee_demo

# Lower apps first: each app's demo builds on the ones before it; teams are formed among
# the courses' students; meetups meet in the study groups' chats, so they come after them;
# mentorship pairs everyone, then coffee chats; community health, computed from all of
# it, comes last.
DEMOS = [
    accounts_demo,
    lounge_demo,
    courses_demo,
    teamwork_demo,
    groups_demo,
    boards_demo,
    live_demo,
    meetups_demo,
    mentorship_demo,
    coffee_demo,
    health_demo,
]


class Command(BaseCommand):
    help = "Creates demo people, courses and groups (safe to run again) and prints demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(2026)  # the same demo world on every run
        for demo in DEMOS:
            demo.seed(rng)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data is ready. Every demo password is “{accounts_demo.DEMO_PASSWORD}”."
            )
        )
        for email, who in accounts_demo.logins():
            self.stdout.write(f"  {email:<26} {who}")
