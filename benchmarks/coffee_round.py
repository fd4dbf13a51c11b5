"""Coffee-chat round benchmark: a round (mentorship.coffee.pairing.pair_round) of 200,
1,000, 5,000 and 10,000 participants on random populations (17 zones, a sparse week,
20 % isolated, two excluded pairs per person), timed, and its quality against a
floor and a ceiling measured in the same run on the same people:

- random pairing: people shuffled and paired in turn, a pair kept only when it is
  allowed (an hour shared, not excluded) -- what "pair people at random" gives;
- exact optimum: the same weights with no neighbourhoods and no top-k cut, up to
  --exact-limit participants (beyond which the blossom algorithm takes minutes).

Quality is the share of participants paired and the share of isolated people paired.

    .venv/bin/python benchmarks/coffee_round.py [--sizes 200 1000 5000 10000] [--seed 7]"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentorship.coffee import pairing  # noqa: E402
from mentorship.coffee.pairing import Person, Rules, pair_key  # noqa: E402

# UTC offsets in minutes where the population lives, half- and quarter-hour zones too.
OFFSETS = [-480, -420, -360, -300, -240, -180, -210, 0, 60, 120, 180, 240, 330, 345, 480, 540, 600]
LANGUAGES = ["en", "es", "pt", "fr", "de", "hi", "zh", "ar", "ja", "sw"]
ISOLATED_SHARE = 0.2
EXCLUDED_PER_PERSON = 2


def _free_quarters(rng, offset):
    """An hour or two on one or two weekday evenings (from 17:00 to 22:00 local) and
    sometimes a weekend morning: a sparse week, so that not everyone can be paired and
    who goes first matters."""
    quarters = set()
    days = rng.sample(range(5), rng.randint(1, 2))
    if rng.random() < 0.3:
        days.append(rng.choice([5, 6]))
    for day in days:
        start = rng.randint(17, 21) if day < 5 else rng.randint(8, 11)
        hours = range(start, start + rng.randint(1, 2))
        for hour in hours:
            start = ((day * 24 + hour) * 60 - offset) // 15
            quarters.update((start + q) % pairing.QUARTERS_PER_WEEK for q in range(4))
    return frozenset(quarters)


def population(size, seed):
    rng = random.Random(seed)
    people = []
    for person_id in range(1, size + 1):
        offset = rng.choice(OFFSETS)
        people.append(
            Person(
                id=person_id,
                free=_free_quarters(rng, offset),
                isolated=rng.random() < ISOLATED_SHARE,
                speaks=frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))),
                learning=frozenset(rng.sample(LANGUAGES, rng.randint(0, 1))),
            )
        )
    excluded = {
        pair_key(person_id, rng.randint(1, size))
        for person_id in range(1, size + 1)
        for _ in range(EXCLUDED_PER_PERSON)
    }
    excluded = {pair for pair in excluded if pair[0] != pair[1]}
    return people, Rules(excluded=frozenset(excluded))


def random_pairing(people, rules, seed):
    order = list(people)
    random.Random(seed).shuffle(order)
    groups = []
    for first, second in zip(order[::2], order[1::2], strict=False):
        if pairing.may_pair(first, second, rules):
            groups.append((first.id, second.id))
    return groups


def quality(people, groups):
    paired = {pid for group in groups for pid in group}
    isolated = [p.id for p in people if p.isolated]
    return (
        len(paired) / len(people),
        sum(1 for pid in isolated if pid in paired) / max(1, len(isolated)),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exact-limit", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        people, rules = population(size, args.seed + size)
        started = time.perf_counter()
        result = pairing.pair_round(people, rules)
        seconds = time.perf_counter() - started
        by_id = {person.id: person for person in people}
        for group in result.groups:
            members = [by_id[person_id] for person_id in group]
            assert all(pairing.may_pair(a, b, rules) for a in members for b in members if a != b)
        rows.append((size, "Commons round", seconds, *quality(people, result.groups)))
        started = time.perf_counter()
        baseline = random_pairing(people, rules, args.seed)
        rows.append(
            (
                size,
                "random pairing (floor)",
                time.perf_counter() - started,
                *quality(people, baseline),
            )
        )
        if size <= args.exact_limit:
            started = time.perf_counter()
            exact = pairing.pair_round(people, rules, top_k=None, block_size=size)
            rows.append(
                (
                    size,
                    "exact optimum (ceiling)",
                    time.perf_counter() - started,
                    *quality(people, exact.groups),
                )
            )
    print("| participants | pairing | seconds | share paired | isolated paired |")
    print("|---:|---|---:|---:|---:|")
    for size, name, seconds, share, isolated in rows:
        print(f"| {size:,} | {name} | {seconds:.2f} | {share:.1%} | {isolated:.1%} |")


if __name__ == "__main__":
    main()
