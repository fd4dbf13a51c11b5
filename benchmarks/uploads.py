"""Upload benchmark: N people post a message with a picture each, all at once.

One uvicorn worker (production settings but for the rate limit, benchmarks.settings)
serves a channel; N clients, each signed in as a different member, send the channel's
plain multipart form at the same moment. Measured in the same run, as the floor: the
same N requests, each with a tiny text file instead of a picture (the checks, the
message, the storage and the broadcast, without decoding and re-encoding a picture).

For each it reports the wall time until the last answer, p50/p95 request latency, the
server's CPU seconds, and its memory: resident size before, and the peak while
serving (sampled every 10 ms, and the kernel's high-water mark), with the growth
over the idle server. Every request must be answered with the redirect to the stored
message, and every picture must be stored, or the run fails.

Run (PostgreSQL must be up; it uses its own database and a temporary directory):

    python benchmarks/uploads.py                  # 50 pictures of 1600 × 1200
    python benchmarks/uploads.py --clients 50 --size 4000x3000

Numbers go to stdout (a markdown table); they are not test assertions.
"""

import argparse
import http.client
import io
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.chat_fanout import (  # noqa: E402
    cpu_seconds,
    free_port,
    rss_kib,
    session_cookie,
    setup_django,
    start_server,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--size", default="1600x1200", help="picture size, WIDTHxHEIGHT")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/commons_uploads_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    return parser.parse_args()


def photo(seed, size):
    """A JPEG that compresses like a photo (noise over a gradient), about 0.5 MB at
    1600 × 1200."""
    from PIL import Image, ImageChops

    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 40 + seed % 20)
    picture = Image.merge(
        "RGB", (gradient, ImageChops.add(noise, gradient, scale=2), noise.rotate(90 * (seed % 2)))
    )
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=90)
    return out.getvalue()


def make_world(clients):
    from django.contrib.auth import get_user_model

    from accounts.models import CodeOfConduct, Profile
    from lounge import actions
    from lounge.models import Channel

    users = []
    for n in range(clients):
        user, _ = get_user_model().objects.get_or_create(
            username=f"upload{n}", defaults={"email": f"upload{n}@bench.test"}
        )
        users.append(user)
    # Signed in and past the code of conduct, so the post is answered, not redirected.
    Profile.objects.filter(user__in=users).update(
        conduct_version_accepted=CodeOfConduct.current_version()
    )
    Channel.objects.filter(slug="uploads").delete()
    channel = actions.create_channel(
        users[0], kind=Channel.Kind.SOCIAL, name="uploads", slug="uploads", members=users
    )
    return channel, [session_cookie(user) for user in users]


