"""Community-health benchmark: the worker's task (groups.tasks.refresh_course_health) on
one course of 5,000 students with 500,000 interactions in the log. Prints a table of
wall time, peak Python memory (tracemalloc) and queries, against a floor measured in
the same run: just reading the course's interaction rows (what any computation of the
graph must at least do).

    .venv/bin/python benchmarks/community_health.py [--students 5000] [--interactions 500000]

Uses PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
commons_bench_health; created and filled on first use). The course has 3 staff, 1 % of
its students have a block on another, 600 study groups of 3 to 8 (a tenth archived) with
weekly meetings, 40,000 group-chat messages over ten weeks and some free hours for
everyone. Interactions spread over 60 days, most between students who share a group,
some with staff, some with people outside the course; a tenth of the students have none.
Each run is rolled back, so runs repeat on the same data.
"""

import argparse
import os
import random
import sys
import time
import tracemalloc
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/commons_bench_health"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-that-is-long-enough-to-pass")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import AvailabilitySlot, Block, Interaction, Profile  # noqa: E402
from benchmarks.database import ensure_database  # noqa: E402
from courses.health import LOOKBACK, compute_graph  # noqa: E402
from courses.models import Course, Enrolment  # noqa: E402
from groups.health_refresh import refresh  # noqa: E402
from groups.models import MeetingSlot, Membership, StudyGroup  # noqa: E402
from lounge.models import Channel, Message  # noqa: E402

UNUSABLE = make_password(None)
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo", "America/Sao_Paulo"]
KINDS = [kind.value for kind in Interaction.Kind] + ["studied_together"]
GROUPS = 600
MESSAGES = 40_000
OUTSIDERS = 500


def _people(prefix, count, rng):
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@bench.test", password=UNUSABLE)
        for n in range(count)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"{prefix.title()} {n}", time_zone=rng.choice(ZONES))
        for n, user in enumerate(users)
    )
    return users


@transaction.atomic
def fill(students, interactions):
    """Fills the course once; returns it."""
    course = Course.objects.filter(code="HEALTH1").first()
    if course is not None:
        return course
    rng = random.Random(19)
    people = _people("student", students, rng)
    staff = _people("teacher", 3, rng)
    outsiders = _people("outsider", OUTSIDERS, rng)
    course = Course.objects.create(title="Health at scale", code="HEALTH1", term="T")
    Enrolment.objects.bulk_create(
        [Enrolment(course=course, user=user) for user in people]
        + [Enrolment(course=course, user=user, role=Enrolment.Role.INSTRUCTOR) for user in staff]
    )
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(user=user, weekday=day, hour=hour)
        for user in people
        for day in rng.sample(range(7), 3)
        for hour in range(rng.choice([8, 13, 18]), rng.choice([8, 13, 18]) + 3)
    )
    now = timezone.now()
    groups = StudyGroup.objects.bulk_create(
        StudyGroup(
            name=f"Group {n}",
            course=course,
            owner=people[n * 7 % students],
            capacity=8,
            archived_at=now if n % 10 == 0 else None,
        )
        for n in range(GROUPS)
    )
    members_of = {}
    memberships = []
    for group in groups:
        members = rng.sample(people, rng.randint(3, 8))
        members_of[group.pk] = members
        memberships += [Membership(group=group, user=user) for user in members]
        group.member_count = len(members)
    Membership.objects.bulk_create(memberships, ignore_conflicts=True)
    StudyGroup.objects.bulk_update(groups, ["member_count"])
    MeetingSlot.objects.bulk_create(
        MeetingSlot(
            group=group,
            weekday=rng.randrange(7),
            start_time=clock(rng.choice([9, 14, 19])),
            duration_minutes=60,
            time_zone=rng.choice(ZONES),
        )
        for group in groups
    )
    group_type = ContentType.objects.get_for_model(StudyGroup)
    channels = Channel.objects.bulk_create(
        Channel(
            kind=Channel.Kind.GROUP,
            slug=f"bench-group-{group.pk}",
            name=group.name,
            owner_type=group_type,
            owner_id=group.pk,
        )
        for group in groups
    )
    Message.objects.bulk_create(
        (
            Message(
                channel=channel,
                seq=n,
                author=rng.choice(members_of[channel.owner_id]),
                body="Shall we meet on Thursday?",
                body_html="<p>Shall we meet on Thursday?</p>",
                created_at=now - timedelta(minutes=rng.randrange(60 * 24 * 70)),
            )
            for n in range(MESSAGES)
            for channel in [channels[n % len(channels)]]
        ),
        batch_size=5000,
    )
    Block.objects.bulk_create(
        (
            Block(blocker=rng.choice(people), blocked=rng.choice(people))
            for _ in range(students // 100)
        ),
        ignore_conflicts=True,
    )
    alone = set(rng.sample(range(students), students // 10))
    talkers = [user for n, user in enumerate(people) if n not in alone]
    group_lists = list(members_of.values())
    rows = []
    for _ in range(interactions):
        roll = rng.random()
        if roll < 0.6:
            person, other = rng.sample(rng.choice(group_lists), 2)
        elif roll < 0.85:
            person, other = rng.sample(talkers, 2)
        elif roll < 0.95:
            person, other = rng.choice(talkers), rng.choice(staff)
        else:
            person, other = rng.choice(talkers), rng.choice(outsiders)
        if rng.random() < 0.5:
            person, other = other, person
        if person.pk == other.pk:
            continue
        rows.append(
            Interaction(
                person=person,
                other=other,
                kind=rng.choice(KINDS),
                created_at=now - timedelta(minutes=rng.randrange(60 * 24 * 60)),
            )
        )
    Interaction.objects.bulk_create(rows, batch_size=10_000)
    return course


class Rollback(Exception):
    pass


def read_rows(course):
    """The floor: the course's interaction rows in the lookback, read and nothing else."""
    members = Enrolment.objects.filter(course=course).values("user_id")
    now = timezone.now()
    return len(
        list(
            Interaction.objects.filter(
                created_at__gte=now - LOOKBACK, person_id__in=members, other_id__in=members
            ).values_list("person_id", "other_id", "kind", "created_at")
        )
    )


def measure(name, work):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            result = work()
            raise Rollback
    except Rollback:
        pass
    wall = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return name, wall, peak / 2**20, len(queries), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    ensure_database()
    print(f"Filling {options.students} students, {options.interactions} interactions…", flush=True)
    course = fill(options.students, options.interactions)
    print(f"\n{Interaction.objects.count():,} interactions in the log\n")
    print("| run | work | seconds | peak MiB | queries | result |")
    print("|---:|---|---:|---:|---:|---|")
    for run in range(1, options.runs + 1):
        rows = [
            measure(
                "read the course's interaction rows (floor)", lambda: f"{read_rows(course):,} rows"
            ),
            measure(
                "the graph alone (courses.health)",
                lambda: f"{len(compute_graph(course, timezone.now())['ties']):,} ties",
            ),
            measure(
                "the whole task (graph, groups, stored)",
                lambda: f"{len(refresh(course.pk).data['groups'])} groups",
            ),
        ]
        for name, wall, peak, queries, result in rows:
            print(f"| {run} | {name} | {wall:.2f} | {peak:.1f} | {queries} | {result} |")


if __name__ == "__main__":
    main()
