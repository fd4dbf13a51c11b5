"""Page speed: the main signed-in pages on uvicorn and the production settings, next to
a signed-in "hello" view of the same server (the floor: session, user and profile read,
the whole middleware stack, no page of ours).

    .venv/bin/python benchmarks/pages.py [--groups 10000] [--requests 40] [--workers 2] [--keep]

It creates a throwaway PostgreSQL database (dropped at the end unless --keep, which keeps
it for EXPLAIN ANALYZE and profiling and prints its URL; BENCH_POSTGRES_URL,
default postgres://postgres@127.0.0.1:5432), fills it with the demo world, 10,000 more
study groups and a 50-message channel, and loads only 127.0.0.1: each page
`--requests` times one at a time (c=1), then the same number from 16 clients (c=16).
SQL queries per page are counted in process with the same data. Numbers go to stdout.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.db_connections import (  # noqa: E402
    _get,
    collect_static,
    production_env,
    throwaway_database,
    uvicorn_server,
)

HELLO = "/bench/hello/"
CHANNEL_MESSAGES = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--show-queries",
        action="store_true",
        help="print each page's SQL statements and stop before serving",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the filled database and print its URL and the viewer's session key",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    return parser.parse_args()


def build_world(database_url, secret_key, groups, show_queries=False):
    """The demo world plus `groups` more groups and a busy channel; returns the pages to
    load, the viewer's session key and each page's SQL query count."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=database_url,
        BENCH_DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
    )
    import django

    django.setup()
    # In-process counting needs no static files (the servers have them collected).
    warnings.filterwarnings("ignore", message="No directory at")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from benchmarks.groups_browse import fill
    from courses.models import Course
    from groups.models import Membership
    from lounge import actions
    from lounge.models import Channel

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    fill(groups)
    viewer = User.objects.get(username="ana")
    channel = Channel.objects.get(slug="introductions")
    actions.join_channel(viewer, channel)
    posters = list(User.objects.filter(email__endswith="@commons.test")[:40])
    with override_settings(LOUNGE_RATE_LIMIT=(10**9, 1)):
        for n in range(max(0, CHANNEL_MESSAGES - channel.messages.count())):
            actions.join_channel(posters[n % len(posters)], channel)
            actions.post_message(posters[n % len(posters)], channel, f"Hello from **{n}**!")
    # A deployed database has planner statistics (autovacuum analyzes what changed); a
    # freshly filled one has none unless asked, and plans for empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    group = Membership.objects.filter(user=viewer).select_related("group").first().group
    course = Course.objects.filter(enrolments__user=viewer).first()
    pages = [
        ("signed-in hello (floor)", HELLO),
        ("home", "/"),
        ("groups browse, best fit", "/groups/"),
        ("groups browse, fits my week", "/groups/?fits=on"),
        ("a group page", group.get_absolute_url()),
        (f"a {CHANNEL_MESSAGES}-message channel", channel.get_absolute_url()),
        ("a course page", course.get_absolute_url()),
    ]
    client = Client()
    client.force_login(viewer)
    queries = {}
    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF="benchmarks.pages_urls", STORAGES=plain_static, ALLOWED_HOSTS=["testserver"]
    ):
        for _, path in pages:
            client.get(path)  # warm caches, as the server's second request would be
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200, path
            queries[path] = len(captured)
            if show_queries:
                print(f"\n## {path}: {len(captured)} queries")
                for number, query in enumerate(captured.captured_queries, 1):
                    print(f"{number:3d}. {query['sql'][:400]}")
    session_key = client.cookies["sessionid"].value
    connection.close()
    return pages, session_key, queries


def load(port, session_key, path, requests, clients):
    """(req/s, p50 ms, p95 ms, statuses) of `requests` GETs from `clients` threads."""

    def one(_):
        started = time.perf_counter()
        status = _get(port, path, session_key)
        return status, time.perf_counter() - started

    _get(port, path, session_key)  # the worker's first request pays for imports
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as executor:
        results = list(executor.map(one, range(requests)))
    wall = time.perf_counter() - started
    seconds = sorted(s for _, s in results)
    p95 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.95))]
    statuses = {status for status, _ in results}
    return requests / wall, statistics.median(seconds) * 1000, p95 * 1000, statuses


def main():
    args = parse_args()
    secret_key = secrets.token_urlsafe(40)
    with (
        throwaway_database(args.postgres_url, keep=args.keep) as name,
        tempfile.TemporaryDirectory() as static,
    ):
        database_url = f"{args.postgres_url}/{name}"
        pages, session_key, queries = build_world(
            database_url, secret_key, args.groups, args.show_queries
        )
        if args.keep:
            print(f"\nKept {database_url} (session key {session_key}, secret key {secret_key})")
        if args.show_queries:
            return
        env = production_env(database_url, static, secret_key)
        env["DJANGO_SETTINGS_MODULE"] = "benchmarks.pages_settings"
        collect_static(env)
        rows = []
        with uvicorn_server(env, args.workers) as port:
            for label, path in pages:
                single = load(port, session_key, path, args.requests, 1)
                many = load(port, session_key, path, args.requests, args.clients)
                rows.append((label, queries[path], single, many))
    floor_single, floor_many = rows[0][2][0], rows[0][3][0]
    floor_queries = rows[0][1]
    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"\n{args.workers} uvicorn workers, production settings, PostgreSQL, "
        f"{args.groups:,} extra groups; {args.requests} requests per cell; "
        f"load average {load_average}\n"
    )
    print(
        "| page | SQL queries (beyond the floor's) | c=1 req/s | p50 ms | p95 ms "
        f"| c={args.clients} req/s | p50 ms | c=1 vs floor | c={args.clients} vs floor "
        "| statuses |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, count, (rps1, p50_1, p95_1, st1), (rps_n, p50_n, _p95_n, st_n) in rows:
        print(
            f"| {label} | {count} ({count - floor_queries:+d}) | {rps1:.1f} | {p50_1:.1f} "
            f"| {p95_1:.1f} | {rps_n:.1f} | {p50_n:.1f} | {rps1 / floor_single:.2f}× "
            f"| {rps_n / floor_many:.2f}× | {','.join(map(str, sorted(st1 | st_n)))} |"
        )


if __name__ == "__main__":
    main()
