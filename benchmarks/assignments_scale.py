"""Teamwork at the scale of a large course: forming teams (courses.forming) and sharing
out peer reviews (courses.allocation) for 2,000 students in one course. Prints a table
of time and balance achieved, each against floors measured in the same run.

    .venv/bin/python benchmarks/assignments_scale.py [--students 2000] [--seed 7] [--full]

Forming: 2,000 students whose weeks follow a few patterns (mornings, afternoons,
evenings, nights in UTC, each with noise), 1 % of them with a block on another student;
teams of 3 to 4 that should share 3 hours a week. Floors: a random split into the same
sizes, and the greedy placement alone (most constrained student first into the best team,
no swaps afterwards: the first half of form_teams).

Allocation: the formed teams all submit; 3 reviews of each submission. Floors: a random
draw (each submission takes 3 random eligible reviewers) and a greedy loop (each
submission takes the 3 least-loaded eligible reviewers). With --full the exact solver is
also run on the whole problem (one variable per eligible pair), without the sparse first
try: what allocation cost before (tens of seconds at this size).
"""

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from courses import allocation  # noqa: E402
from courses.forming import HOURS_PER_WEEK, _Teams, form_teams, team_sizes  # noqa: E402

PATTERNS = [range(6, 10), range(12, 16), range(17, 22), range(22, 26)]
PER_SUBMISSION = 3
MIN_SIZE, MAX_SIZE, MIN_HOURS = 3, 4, 3


def population(count, rng):
    free = {}
    for student in range(count):
        hours = rng.choice(PATTERNS)
        week = set()
        for day in range(7):
            if rng.random() < 0.75:
                week.update((day * 24 + h) % HOURS_PER_WEEK for h in hours if rng.random() < 0.85)
        free[student] = week
    blocked = set()
    while len(blocked) < count // 100:
        a, b = rng.sample(range(count), 2)
        blocked.add(frozenset((a, b)))
    return free, blocked


def shared_hours(team, free):
    hours = set(range(HOURS_PER_WEEK))
    for member in team:
        hours &= free[member]
    return len(hours)


def forming_row(name, seconds, teams, free, blocked):
    sizes = [len(team) for team in teams]
    hours = [shared_hours(team, free) for team in teams]
    broken = sum(1 for team in teams for pair in blocked if pair <= set(team))
    return [
        name,
        f"{seconds:.2f}",
        f"{min(sizes)}–{max(sizes)}",
        f"{100 * sum(h >= MIN_HOURS for h in hours) / len(teams):.1f} %",
        f"{mean(hours):.1f}",
        str(broken),
    ]


def random_split(students, rng):
    order = list(students)
    rng.shuffle(order)
    teams, start = [], 0
    for size in team_sizes(len(order), MIN_SIZE, MAX_SIZE):
        teams.append(order[start : start + size])
        start += size
    return teams


def greedy_placement(students, free, blocked):
    masks = {s: sum(1 << h for h in free[s]) for s in students}
    apart = {}
    for pair in blocked:
        a, b = tuple(pair)
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    teams = _Teams(team_sizes(len(students), MIN_SIZE, MAX_SIZE), masks, apart, MIN_HOURS)
    for student in sorted(
        students, key=lambda s: (masks[s].bit_count(), -len(apart.get(s, ())), s)
    ):
        teams.place(student)
    return teams.members


def allocation_row(name, seconds, pairs, submissions, reviewers, team_of=None):
    per = Counter(s for s, _ in pairs)
    loads = Counter(r for _, r in pairs)
    counts = [loads[r] for r in reviewers]
    own = sum(1 for s, r in pairs if r in submissions[s])
    same_team = 0
    if team_of is not None:
        by_submission = {}
        for s, r in pairs:
            by_submission.setdefault(s, []).append(team_of[r])
        same_team = sum(len(t) - len(set(t)) for t in by_submission.values())
    return [
        name,
        f"{seconds:.2f}",
        f"{min(per.values())}–{max(per.values())}",
        f"{min(counts)}–{max(counts)}",
        str(own),
        str(same_team) if team_of is not None else "–",
    ]


