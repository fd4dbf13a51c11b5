"""Fills Commons with a demo world every feature can be seen in. Safe to re-run."""

import random
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, logins

# Lower apps first: each app's demo builds on the ones before it.
DEMO_APPS = ["accounts", "lounge", "courses", "groups", "mentorship"]


class Command(BaseCommand):
    help = "Creates demo people, courses and groups (safe to run again) and prints demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(2026)  # the same demo world on every run
        for app in DEMO_APPS:
            try:
                demo = import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            demo.seed(rng)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is ready. Every demo password is “{DEMO_PASSWORD}”.")
        )
        for email, who in logins():
            self.stdout.write(f"  {email:<26} {who}")
