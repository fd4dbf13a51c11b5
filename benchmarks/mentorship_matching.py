"""Mentorship matching benchmark: the bulk round (mentorship.matching.match) on random
populations of 1,000, 5,000 and 10,000 mentees with 20 % as many mentors, against an
independent exact solver, and against a greedy first-come loop. Prints a table.

    .venv/bin/python benchmarks/mentorship_matching.py [--sizes 1000 5000 10000] [--seed 7]

Reference solvers (neither shares the matcher's optimiser):
- networkx min-cost flow (network simplex), with every pair scored one at a time by the
  scalar `matching.score` / `matching.eligible`; run up to --networkx-limit mentees,
  beyond which pure Python takes minutes;
- HiGHS (scipy.optimize.linprog) on the linear programme of the same problem: one
  variable per eligible pair, a row per mentee (at most one mentor) and per mentor (at
  most its capacity), pins as lower bounds of 1. Its matrix is totally unimodular, so
  the LP optimum is the integer one. It reads the pairs' scores from the matcher's
  vectorised score table (scoring the 20 million pairs of the 10,000 row one at a time
  takes minutes in Python); the tests compare that table with the scalar score.

The property tests (tests/mentorship/test_matching_properties.py) use the same reference
solvers on small random populations."""

import argparse
import os
import random
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentorship import matching  # noqa: E402
from mentorship.matching import Match, Mentee, Mentor, Result, Rules  # noqa: E402

MENTOR_SHARE = 0.2
TOPICS = [f"topic-{n}" for n in range(30)]
LANGUAGES = ["en", "es", "pt", "fr", "de", "hi", "zh", "ar", "ja", "sw"]
COURSES = list(range(1, 21))
# UTC offsets in minutes where the population lives, half- and quarter-hour zones too.
OFFSETS = [-480, -420, -360, -300, -240, -180, -210, 0, 60, 120, 180, 240, 330, 345, 480, 540, 600]
# Pins use a weight above any total score so that the networkx optimum keeps them all.
PIN_BONUS = 10**7


def _free_quarters(rng, offset):
    """Evenings (18–22 local) on three to five weekdays and a weekend morning."""
    quarters = set()
    days = rng.sample(range(5), rng.randint(3, 5)) + [rng.choice([5, 6])]
    for day in days:
        hours = range(9, 12) if day >= 5 else range(18, 18 + rng.randint(2, 4))
        for hour in hours:
            start = ((day * 24 + hour) * 60 - offset) // 15
            quarters.update((start + q) % matching.QUARTERS_PER_WEEK for q in range(4))
    return frozenset(quarters)


def _languages(rng):
    spoken = {"en"} if rng.random() < 0.7 else set()
    if not spoken or rng.random() < 0.6:
        spoken.add(rng.choice(LANGUAGES[1:]))
    return frozenset(spoken)


