"""Chat fan-out benchmark: one sender, N listeners in one lounge channel.

For each server configuration (daphne or uvicorn, channels-redis' core or pub/sub
layer) and for a bare `websockets` relay measured in the same run, it reports:

- msgs/s: messages the sender got acknowledged per second (one in flight, so each
  message is saved, broadcast and acknowledged before the next);
- deliveries/s: message frames received by all listeners per second;
- p50/p99 send-to-receive latency over every (message, listener) pair;
- server CPU-µs per delivered frame (the ASGI process) and Redis CPU-µs per frame;
- memory per idle connection (RSS growth of the server process / N);
- delivered: frames received / frames expected (the layer is at-most-once);
- connect frames: frames the listeners received while the room connected (presence),
  and the server CPU seconds until it went idle again.

The chat is measured only once the server is idle after the connects (its CPU time
stops moving), so the presence of N sockets joining is not counted as chat.

Run (PostgreSQL and Redis must be up; it uses its own database and Redis db):

    python benchmarks/chat_fanout.py                 # N = 50, 200: raw and uvicorn:pubsub
    python benchmarks/chat_fanout.py --listeners 1000 --messages 30
    python benchmarks/chat_fanout.py --configs raw uvicorn:pubsub daphne:pubsub

Numbers go to stdout and benchmarks/results.md; they are not test assertions.
"""

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATTERN = re.compile(r"bench (\d+) (\d+)")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
IDLE_CPU_SHARE = 0.03  # the server counts as idle below 3 % of a core...
IDLE_WINDOW_SECONDS = 0.5  # ...over this long
CONFIGS = [
    ("raw websockets", None),
    ("daphne", "core"),
    ("daphne", "pubsub"),
    ("uvicorn", "core"),
    ("uvicorn", "pubsub"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listeners", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/commons_lounge_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument(
        "--configs",
        nargs="+",
        default=["raw", "uvicorn:pubsub"],
        help='e.g. raw "uvicorn:pubsub" "daphne:core"',
    )
    parser.add_argument(
        "--no-deflate",
        action="store_true",
        help="uvicorn without permessage-deflate (less CPU per frame, more bytes)",
    )
    parser.add_argument(
        "--output", default="", help="also write the table to this file (e.g. a scratch .md)"
    )
    return parser.parse_args()


# The world: users, a channel, sessions ------------------------------------------


def setup_django(args):
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = args.redis_url
    sys.path.insert(0, str(ROOT))
    _create_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database(url):
    import psycopg

    *server, name = url.rsplit("/", 1)
    with psycopg.connect(server[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def make_world(listeners):
    from django.contrib.auth import (
        get_user_model,
    )

    from lounge import actions
    from lounge.models import Channel

    users = []
    for n in range(listeners + 1):
        user, _ = get_user_model().objects.get_or_create(
            username=f"bench{n}", defaults={"email": f"bench{n}@bench.test"}
        )
        users.append(user)
    Channel.objects.filter(slug="bench").delete()
    channel = actions.create_channel(
        users[0], kind=Channel.Kind.SOCIAL, name="bench", slug="bench", members=users
    )
    return channel.pk, [session_cookie(user) for user in users]


def session_cookie(user):
    """A signed-in session of `user`, as its cookie value."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


# Servers ----------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(kind, layer, port, args, workers=1):
    """The server, ready to answer; in a session of its own (its workers with it)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CHANNEL_LAYER": layer or "core",
    }
    if kind == "raw websockets":
        command = [sys.executable, str(ROOT / "benchmarks" / "raw_broadcast.py"), str(port)]
    elif kind == "uvicorn":
        command = [
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
            *(["--ws-per-message-deflate", "false"] if getattr(args, "no_deflate", False) else []),
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "0",
            "config.asgi:application",
        ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if kind == "raw websockets":
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            else:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{kind} did not start")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def redis_cpu_seconds(url):
    import redis

    info = redis.Redis.from_url(url).info("cpu")
    return info["used_cpu_sys"] + info["used_cpu_user"]


# One run ----------------------------------------------------------------------


async def connect(kind, port, channel_id, cookie):
    import websockets

    if kind == "raw websockets":
        return await websockets.connect(f"ws://127.0.0.1:{port}/", max_size=2**20)
    return await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/me/channels/{channel_id}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        max_size=2**20,
        open_timeout=60,
    )


async def wait_until_idle(pid, timeout=120):
    """Wait until the server's CPU time stops moving; returns the seconds waited."""
    started = time.perf_counter()
    before = cpu_seconds(pid)
    while time.perf_counter() - started < timeout:
        await asyncio.sleep(IDLE_WINDOW_SECONDS)
        now = cpu_seconds(pid)
        if now - before < IDLE_CPU_SHARE * IDLE_WINDOW_SECONDS:
            break
        before = now
    return time.perf_counter() - started


async def listen(ws, received, counts):
    try:
        async for frame in ws:
            counts[0] += 1
            match = PATTERN.search(frame)
            if match:
                received.append((int(match.group(1)), time.perf_counter_ns()))
    except Exception:  # noqa: BLE001, S110 - the run ends by closing sockets
        pass


async def run_once(kind, layer, listeners, args, world):
    channel_id, cookies = world
    port = free_port()
    server = start_server(kind, layer, port, args)
    try:
        sender = await connect(kind, port, channel_id, cookies[0])
        await asyncio.sleep(0.5)
        rss_before = rss_kib(server.pid)
        semaphore = asyncio.Semaphore(25)

        async def open_listener(cookie):
            async with semaphore:
                return await connect(kind, port, channel_id, cookie)

        counts = [0]
        connect_cpu = cpu_seconds(server.pid)
        connect_started = time.perf_counter()
        sockets = await asyncio.gather(*(open_listener(c) for c in cookies[1:]))
        inboxes = [[] for _ in sockets]
        tasks = [
            asyncio.create_task(listen(ws, inbox, counts))
            for ws, inbox in zip(sockets, inboxes, strict=True)
        ]
        await wait_until_idle(server.pid)  # presence of N connects settles
        connect_seconds = time.perf_counter() - connect_started
        connect_cpu = cpu_seconds(server.pid) - connect_cpu
        connect_frames = counts[0]
        rss_after = rss_kib(server.pid)
        sent_at = {}
        cpu_before, redis_before = cpu_seconds(server.pid), redis_cpu_seconds(args.redis_url)
        started = time.perf_counter()
        for n in range(args.messages):
            sent_at[n] = time.perf_counter_ns()
            await sender.send(
                json.dumps(
                    {
                        "type": "post",
                        "body": f"bench {n} {sent_at[n]}",
                        "client_id": f"b{time.time_ns()}",
                    }
                )
            )
            while True:  # wait for the ack: one message in flight
                frame = await asyncio.wait_for(sender.recv(), 30)
                if '"ack"' in frame or '"error"' in frame:
                    break
        expected = args.messages * listeners
        deadline = time.perf_counter() + 30
        while sum(len(i) for i in inboxes) < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(server.pid) - cpu_before
        redis_cpu = redis_cpu_seconds(args.redis_url) - redis_before
        latencies = sorted(
            (at - sent_at[n]) / 1e6 for inbox in inboxes for n, at in inbox if n in sent_at
        )
        delivered = len(latencies)
        for ws in [sender, *sockets]:
            await ws.close()
        for task in tasks:
            task.cancel()
        return {
            "server": kind,
            "layer": layer or "-",
            "listeners": listeners,
            "msgs_per_s": args.messages / elapsed,
            "deliveries_per_s": delivered / elapsed,
            "p50_ms": statistics.median(latencies) if latencies else float("nan"),
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan"),
            "cpu_us_per_frame": cpu * 1e6 / max(delivered, 1),
            "redis_us_per_frame": redis_cpu * 1e6 / max(delivered, 1) if layer else 0.0,
            "kib_per_conn": max(rss_after - rss_before, 0) / listeners,
            "delivered": delivered / expected,
            "connect_frames": connect_frames,
            "connect_cpu_s": connect_cpu,
            "connect_s": connect_seconds,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def table(results):
    header = (
        "| server | layer | N | msgs/s | deliveries/s | p50 ms | p99 ms | server CPU µs/frame "
        "| Redis CPU µs/frame | KiB/idle conn | delivered | connect: frames / CPU s / s "
        "| deliveries/s vs raw | p99 vs raw | CPU vs raw |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    raw = {r["listeners"]: r for r in results if r["server"] == "raw websockets"}
    lines = [header]
    for r in results:
        base = raw.get(r["listeners"])
        ratio = (
            f"{r['deliveries_per_s'] / base['deliveries_per_s']:.2f}× | "
            f"{r['p99_ms'] / base['p99_ms']:.1f}× | "
            + (  # too short a run for the clock ticks of /proc: no ratio
                f"{r['cpu_us_per_frame'] / base['cpu_us_per_frame']:.1f}×"
                if base["cpu_us_per_frame"]
                else "-"
            )
            if base
            else "- | - | -"
        )
        lines.append(
            f"| {r['server']} | {r['layer']} | {r['listeners']} | {r['msgs_per_s']:.1f} | "
            f"{r['deliveries_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['cpu_us_per_frame']:.0f} | {r['redis_us_per_frame']:.0f} | "
            f"{r['kib_per_conn']:.0f} | {r['delivered']:.1%} | "
            f"{r['connect_frames']} / {r['connect_cpu_s']:.1f} / {r['connect_s']:.1f} | {ratio} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    setup_django(args)
    results = []
    import django.db

    for listeners in args.listeners:
        for kind, layer in CONFIGS:
            name = f"{kind}:{layer}" if layer else kind
            if name not in args.configs and not (kind.startswith("raw") and "raw" in args.configs):
                continue
            print(f"… {kind} {layer or ''} N={listeners}", file=sys.stderr, flush=True)
            world = make_world(listeners)
            django.db.connections.close_all()
            results.append(asyncio.run(run_once(kind, layer, listeners, args, world)))
    load = os.getloadavg()
    output = (
        f"{args.messages} messages, one in flight, per row; {os.cpu_count()} CPUs, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end.\n\n" + table(results)
    )
    print(output)
    if args.output:
        Path(args.output).write_text(output + "\n")


if __name__ == "__main__":
    main()
