"""Whiteboard fan-out: one drawer and N viewers on one study group's board.

    .venv/bin/python benchmarks/whiteboard_fanout.py [--viewers 10 30] [--seconds 15]

The drawer sends pen strokes (`op` frames, an add of one stroke of --points points) at
--rate a second for --seconds, without waiting for answers, as a person drawing does.
The server is uvicorn (one worker) on the production settings, PostgreSQL and Redis;
the floor is a bare `websockets` relay (benchmarks/raw_broadcast.py) fed the same
frames at the same rate in the same run. Per N it prints:

- p50 / p99 latency: drawer's send to each viewer's receipt of that operation;
- ops/s fanned out: operation frames received by all viewers per second of drawing;
- server CPU µs per delivered frame: the server process's CPU time (user + system,
  from /proc) over the drawing and the drain after it, divided by the frames viewers
  received;
- delivered: frames received / operations sent × N; refused: error frames the drawer
  got (rate_limited and the like).

It creates a throwaway database (dropped at the end) on PostgreSQL at 127.0.0.1
(BENCH_POSTGRES_URL) and uses Redis (--redis-url) with a channel-layer prefix of its
own. Numbers go to stdout; they are not test assertions.
"""

import argparse
import asyncio
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.chat_fanout import (  # noqa: E402
    cpu_seconds,
    free_port,
    session_cookie,
    start_server,
    wait_until_idle,
)
from benchmarks.db_connections import (  # noqa: E402
    collect_static,
    production_env,
    throwaway_database,
)

# The drawer's client ids carry the operation's number, in the server's echo and the
# relay's copy alike.
CLIENT_ID = re.compile(r'"client_id": ?"w(\d+)"')
DRAIN_SECONDS = 15


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rate", type=float, default=30, help="operations a second")
    parser.add_argument("--points", type=int, default=20, help="points per stroke")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--hold",
        type=float,
        default=0,
        help="print the server's pid and wait this many seconds before drawing (to attach "
        "py-spy record --pid PID)",
    )
    return parser.parse_args()


# The world: a study group with its members, their sessions ------------------------


def prepare(database_url, secret_key, viewers):
    """Migrates, and builds one group per N (a board of its own, so no run draws on
    another's items): (board id, [drawer's session, viewers' sessions...]) per N."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = secret_key
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from groups import actions as group_actions
    from groups.boards import actions as board_actions

    call_command("migrate", verbosity=0)
    worlds = {}
    for count in viewers:
        people = [member(f"board{count}x{i}", f"Viewer {i}") for i in range(count + 1)]
        group = group_actions.create_group(
            people[0],
            name=f"Board benchmark {count}",
            description="",
            course=None,
            capacity=count + 1,
            visibility="open",
            topics=[],
            languages=[],
            slots=[],
        )
        for person in people[1:]:
            group_actions.join_group(person, group)
        board = board_actions.standing_board(group)
        worlds[count] = (board.pk, [session_cookie(person) for person in people])
    connection.close()
    return worlds


def member(username, display_name):
    """A verified member who has accepted the code of conduct."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from accounts.models import CodeOfConduct, Profile

    user = get_user_model().objects.create(username=username, email=f"{username}@bench.test")
    Profile.objects.filter(user=user).update(
        display_name=display_name,
        time_zone_confirmed=True,
        conduct_version_accepted=CodeOfConduct.current_version(),
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@contextmanager
def uvicorn_server(env):
    """One uvicorn process (the server itself, so its CPU time is the server's)."""
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
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                urllib.request.urlopen(request, timeout=2).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.2)
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def relay_server():
    port = free_port()
    process = start_server(
        "raw websockets", None, port, SimpleNamespace(database_url="", redis_url="")
    )
    try:
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=10)


# One run ------------------------------------------------------------------------


async def open_socket(port, board_id, cookie):
    import websockets

    if cookie is None:
        return await websockets.connect(f"ws://127.0.0.1:{port}/", max_size=2**20)
    return await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/boards/{board_id}/",
        # Production accepts sockets from its https origin only.
        origin="https://127.0.0.1",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        max_size=2**20,
        open_timeout=60,
    )


async def listen(ws, inbox, errors=None):
    try:
        async for frame in ws:
            match = CLIENT_ID.search(frame)
            if match and '"type": "error"' not in frame:
                inbox.append((int(match.group(1)), time.perf_counter_ns()))
            elif errors is not None and '"type": "error"' in frame:
                errors.append(frame)
    except Exception:  # noqa: BLE001, S110 - the run ends by closing sockets
        pass


def stroke(n, points):
    """A wavy pen stroke somewhere on the 1600 x 1000 board, as the page sends it."""
    x0, y0 = 100 + (n * 37) % 1200, 100 + (n * 53) % 700
    return {
        "type": "op",
        "client_id": f"w{n}",
        "op": {
            "kind": "add",
            "items": [
                {
                    "id": f"bench-{n}",
                    "kind": "stroke",
                    "color": "#1f2933",
                    "width": 4,
                    "points": [[x0 + 6 * i, y0 + (i % 5) * 4.5] for i in range(points)],
                }
            ],
        },
    }


