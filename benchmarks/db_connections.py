"""Database connections under load: uvicorn workers on the production settings and
PostgreSQL, with concurrent signed-in and anonymous clients, counting the server's
connections in pg_stat_activity during and after the load.

    .venv/bin/python benchmarks/db_connections.py [--workers 4] [--requests 400] [--clients 16]

It creates a throwaway database (dropped at the end) on PostgreSQL at 127.0.0.1
(BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432) and loads only
127.0.0.1. Cases, each with a fresh set of workers:

- the connection pool, as production configures it;
- the floor: no pool and CONN_MAX_AGE=0, a new connection per request, so at most
  one connection per request in flight and none left afterwards;
- no pool and CONN_MAX_AGE=60, the earlier advice. Connections pile up per request
  thread; the load stops when they reach --ceiling so that a shared server is not
  exhausted.

Numbers go to stdout; they are not test assertions (tests/config/test_db_pool.py is).
"""

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIGNED_IN_PATHS = ["/", "/courses/", "/groups/", "/lounge/"]
ANONYMOUS_PATHS = ["/", "/accounts/login/", "/code-of-conduct/"]
# Every server process of a run connects under this name, so counting its
# connections leaves out the benchmark's (or the test's) own.
APPLICATION_NAME = "commons-connection-benchmark"
SAMPLE_INTERVAL_SECONDS = 0.02
REQUEST_TIMEOUT_SECONDS = 15
# Variables of the caller's environment that would change what production reads.
INHERITED_OVERRIDES = [
    "DEBUG",
    "REDIS_URL",
    "CONN_MAX_AGE",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
    "DATABASE_POOL_TIMEOUT",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, static_root, secret_key, **overrides):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_OVERRIDES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        PGAPPNAME=APPLICATION_NAME,
        **overrides,
    )
    return env


def collect_static(env):
    """The manifest storage of production needs collectstatic before any page renders."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )


@contextmanager
def uvicorn_server(env, workers):
    """Yields the port of `workers` uvicorn processes once /healthz answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(port, "/healthz", session_key=None)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect counts as an answer of its own: a signed-in page that redirects to the
    sign-in page means the session was not accepted."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _get(port, path, session_key):
    # Sent as the TLS proxy in front of production would: HTTPS, so no SSL redirect.
    headers = {"X-Forwarded-Proto": "https"}
    if session_key:
        headers["Cookie"] = f"sessionid={session_key}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with _OPENER.open(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class ConnectionSampler:
    """Counts the server's connections to `database` every few milliseconds, from a
    connection to another database so that it does not count itself."""

    def __init__(self, admin_url, database, ceiling=None):
        import psycopg

        self._connection = psycopg.connect(admin_url, autocommit=True)
        self._database = database
        self._ceiling = ceiling
        self.ceiling_reached = threading.Event()
        self.samples = []
        self._stop = threading.Event()
        self._thread = None

    def count(self):
        return self._connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [self._database, APPLICATION_NAME],
        ).fetchone()[0]

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.samples.append(self.count())
            if self._ceiling is not None and self.samples[-1] >= self._ceiling:
                self.ceiling_reached.set()
            time.sleep(SAMPLE_INTERVAL_SECONDS)

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()

    def settled_count(self, seconds=1.5):
        """The highest count over a short quiet spell once the load has stopped."""
        deadline = time.monotonic() + seconds
        highest = 0
        while time.monotonic() < deadline:
            highest = max(highest, self.count())
            time.sleep(SAMPLE_INTERVAL_SECONDS)
        return highest

    def close(self):
        self._connection.close()