def random_allocation(submissions, reviewers, rng):
    pairs = []
    for s, members in submissions.items():
        eligible = [r for r in reviewers if r not in members]
        pairs += [(s, r) for r in rng.sample(eligible, PER_SUBMISSION)]
    return pairs


def greedy_allocation(submissions, reviewers):
    loads = dict.fromkeys(reviewers, 0)
    pairs = []
    for s, members in submissions.items():
        eligible = sorted((r for r in reviewers if r not in members), key=lambda r: (loads[r], r))
        for r in eligible[:PER_SUBMISSION]:
            loads[r] += 1
            pairs.append((s, r))
    return pairs


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - start, value


def table(title, header, rows):
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--full", action="store_true", help="also solve the whole allocation")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    students = list(range(args.students))
    free, blocked = population(args.students, rng)
    print(f"{args.students} students, {len(blocked)} blocked pairs, load {os.getloadavg()[0]:.1f}")

    rows = []
    seconds, teams = timed(random_split, students, random.Random(args.seed))
    rows.append(forming_row("random split (floor)", seconds, teams, free, blocked))
    seconds, teams = timed(greedy_placement, students, free, blocked)
    rows.append(forming_row("greedy placement, no swaps (floor)", seconds, teams, free, blocked))
    seconds, formed = timed(
        form_teams,
        students,
        free,
        blocked,
        min_size=MIN_SIZE,
        max_size=MAX_SIZE,
        min_hours=MIN_HOURS,
    )
    formed = [list(team.members) for team in formed]
    rows.append(forming_row("form_teams", seconds, formed, free, blocked))
    table(
        f"Forming teams of {MIN_SIZE}–{MAX_SIZE} sharing {MIN_HOURS} h a week",
        [
            "method",
            "seconds",
            "sizes",
            f"teams with ≥ {MIN_HOURS} h",
            "mean shared h",
            "blocked pairs together",
        ],
        rows,
    )

    submissions = {t: set(members) for t, members in enumerate(formed)}
    team_of = {member: t for t, members in submissions.items() for member in members}
    rows = []
    seconds, pairs = timed(random_allocation, submissions, students, random.Random(args.seed))
    rows.append(
        allocation_row("random draw (floor)", seconds, pairs, submissions, students, team_of)
    )
    seconds, pairs = timed(greedy_allocation, submissions, students)
    rows.append(
        allocation_row(
            "least-loaded greedy (floor)", seconds, pairs, submissions, students, team_of
        )
    )
    seconds, pairs = timed(
        allocation.allocate_reviews, submissions, students, PER_SUBMISSION, blocked, seed=args.seed
    )
    rows.append(allocation_row("allocate_reviews", seconds, pairs, submissions, students, team_of))
    seconds, pairs = timed(
        allocation.allocate_reviews,
        submissions,
        students,
        PER_SUBMISSION,
        blocked,
        seed=args.seed,
        team_of=team_of,
    )
    rows.append(
        allocation_row(
            "allocate_reviews, reviewers from different teams",
            seconds,
            pairs,
            submissions,
            students,
            team_of,
        )
    )
    if args.full:
        limit = allocation.FULL_PROBLEM_LIMIT
        allocation.FULL_PROBLEM_LIMIT = float("inf")
        try:
            seconds, pairs = timed(
                allocation.allocate_reviews,
                submissions,
                students,
                PER_SUBMISSION,
                blocked,
                seed=args.seed,
            )
        finally:
            allocation.FULL_PROBLEM_LIMIT = limit
        rows.append(
            allocation_row(
                "whole problem, no sparse try", seconds, pairs, submissions, students, team_of
            )
        )
    table(
        f"Sharing out {PER_SUBMISSION} reviews of each of {len(submissions)} submissions "
        f"among {len(students)} reviewers",
        [
            "method",
            "seconds",
            "reviews per submission",
            "reviews per reviewer",
            "own team",
            "same-team pairs",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
