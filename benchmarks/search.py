"""Message search at scale: `lounge.search.search_messages` over a million messages,
next to a floor measured in the same run (the newest page of one channel, read by its
index: what opening a channel costs the database).

    .venv/bin/python benchmarks/search.py [--messages 1000000] [--runs 30] [--keep]

It creates a throwaway PostgreSQL database (BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432), migrates it, writes the messages in SQL (the
search trigger fills their vectors as in production), ANALYZEs, and times each query
`--runs` times in process for a searcher who may read 40 of the 200 channels. Words are
drawn from a skewed vocabulary, so queries range from rare to very common."""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.db_connections import throwaway_database  # noqa: E402

CHANNELS = 200
READABLE = 40
PEOPLE = 300
# Vocabulary: word i is drawn with probability falling off like a power law.
VOCABULARY = 5000
QUERIES = [
    ("rare word", "w4900"),
    ("uncommon word", "w700"),
    ("common word", "w20"),
    ("very common word", "w1"),
    ("two words", "w30 w45"),
    ("phrase", '"w10 w11"'),
    ("word, minus another", "w50 -w2"),
    ("no match", "nothingmatches"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (its name is printed)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    return parser.parse_args()


def setup(database_url):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(40),
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(messages):
    """People, channels (the searcher in READABLE of them) and `messages` messages, in SQL."""
    from django.db import connection

    from accounts.models import User
    from lounge.models import Channel, Membership
    from tests.factories import UserFactory

    # Only the searcher signs in: the other authors need no password or profile.
    searcher = UserFactory(username="searcher")
    people = [searcher] + User.objects.bulk_create(
        [User(username=f"p{n}", email=f"p{n}@bench.test") for n in range(1, PEOPLE)]
    )
    channels = Channel.objects.bulk_create(
        [Channel(kind="group", slug=f"c{n}", name=f"Channel {n}") for n in range(CHANNELS)]
    )
    Membership.objects.bulk_create(
        [Membership(channel=channel, user=searcher) for channel in channels[:READABLE]]
    )
    first_channel, first_person = channels[0].pk, people[0].pk
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO lounge_message (channel_id, seq, author_id, body, body_html,
                created_at, changed_at, version, pending, hidden_reason, flag_reason)
            SELECT %(first_channel)s + g %% %(channels)s,
                   g / %(channels)s + 1,
                   %(first_person)s + (g * 7) %% %(people)s,
                   body, body,
                   now() - make_interval(secs => (%(messages)s - g) * 30),
                   now(), 1, false, '', ''
            FROM generate_series(0, %(messages)s - 1) AS g,
            LATERAL (
                SELECT string_agg('w' || floor(power(random(), 4) * %(vocabulary)s)::int, ' ')
                       AS body
                FROM generate_series(1, 6 + g %% 14)
            ) AS words
            """,
            {
                "first_channel": first_channel,
                "channels": CHANNELS,
                "first_person": first_person,
                "people": PEOPLE,
                "messages": messages,
                "vocabulary": VOCABULARY,
            },
        )
        cursor.execute("UPDATE lounge_channel SET last_seq = %s", [messages // CHANNELS + 1])
        cursor.execute("ANALYZE")
    print(
        f"… {messages:,} messages written in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    return User.objects.select_related("profile").get(pk=searcher.pk), channels[0]


def timed(run, runs):
    run()  # warm: plans and caches, as on a server that has been up a while
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return result, statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main():
    args = parse_args()
    with throwaway_database(args.postgres_url, keep=args.keep) as name:
        if args.keep:
            print(f"… database {name} is kept", file=sys.stderr)
        setup(f"{args.postgres_url}/{name}")
        from django.db import connection

        from lounge.models import Message
        from lounge.search import search_messages

        searcher, channel = fill(args.messages)

        def floor():
            return list(Message.objects.filter(channel=channel).order_by("-seq")[:20])

        _, floor_p50, floor_p95 = timed(floor, args.runs)
        rows = [("floor: a channel's newest 20 messages", "", 20, floor_p50, floor_p95)]
        for label, text in QUERIES:
            (hits, _more), p50, p95 = timed(lambda t=text: search_messages(searcher, t), args.runs)
            rows.append((label, text, len(hits), p50, p95))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM lounge_message")
            total = cursor.fetchone()[0]
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        print(
            f"\n{total:,} messages in {CHANNELS} channels, the searcher reads {READABLE}; "
            f"{args.runs} runs per query, in process; load average {load}\n"
        )
        print("| query | text | hits shown | p50 ms | p95 ms | p95 vs floor |")
        print("|---|---|---:|---:|---:|---:|")
        for label, text, hits, p50, p95 in rows:
            print(
                f"| {label} | `{text}` | {hits} | {p50:.1f} | {p95:.1f} | {p95 / floor_p95:.1f}× |"
                if text
                else f"| {label} | | {hits} | {p50:.1f} | {p95:.1f} | 1.0× |"
            )
        connection.close()


if __name__ == "__main__":
    main()