def population(rng, mentees, mentor_share=MENTOR_SHARE, *, blocks=0.001, pins=0.01):
    """(mentors, mentees, rules) for a random community of `mentees` mentees."""
    mentor_count = max(1, int(mentees * mentor_share))
    mentors = []
    for n in range(mentor_count):
        offset = rng.choice(OFFSETS)
        mentors.append(
            Mentor(
                id=n + 1,
                capacity=rng.randint(1, 5),
                topics=frozenset(rng.sample(TOPICS, rng.randint(2, 5))),
                languages=_languages(rng),
                courses=frozenset(rng.sample(COURSES, rng.randint(1, 2))),
                free=_free_quarters(rng, offset),
                utc_offset_minutes=offset,
            )
        )
    people = []
    for n in range(mentees):
        offset = rng.choice(OFFSETS)
        people.append(
            Mentee(
                id=mentor_count + n + 1,
                topics=frozenset(rng.sample(TOPICS, rng.randint(1, 3))),
                languages=_languages(rng),
                courses=frozenset(rng.sample(COURSES, rng.randint(1, 2))),
                free=_free_quarters(rng, offset),
                utc_offset_minutes=offset,
                same_language=rng.random() < 0.7,
                max_zone_hours=rng.choice([None, None, 2, 3, 4, 6]),
                preferred_mentor=rng.choice(mentors).id if rng.random() < 0.05 else None,
            )
        )
    blocked = {
        (rng.choice(mentors).id, rng.choice(people).id)
        for _ in range(int(blocks * mentees * mentor_count))
    }
    forbidden = {(rng.choice(mentors).id, rng.choice(people).id) for _ in range(mentees // 100)}
    pinned, seats = set(), {mentor.id: mentor.capacity for mentor in mentors}
    for mentee in rng.sample(people, int(pins * mentees)):
        mentor = rng.choice(mentors)
        pair = (mentor.id, mentee.id)
        if seats[mentor.id] and pair not in blocked:
            seats[mentor.id] -= 1
            pinned.add(pair)
    rules = Rules(
        blocked=frozenset(blocked),
        forbidden=frozenset(forbidden - pinned),
        pinned=frozenset(pinned),
    )
    return mentors, people, rules


def reference_networkx(mentors, mentees, rules):
    """Exact optimum by min-cost flow: source → mentee → mentor → sink, with a direct
    mentee → sink arc so that anyone may stay unmatched. Returns the Result."""
    graph = nx.DiGraph()
    graph.add_node("source", demand=-len(mentees))
    graph.add_node("sink", demand=len(mentees))
    for mentor in mentors:
        graph.add_edge(("mentor", mentor.id), "sink", capacity=mentor.capacity, weight=0)
    for mentee in mentees:
        node = ("mentee", mentee.id)
        graph.add_edge("source", node, capacity=1, weight=0)
        graph.add_edge(node, "sink", capacity=1, weight=0)
        for mentor in mentors:
            pinned = (mentor.id, mentee.id) in rules.pinned
            if pinned or matching.eligible(mentor, mentee, rules):
                gain = matching.score(mentor, mentee) + (PIN_BONUS if pinned else 0)
                graph.add_edge(node, ("mentor", mentor.id), capacity=1, weight=-gain)
    flow = nx.min_cost_flow(graph)
    result = Result()
    by_id = {mentor.id: mentor for mentor in mentors}
    for mentee in mentees:
        for target, amount in flow[("mentee", mentee.id)].items():
            if amount and target != "sink":
                mentor = by_id[target[1]]
                pinned = (mentor.id, mentee.id) in rules.pinned
                result.pairs.append(
                    Match(mentor.id, mentee.id, matching.score(mentor, mentee), pinned)
                )
    return result


def reference_lp(mentors, mentees, rules):
    """The optimum total score by HiGHS on the linear programme (see the docstring)."""
    table = matching.score_table(mentors, mentees, rules)
    mentor_column = {mentor.id: column for column, mentor in enumerate(mentors)}
    mentee_row = {mentee.id: row for row, mentee in enumerate(mentees)}
    usable = table.eligible.copy()
    pinned = np.zeros_like(usable)
    for mentor_id, mentee_id in rules.pinned:
        pinned[mentee_row[mentee_id], mentor_column[mentor_id]] = True
    usable |= pinned
    rows, columns = np.nonzero(usable)
    edges = len(rows)
    if not edges:
        return 0, 0
    constraints = sparse.vstack(
        [
            sparse.csr_array((np.ones(edges), (rows, np.arange(edges))), (len(mentees), edges)),
            sparse.csr_array((np.ones(edges), (columns, np.arange(edges))), (len(mentors), edges)),
        ]
    )
    limits = np.concatenate([np.ones(len(mentees)), [m.capacity for m in mentors]])
    lower = pinned[rows, columns].astype(float)
    solved = linprog(
        -table.score[rows, columns].astype(float),
        A_ub=constraints,
        b_ub=limits,
        bounds=np.column_stack([lower, np.ones(edges)]),
        method="highs",
    )
    if solved.status != 0:
        raise RuntimeError(solved.message)
    return round(-solved.fun), edges


def greedy(mentors, mentees, rules):
    """First come, first served: pins first, then each mentee in turn takes the
    best-scoring mentor who still has a seat."""
    table = matching.score_table(mentors, mentees, rules)
    gains = np.where(table.eligible, table.score, 0)
    mentor_column = {mentor.id: column for column, mentor in enumerate(mentors)}
    seats = np.array([mentor.capacity for mentor in mentors])
    pinned = {mentee_id: mentor_id for mentor_id, mentee_id in rules.pinned}
    result = Result()
    for mentor_id in pinned.values():
        seats[mentor_column[mentor_id]] -= 1
    for row, mentee in enumerate(mentees):
        if mentee.id in pinned:
            column = mentor_column[pinned[mentee.id]]
            result.pairs.append(Match(mentors[column].id, mentee.id, int(table.score[row, column])))
            continue
        open_gains = np.where(seats > 0, gains[row], 0)
        column = int(open_gains.argmax())
        if open_gains[column] > 0:
            seats[column] -= 1
            result.pairs.append(Match(mentors[column].id, mentee.id, int(open_gains[column])))
    return result


def run(size, seed, networkx_limit):
    rng = random.Random(seed * 100_003 + size)
    mentors, mentees, rules = population(rng, size)
    started = time.perf_counter()
    result = matching.match(mentors, mentees, rules)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    lp_total, edges = reference_lp(mentors, mentees, rules)
    lp_seconds = time.perf_counter() - started
    nx_total = nx_seconds = None
    if size <= networkx_limit:
        started = time.perf_counter()
        nx_total = reference_networkx(mentors, mentees, rules).total
        nx_seconds = time.perf_counter() - started
    baseline = greedy(mentors, mentees, rules)
    return {
        "mentees": size,
        "mentors": len(mentors),
        "seats": sum(mentor.capacity for mentor in mentors),
        "edges": edges,
        "seconds": seconds,
        "total": result.total,
        "matched": len(result.pairs),
        "lp_total": lp_total,
        "lp_seconds": lp_seconds,
        "nx_total": nx_total,
        "nx_seconds": nx_seconds,
        "greedy_total": baseline.total,
        "greedy_matched": len(baseline.pairs),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--networkx-limit", type=int, default=1000)
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}, load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "| mentees | mentors | seats | eligible pairs | matcher s | total score | matched "
        "| HiGHS LP total | LP s | networkx total | networkx s | equal | greedy total "
        "| greedy matched | greedy loses |"
    )
    print("|---:" * 15 + "|")
    for size in args.sizes:
        row = run(size, args.seed, args.networkx_limit)
        equal = row["total"] == row["lp_total"] and row["nx_total"] in (None, row["total"])
        lost = row["total"] - row["greedy_total"]
        nx_total = "-" if row["nx_total"] is None else f"{row['nx_total']:,}"
        nx_seconds = "-" if row["nx_seconds"] is None else f"{row['nx_seconds']:.1f}"
        print(
            f"| {row['mentees']:,} | {row['mentors']:,} | {row['seats']:,} | {row['edges']:,} "
            f"| {row['seconds']:.2f} | {row['total']:,} | {row['matched']:,} "
            f"| {row['lp_total']:,} | {row['lp_seconds']:.1f} | {nx_total} | {nx_seconds} "
            f"| {'yes' if equal else 'NO'} | {row['greedy_total']:,} | {row['greedy_matched']:,} "
            f"| {lost:,} ({lost / row['total']:.1%}) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
