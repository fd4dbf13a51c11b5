"""Chat soak: clients that behave like the channel page, on two uvicorn workers.

Each client opens /ws/me/channels/<id>/, heartbeats every 15 s, posts one message every
`--every` seconds with a fresh client id, re-sends unacknowledged posts with the same
client ids after a reconnect (as static/js/chat.js does), resumes when a pushed row skips a number
or the server sends a `resume` hint, and reconnects when the socket closes. At the end
it checks the database: every acknowledged message stored once and received by every
member of its channel.

    python benchmarks/chat_soak.py                       # 200 clients, 10 channels, 60 s
    python benchmarks/chat_soak.py --clients 50 --seconds 20

Prints sustained messages/s, ack and delivery p95, closes, and the checks.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.chat_fanout import (  # noqa: E402
    cpu_seconds,
    free_port,
    session_cookie,
    setup_django,
    start_server,
)

HEARTBEAT_SECONDS = 15
SENT_AT = re.compile(r"soak [0-9a-f]{32} (\d+)")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--every", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/commons_lounge_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    return parser.parse_args()


def make_world(clients, channels):
    """`clients` people split evenly over `channels` social channels; their cookies."""
    from django.contrib.auth import get_user_model

    from lounge import actions
    from lounge.models import Channel

    users = [
        get_user_model().objects.get_or_create(
            username=f"soak{n}", defaults={"email": f"soak{n}@bench.test"}
        )[0]
        for n in range(clients)
    ]
    Channel.objects.filter(slug__startswith="soak-").delete()
    plan = []
    for c in range(channels):
        members = users[c::channels]
        channel = actions.create_channel(
            members[0],
            kind=Channel.Kind.SOCIAL,
            name=f"soak-{c}",
            slug=f"soak-{c}",
            members=members,
        )
        plan.extend((channel.pk, user.pk, session_cookie(user)) for user in members)
    return plan


def worker_pids(parent):
    children = Path(f"/proc/{parent}/task/{parent}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


class Client:
    def __init__(self, channel_id, user_id, cookie, port, stats):
        self.channel_id, self.user_id, self.cookie, self.port = channel_id, user_id, cookie, port
        self.stats = stats
        self.last_seq = 0
        self.resuming = False
        self.pending = {}  # client id -> (frame, sent at)
        self.seen = set()
        self.ws = None

    async def connect(self):
        import websockets

        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/ws/me/channels/{self.channel_id}/",
            origin=f"http://127.0.0.1:{self.port}",
            additional_headers={"Cookie": f"sessionid={self.cookie}"},
            max_size=2**20,
            open_timeout=30,
        )
        await self.send({"type": "resume", "after": self.last_seq})
        self.resuming = True
        for frame, *_ in list(self.pending.values()):  # the same client ids
            self.stats["resent"] += 1
            await self.send(frame)

    async def send(self, frame):
        with contextlib.suppress(Exception):  # the reader notices and reconnects
            await self.ws.send(json.dumps(frame))

    def on_row(self, frame):
        seq = frame["seq"]
        if frame.get("new") and seq not in self.seen:
            self.seen.add(seq)
            match = SENT_AT.search(frame["html"])
            if match and not self.resuming:
                self.stats["delivery"].append((time.perf_counter_ns() - int(match[1])) / 1e9)
        if seq == self.last_seq + 1:
            self.last_seq = seq
            while self.last_seq + 1 in self.seen:
                self.last_seq += 1
        elif seq > self.last_seq + 1 and not self.resuming:
            self.resuming = True
            return {"type": "resume", "after": self.last_seq}
        return None

    async def read(self, until):
        while time.perf_counter() < until + 10:
            try:
                if self.ws is None:
                    await self.connect()
                text = await asyncio.wait_for(self.ws.recv(), 1)
            except TimeoutError:
                continue
            except Exception as error:  # noqa: BLE001
                code = getattr(getattr(error, "rcvd", None), "code", None)
                self.stats["closes"].append(code)
                self.ws = None
                await asyncio.sleep(random.uniform(0.1, 1.0))  # noqa: S311
                continue
            frame = json.loads(text)
            kind = frame["type"]
            if kind == "message":
                reply = self.on_row(frame)
                if reply:
                    await self.send(reply)
            elif kind == "ack":
                entry = self.pending.pop(frame["client_id"], None)
                if entry is not None:
                    self.stats["ack"].append(time.perf_counter() - entry[1])
                    self.stats["acked"].add((self.user_id, frame["client_id"], frame["seq"]))
            elif kind == "resumed":
                self.resuming = False
            elif kind == "resume" and frame["seq"] > self.last_seq and not self.resuming:
                self.resuming = True
                await self.send({"type": "resume", "after": self.last_seq})
            elif kind == "error":
                self.stats["errors"].append(frame.get("code"))

    async def write(self, until, every):
        await asyncio.sleep(random.uniform(0, every))  # noqa: S311
        beat = time.perf_counter()
        while time.perf_counter() < until:
            now = time.perf_counter()
            if self.ws is not None:
                client_id = uuid.uuid4().hex
                body = f"soak {client_id} {time.perf_counter_ns()}"
                frame = {"type": "post", "body": body, "client_id": client_id}
                self.pending[client_id] = (frame, now)
                self.stats["posted"] += 1
                await self.send(frame)
                if now - beat >= HEARTBEAT_SECONDS:
                    beat = now
                    await self.send({"type": "heartbeat", "state": "online"})
            await asyncio.sleep(every)


def p95(values):
    return statistics.quantiles(values, n=20)[-1] * 1000 if len(values) > 20 else float("nan")


async def soak(args, plan, port, server):
    stats = {
        "ack": [],
        "delivery": [],
        "acked": set(),
        "closes": [],
        "errors": [],
        "posted": 0,
        "resent": 0,
    }
    clients = [Client(c, u, k, port, stats) for c, u, k in plan]
    semaphore = asyncio.Semaphore(20)

    async def open_one(client):
        async with semaphore:
            await client.connect()

    await asyncio.gather(*(open_one(c) for c in clients))
    workers = worker_pids(server.pid)
    cpu_before = sum(cpu_seconds(pid) for pid in workers)
    started = time.perf_counter()
    until = started + args.seconds
    await asyncio.gather(
        *(c.read(until) for c in clients), *(c.write(until, args.every) for c in clients)
    )
    cpu = sum(cpu_seconds(pid) for pid in workers) - cpu_before
    for client in clients:
        if client.ws is not None:
            await client.ws.close()
    return stats, clients, cpu, time.perf_counter() - started


def check(stats, clients, seconds):
    from lounge.models import Message

    acked = stats["acked"]
    stored = {
        (m["author_id"], m["client_id"]): m
        for m in Message.objects.filter(channel__slug__startswith="soak-").values(
            "author_id", "client_id", "seq", "channel_id"
        )
    }
    missing_rows = sum(1 for user, cid, _ in acked if (user, cid) not in stored)
    by_channel = {}
    for m in stored.values():
        by_channel.setdefault(m["channel_id"], set()).add(m["seq"])
    not_received = sum(
        len(
            {
                m["seq"]
                for (u, cid), m in stored.items()
                if m["channel_id"] == c.channel_id and (u, cid, m["seq"]) in acked
            }
            - c.seen
        )
        for c in clients
    )
    count = Message.objects.filter(channel__slug__startswith="soak-").count()
    return {
        "messages/s acked": len(acked) / seconds,
        "posted": stats["posted"],
        "acked": len(acked),
        "re-sent": stats["resent"],
        "ack p95 ms": p95(stats["ack"]),
        "delivery p95 ms": p95(stats["delivery"]),
        "closes": len(stats["closes"]),
        "keep-alive closes (1011)": stats["closes"].count(1011),
        "close codes": " ".join(
            f"{code}×{stats['closes'].count(code)}"
            for code in sorted(set(stats["closes"]), key=str)
        )
        or "-",
        "errors": len(stats["errors"]),
        "stored rows": count,
        "acked but not stored": missing_rows,
        "stored twice": count - len(stored),
        "acked rows a member never received (within 10 s after the end)": not_received,
    }


def main():
    args = parse_args()
    setup_django(args)
    import django.db

    plan = make_world(args.clients, args.channels)
    django.db.connections.close_all()
    port = free_port()
    server = start_server("uvicorn", "pubsub", port, args, workers=args.workers)
    try:
        stats, clients, cpu, seconds = asyncio.run(soak(args, plan, port, server))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the server and its workers
            server.wait()
    result = check(stats, clients, args.seconds)
    load = os.getloadavg()
    print(
        f"{args.clients} clients, {args.channels} channels, a post each every {args.every} s "
        f"for {args.seconds:.0f} s, {args.workers} uvicorn workers; target "
        f"{args.clients / args.every:.0f} messages/s; workers' CPU {cpu:.1f} s in "
        f"{seconds:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
    )
    print("| measure | value |\n|---|---:|")
    for key, value in result.items():
        print(f"| {key} | {value:.1f} |" if isinstance(value, float) else f"| {key} | {value} |")


if __name__ == "__main__":
    main()
