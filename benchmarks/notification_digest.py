"""Digest benchmark: one daily digest run for 10,000 people with 100,000 pending
notifications. Prints a table of wall time, queries and peak memory.

    .venv/bin/python benchmarks/notification_digest.py [--people 10000] [--notifications 100000]

Uses PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
commons_bench_notify; created and filled on first use). Every run sends into Django's
in-memory mail backend inside a transaction that is rolled back, so runs repeat on the
same data. A third of the notifications are about a chat (their scope is checked in
bulk), the rest about a study group or the people themselves.
"""

import argparse
import os
import random
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/commons_bench_notify"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-that-is-long-enough-to-pass")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.emails import send_digests  # noqa: E402
from accounts.models import Notification, NotificationSettings, Profile  # noqa: E402
from benchmarks.database import ensure_database  # noqa: E402
from lounge.models import Channel, Membership  # noqa: E402

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo", "America/St_Johns"]
CHANNELS = 200
UNUSABLE = make_password(None)
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@transaction.atomic
def fill(people, notifications):
    if Notification.objects.count() >= notifications:
        return
    rng = random.Random(10)
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"digest{n}", email=f"d{n}@bench.test", password=UNUSABLE)
        for n in range(people)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Student {n}", time_zone=rng.choice(ZONES))
        for n, user in enumerate(users)
    )
    # Everyone takes every chat kind as a daily digest.
    daily = {"mention": "daily", "reply": "daily", "dm": "daily"}
    NotificationSettings.objects.bulk_create(
        NotificationSettings(user=user, deliveries=daily) for user in users
    )
    channels = Channel.objects.bulk_create(
        Channel(kind=Channel.Kind.GROUP, slug=f"digest-{n}", name=f"Study chat {n}")
        for n in range(CHANNELS)
    )
    home_channel = {user.pk: channels[n % CHANNELS] for n, user in enumerate(users)}
    Membership.objects.bulk_create(
        Membership(channel=channel, user_id=pk) for pk, channel in home_channel.items()
    )
    now = timezone.now()
    rows = []
    for n in range(notifications):
        recipient = users[n % people]
        actor = users[(n * 7 + 1) % people]
        kind = rng.choice(["mention", "reply", "dm", "join_request", "invitation"])
        channel = home_channel[recipient.pk]
        params = {"place": channel.label, "preview": "Could you look at question 3? " * 2}
        scope = f"lounge.channel:{channel.pk}" if kind in ("mention", "reply", "dm") else ""
        if kind in ("join_request", "invitation"):
            params = {"group": f"Study group {n % 500}", "place": f"Study group {n % 500}"}
        rows.append(
            Notification(
                recipient=recipient,
                actor=actor,
                kind=kind,
                scope=scope,
                params=params | {"url": f"{channel.get_absolute_url()}#message-{n}"},
                created_at=now - timedelta(minutes=rng.randrange(60 * 20)),
            )
        )
    Notification.objects.bulk_create(rows, batch_size=5000)


class Rollback(Exception):
    pass


def run_once():
    mail.outbox = []
    started = time.perf_counter()
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            sent = send_digests(timezone.now(), "daily")
            emailed = Notification.objects.filter(emailed_at__isnull=False).count()
            raise Rollback
    except Rollback:
        pass
    wall = time.perf_counter() - started
    # Peak resident memory of this process (KiB on Linux): the run dominates it.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "sent": sent,
        "emailed": emailed,
        "wall": wall,
        "queries": len(queries) - 1,  # less the count above
        "peak": peak / 2**20,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--notifications", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    ensure_database()
    print(f"Filling {options.people} people, {options.notifications} notifications…", flush=True)
    fill(options.people, options.notifications)
    pending = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True).count()
    people = Notification.objects.values("recipient").distinct().count()
    print(f"\nDaily digest: {people} people, {pending} pending notifications\n")
    print(
        f"{'run':<6} {'emails':>8} {'emailed':>9} {'wall s':>8} {'queries':>8} {'peak RSS MiB':>13}"
    )
    with override_settings(MAILERS=LOCMEM):
        for run in range(1, options.runs + 1):
            result = run_once()
            print(
                f"{run:<6} {result['sent']:>8} {result['emailed']:>9} {result['wall']:>8.2f} "
                f"{result['queries']:>8} {result['peak']:>13.1f}"
            )


if __name__ == "__main__":
    main()