def multipart(fields, files):
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        header = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{header}{value}\r\n".encode())
    for name, filename, content_type, data in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(port, slug, cookie, file, start, results, index):
    csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked secret
    body, content_type = multipart(
        {"body": f"picture {index}", "client_id": secrets.token_hex(8)}, [file]
    )
    start.wait()
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(
        "POST",
        f"/lounge/c/{slug}/post/",
        body=body,
        headers={
            "Content-Type": content_type,
            "Cookie": f"sessionid={cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        },
    )
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    # Stored: the answer is the redirect to the new message in the channel.
    stored = response.status == 302 and "#message-" in (response.getheader("Location") or "")
    if not stored:
        print(f"not stored: {response.status} {answer[:200]!r}", flush=True)
    results[index] = (stored, time.perf_counter() - began, time.perf_counter())


def sample_memory(pid, stop, peak):
    while not stop.is_set():
        peak[0] = max(peak[0], rss_kib(pid))
        time.sleep(0.01)


def high_water_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run(name, port, pid, slug, cookies, files):
    start = threading.Barrier(len(cookies) + 1)
    results = [None] * len(cookies)
    threads = [
        threading.Thread(target=post, args=(port, slug, cookie, file, start, results, n))
        for n, (cookie, file) in enumerate(zip(cookies, files, strict=True))
    ]
    for thread in threads:
        thread.start()
    before_rss = rss_kib(pid)
    before_cpu = cpu_seconds(pid)
    stop, peak = threading.Event(), [before_rss]
    sampler = threading.Thread(target=sample_memory, args=(pid, stop, peak))
    sampler.start()
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    wall = max(r[2] for r in results) - began
    stop.set()
    sampler.join()
    failed = sum(1 for r in results if not r[0])
    if failed:
        raise SystemExit(f"{name}: {failed} of {len(results)} posts were not stored")
    latencies = sorted(r[1] for r in results)
    return {
        "name": name,
        "bytes": sum(len(f[3]) for f in files),
        "wall": wall,
        "p50": statistics.median(latencies),
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "cpu": cpu_seconds(pid) - before_cpu,
        "rss_before": before_rss,
        "rss_peak": peak[0],
        "hwm": high_water_kib(pid),
    }


def main():
    args = parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    private = tempfile.mkdtemp(prefix="commons-uploads-")
    os.environ["PRIVATE_FILES_ROOT"] = private
    os.environ["CHANNEL_LAYER_PREFIX"] = "uploads-bench"
    # A connection per request: 50 request threads each keeping one (CONN_MAX_AGE > 0)
    # exhaust a shared PostgreSQL (production uses the pool, see production.py).
    os.environ["CONN_MAX_AGE"] = "0"
    setup_django(args)
    from lounge.models import Attachment

    channel, cookies = make_world(args.clients)
    print(f"making {args.clients} pictures of {width} × {height}…", flush=True)
    pictures = [
        ("files", f"photo-{n}.jpg", "image/jpeg", photo(n, (width, height)))
        for n in range(args.clients)
    ]
    texts = [("files", f"note-{n}.txt", "text/plain", b"hello\n") for n in range(args.clients)]
    port = free_port()
    server = start_server("uvicorn", "pubsub", port, args)
    try:
        time.sleep(1)
        # One request of each first: imports and connections are not part of the numbers.
        run("warm-up", port, server.pid, channel.slug, cookies[:1], texts[:1])
        run("warm-up", port, server.pid, channel.slug, cookies[:1], pictures[:1])
        floor = run("floor: tiny text files", port, server.pid, channel.slug, cookies, texts)
        images = run("pictures", port, server.pid, channel.slug, cookies, pictures)
    finally:
        server.terminate()
        server.wait(timeout=10)
    stored = Attachment.objects.filter(message__channel=channel, kind="image").count()
    if stored != args.clients + 1:
        raise SystemExit(f"{stored} pictures stored, expected {args.clients + 1}")
    print()
    print(f"{args.clients} concurrent uploads, one uvicorn worker, pictures {width} × {height}")
    print()
    print(
        "| run | sent | wall | p50 | p95 | server CPU | RSS before | peak RSS (sampled) | "
        "peak growth | VmHWM |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in (floor, images):
        print(
            f"| {row['name']} | {row['bytes'] / 2**20:.1f} MB | {row['wall']:.2f} s | "
            f"{row['p50']:.2f} s | {row['p95']:.2f} s | {row['cpu']:.2f} s | "
            f"{row['rss_before'] / 1024:.0f} MB | {row['rss_peak'] / 1024:.0f} MB | "
            f"{(row['rss_peak'] - row['rss_before']) / 1024:.0f} MB | {row['hwm'] / 1024:.0f} MB |"
        )
    per_picture = (images["cpu"] - floor["cpu"]) / args.clients
    print()
    print(
        f"pictures / floor: wall {images['wall'] / floor['wall']:.1f}×, "
        f"CPU {images['cpu'] / max(floor['cpu'], 1e-9):.1f}×; "
        f"{per_picture * 1000:.0f} ms of server CPU per picture over the floor"
    )


if __name__ == "__main__":
    main()