def drive_load(port, session_key, requests, clients, stop=None):
    """`requests` GETs from `clients` threads, alternating signed-in and anonymous pages.
    Returns (statuses, seconds per request, wall seconds)."""

    def one(n):
        if stop is not None and stop.is_set():
            return None, 0.0
        signed_in = n % 2 == 0
        paths = SIGNED_IN_PATHS if signed_in else ANONYMOUS_PATHS
        started = time.perf_counter()
        status = _get(port, paths[n // 2 % len(paths)], session_key if signed_in else None)
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as executor:
        results = [result for result in executor.map(one, range(requests)) if result[0]]
    wall = time.perf_counter() - started
    return [status for status, _ in results], [seconds for _, seconds in results], wall


def signed_in_session_key(username="connections"):
    """A member who has accepted the code of conduct, and a session for them."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.models import CodeOfConduct, Profile

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.test"}
    )
    Profile.objects.filter(user=user).update(
        display_name="Connection Benchmark",
        time_zone_confirmed=True,
        conduct_version_accepted=CodeOfConduct.current_version(),
    )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


# The benchmark itself ----------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pool-min-size", type=int, default=2)
    parser.add_argument("--pool-max-size", type=int, default=10)
    parser.add_argument(
        "--ceiling",
        type=int,
        default=40,
        help="stop a case's load when its connections reach this many",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    return parser.parse_args()


@contextmanager
def throwaway_database(postgres_url, keep=False):
    """A new empty database's name; dropped on exit unless `keep`."""
    import psycopg

    name = f"commons_connections_{secrets.token_hex(4)}"
    with psycopg.connect(f"{postgres_url}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        if not keep:
            with psycopg.connect(f"{postgres_url}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(database_url, secret_key):
    """Migrates the database and signs a member in, with the servers' secret key (it
    signs the session)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = secret_key
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    session_key = signed_in_session_key()
    connection.close()
    return session_key


def run_case(label, limit, env, args, database, session_key):
    print(f"… {label}", file=sys.stderr, flush=True)
    sampler = ConnectionSampler(f"{args.postgres_url}/postgres", database, ceiling=args.ceiling)
    try:
        with uvicorn_server(env, args.workers) as port:
            idle = sampler.settled_count(seconds=0.5)
            with sampler:
                statuses, seconds, wall = drive_load(
                    port, session_key, args.requests, args.clients, sampler.ceiling_reached
                )
            after = sampler.settled_count()
    finally:
        sampler.close()
    return {
        "configuration": label,
        "limit": limit,
        "idle": idle,
        "peak": max(sampler.samples, default=0),
        "after": after,
        "done": len(statuses),
        "req/s": len(statuses) / wall,
        "p50 ms": 1000 * statistics.median(seconds),
        "errors": sum(status != 200 for status in statuses),
        "stopped": sampler.ceiling_reached.is_set(),
    }


def table(rows):
    lines = [
        "| configuration | limit | idle | peak | after | requests | req/s | p50 ms | non-200 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        done = f"{row['done']}" + (" (stopped at ceiling)" if row["stopped"] else "")
        lines.append(
            f"| {row['configuration']} | {row['limit']} | {row['idle']} | {row['peak']} | "
            f"{row['after']} | {done} | {row['req/s']:.1f} | {row['p50 ms']:.1f} | "
            f"{row['errors']} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    with throwaway_database(args.postgres_url) as database, tempfile.TemporaryDirectory() as static:
        database_url = f"{args.postgres_url}/{database}"
        secret_key = secrets.token_urlsafe(60)
        session_key = prepare(database_url, secret_key)
        base_env = production_env(database_url, static, secret_key)
        collect_static(base_env)
        pool_limit = args.workers * args.pool_max_size
        cases = [
            (
                f"pool {args.pool_min_size}–{args.pool_max_size} per worker",
                str(pool_limit),
                {
                    "DATABASE_POOL_MIN_SIZE": str(args.pool_min_size),
                    "DATABASE_POOL_MAX_SIZE": str(args.pool_max_size),
                },
            ),
            ("floor: no pool, CONN_MAX_AGE=0", "-", {"DATABASE_POOL_MAX_SIZE": "0"}),
            (
                "no pool, CONN_MAX_AGE=60",
                "-",
                {"DATABASE_POOL_MAX_SIZE": "0", "CONN_MAX_AGE": "60"},
            ),
        ]
        rows = [
            run_case(label, limit, {**base_env, **overrides}, args, database, session_key)
            for label, limit, overrides in cases
        ]
    print(
        f"\nDatabase connections: uvicorn --workers {args.workers}, {args.requests} requests "
        f"(half signed in) from {args.clients} concurrent clients, production settings, "
        f"PostgreSQL on 127.0.0.1. limit = workers × pool max_size; idle = before the load; "
        f"peak = highest count during it; after = highest in the 1.5 s after it.\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()