async def run(name, process, port, board_id, cookies, args):
    """cookies: the drawer's and the viewers' sessions, or Nones for the relay."""
    drawer = await open_socket(port, board_id, cookies[0])
    viewers = await asyncio.gather(*(open_socket(port, board_id, c) for c in cookies[1:]))
    inboxes = [[] for _ in viewers]
    echoes, errors = [], []
    tasks = [asyncio.create_task(listen(drawer, echoes, errors))]
    tasks += [
        asyncio.create_task(listen(ws, inbox)) for ws, inbox in zip(viewers, inboxes, strict=True)
    ]
    await wait_until_idle(process.pid)
    if args.hold:
        print(
            f"{name} pid {process.pid}: drawing in {args.hold:.0f} s", file=sys.stderr, flush=True
        )
        await asyncio.sleep(args.hold)
    operations = round(args.rate * args.seconds)
    frames = [json.dumps(stroke(n, args.points)) for n in range(operations)]
    sent_at = {}
    cpu_before = cpu_seconds(process.pid)
    started = time.perf_counter()
    for n, frame in enumerate(frames):
        # Open loop: each stroke leaves on its schedule, whether or not the last is back.
        delay = started + n / args.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        sent_at[n] = time.perf_counter_ns()
        await drawer.send(frame)
    drawing = time.perf_counter() - started
    expected = operations * len(viewers)
    deadline = time.perf_counter() + DRAIN_SECONDS
    while sum(map(len, inboxes)) < expected and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(process.pid) - cpu_before
    latencies = sorted(
        (at - sent_at[n]) / 1e6 for inbox in inboxes for n, at in inbox if n in sent_at
    )
    for ws in [drawer, *viewers]:
        await ws.close()
    for task in tasks:
        task.cancel()
    delivered = len(latencies)
    return {
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] if latencies else float("nan"),
        "fanned_per_s": delivered / elapsed,
        "sent_per_s": operations / drawing,
        "cpu_us": cpu * 1e6 / max(delivered, 1),
        "delivered": delivered / expected,
        "refused": len(errors),
    }


def measure(viewers, worlds, env, args):
    results = {}
    for count in viewers:
        print(f"… relay N={count}", file=sys.stderr, flush=True)
        with relay_server() as (process, port):
            results[count, "relay"] = asyncio.run(
                run("relay", process, port, None, [None] * (count + 1), args)
            )
        print(f"… uvicorn N={count}", file=sys.stderr, flush=True)
        board_id, cookies = worlds[count]
        with uvicorn_server(env) as (process, port):
            results[count, "commons"] = asyncio.run(
                run("uvicorn", process, port, board_id, cookies, args)
            )
    return results


def ratio(value, floor):
    return f"{value / floor:.1f}×" if floor else "-"


def table(viewers, results):
    lines = [
        "| N | server | p50 ms | p99 ms | ops/s fanned out | CPU µs/frame | delivered | refused "
        "| p50 vs relay | p99 vs relay | ops/s vs relay | CPU vs relay |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count in viewers:
        floor = results[count, "relay"]
        for name, key in (("raw relay (floor)", "relay"), ("Commons (uvicorn)", "commons")):
            r = results[count, key]
            lines.append(
                f"| {count} | {name} | {r['p50']:.1f} | {r['p99']:.1f} | {r['fanned_per_s']:.0f} "
                f"| {r['cpu_us']:.0f} | {r['delivered']:.1%} | {r['refused']} "
                f"| {ratio(r['p50'], floor['p50'])} | {ratio(r['p99'], floor['p99'])} "
                f"| {r['fanned_per_s'] / floor['fanned_per_s']:.2f}× "
                f"| {ratio(r['cpu_us'], floor['cpu_us'])} |"
            )
    return "\n".join(lines)


def main():
    args = parse_args()
    load_before = os.getloadavg()
    with throwaway_database(args.postgres_url) as database, tempfile.TemporaryDirectory() as static:
        database_url = f"{args.postgres_url}/{database}"
        secret_key = secrets.token_urlsafe(60)
        worlds = prepare(database_url, secret_key, args.viewers)
        env = production_env(
            database_url,
            static,
            secret_key,
            REDIS_URL=args.redis_url,
            # Redis pub/sub ignores database numbers: a prefix of its own keeps other
            # servers on this Redis out of the run.
            CHANNEL_LAYER_PREFIX=f"boardbench{secrets.token_hex(3)}",
        )
        collect_static(env)
        results = measure(args.viewers, worlds, env, args)
    load = os.getloadavg()
    print(
        f"\nWhiteboard fan-out: one drawer, {args.rate:g} strokes a second ({args.points} "
        f"points each) for {args.seconds:g} s, N viewers; uvicorn (1 worker, production "
        f"settings, Redis pub/sub layer) vs a bare websockets relay. {os.cpu_count()} CPUs; "
        f"load average {load_before[0]:.2f} before, {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        f"after.\n"
    )
    print(table(args.viewers, results))


if __name__ == "__main__":
    main()
