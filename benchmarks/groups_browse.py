"""Browse-page benchmark: /groups/ over 10,000 study groups, next to a bare Django view
that renders the same page of rows. Prints a table of requests/s and latency.

    .venv/bin/python benchmarks/groups_browse.py [--groups 10000] [--requests 60]

Uses PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
commons_bench; the database is created and filled on first use). Requests go
through Django's full middleware stack in-process and one at a time, so the
numbers are per-request server cost on one core, without network or server.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/commons_bench"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-that-is-long-enough-to-pass")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from accounts.actions import accept_code_of_conduct, set_free_hours  # noqa: E402
from accounts.models import CodeOfConduct, Interest, Language  # noqa: E402
from benchmarks.database import ensure_database  # noqa: E402
from groups.models import MeetingSlot, Membership, StudyGroup  # noqa: E402
from groups.schedule import MEETINGS  # noqa: E402

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Australia/Sydney",
    "America/St_Johns",
]
PAGE_SIZE = 12

BARE_TEMPLATE = engines["django"].from_string(
    "<ul>{% for group in groups %}<li><a href='/groups/{{ group.pk }}/'>{{ group.name }}</a> "
    "{{ group.member_count }}/{{ group.capacity }} {{ group.description|truncatechars:160 }}"
    "</li>{% endfor %}</ul>"
)


def bare_view(request):
    """The floor: one query for a page of groups, a minimal template, no fit or filters."""
    groups = StudyGroup.objects.filter(archived_at__isnull=True).order_by("-created_at")[:PAGE_SIZE]
    return HttpResponse(BARE_TEMPLATE.render({"groups": groups}, request))


urlpatterns = [path("bare/", bare_view), path("", include("config.urls"))]


@transaction.atomic
def fill(group_count):
    if StudyGroup.objects.count() >= group_count:
        return
    rng = random.Random(7)
    User = get_user_model()
    people = [
        User.objects.get_or_create(username=f"bench{n}", defaults={"email": f"b{n}@bench.test"})[0]
        for n in range(300)
    ]
    for person in people:
        person.profile.time_zone = rng.choice(ZONES)
        person.profile.save(update_fields=["time_zone"])
        start = rng.choice([7, 12, 18, 19, 20])
        set_free_hours(
            person, [(d, h) for d in rng.sample(range(7), 4) for h in range(start, start + 3)]
        )
    topics = [Interest.objects.get_or_create(name=f"topic {n}")[0] for n in range(40)]
    languages = list(Language.objects.all()[:10])
    existing = StudyGroup.objects.count()
    groups = StudyGroup.objects.bulk_create(
        StudyGroup(
            name=f"Study group {n}: {rng.choice(['probability', 'graphs', 'design', 'essays'])}",
            description="We meet weekly to work through problem sets together. " * 2,
            capacity=8,
            member_count=0,
            visibility=rng.choice(["open", "open", "open", "request"]),
            owner=people[n % len(people)],
        )
        for n in range(existing, group_count)
    )
    Membership.objects.bulk_create(
        Membership(group=group, user=person, role="owner" if person == group.owner else "member")
        for group in groups
        for person in {group.owner, *rng.sample(people, 2)}
    )
    MeetingSlot.objects.bulk_create(
        MeetingSlot(
            group=group,
            weekday=rng.randrange(7),
            start_time=clock(rng.choice([8, 18, 19, 20])),
            duration_minutes=90,
            time_zone=rng.choice(ZONES),
        )
        for group in groups
        for _ in range(rng.choice([1, 2]))
    )
    for group in groups:
        group.member_count = Membership.objects.filter(group=group).count()
    StudyGroup.objects.bulk_update(groups, ["member_count"])
    StudyGroup.topics.through.objects.bulk_create(
        StudyGroup.topics.through(studygroup_id=group.pk, interest_id=rng.choice(topics).pk)
        for group in groups
    )
    StudyGroup.languages.through.objects.bulk_create(
        StudyGroup.languages.through(studygroup_id=group.pk, language_id=rng.choice(languages).pk)
        for group in groups
    )
    # Written past the verbs: bring the weeks already worked out up to date, as they do.
    MEETINGS.refresh([group.pk for group in groups])


def measure(client, url, count):
    client.get(url)  # warm caches and connections
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    total = sum(timings)
    ordered = sorted(timings)
    return {
        "req/s": count / total,
        "p50 ms": 1000 * statistics.median(ordered),
        "p95 ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    options = parser.parse_args()

    ensure_database()
    print(f"Filling {options.groups} groups (first run only)…", flush=True)
    fill(options.groups)
    viewer = get_user_model().objects.get(username="bench0")
    # Otherwise every page redirects to the code of conduct.
    accept_code_of_conduct(viewer, CodeOfConduct.current_version())
    client = Client()
    client.force_login(viewer)
    cases = [
        ("bare Django view, same page of rows", "/bare/"),
        ("/groups/ newest", "/groups/?sort=newest"),
        ("/groups/ best fit (default)", "/groups/"),
        ("/groups/ fits my week + open seats", "/groups/?fits=on&open_seats=on"),
        ("/groups/ full-text search", "/groups/?q=probability"),
        ("/groups/ htmx results fragment", "/groups/?sort=newest&page=3"),
    ]
    rows = []
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], STORAGES=plain_static
    ):
        for label, url in cases:
            headers = {"HTTP_HX_REQUEST": "true"} if "fragment" in label else {}
            client.defaults = headers
            rows.append((label, measure(client, url, options.requests)))
    baseline = rows[0][1]["req/s"]
    print(
        f"\nBrowse benchmark: {StudyGroup.objects.count()} groups, {options.requests} sequential "
        f"requests each, PostgreSQL {connection.pg_version // 10000}, in-process\n"
    )
    print(f"{'case':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs bare':>8}")
    for label, result in rows:
        print(
            f"{label:<40} {result['req/s']:>8.1f} {result['p50 ms']:>8.1f} "
            f"{result['p95 ms']:>8.1f} {result['req/s'] / baseline:>7.2f}x"
        )


if __name__ == "__main__":
    main()
