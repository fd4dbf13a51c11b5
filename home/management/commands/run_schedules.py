from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import ScheduledRun
from core.schedules import run_due
from home.schedules import JOBS
from home.tasks import queue_next_tick


class Command(BaseCommand):
    help = (
        "Runs the periodic jobs that are due now and queues the worker's minute tick "
        "(safe to run any number of times, on any number of machines)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        queued = queue_next_tick(now)
        done = run_due(JOBS, now, claim=ScheduledRun.objects.claim)
        self.stdout.write(f"Ran {len(done)} due job(s): {', '.join(done) or 'none'}.")
        if queued:
            self.stdout.write("Queued the worker's next minute tick.")
