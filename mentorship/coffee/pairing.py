"""Who meets whom in a round of coffee chats: plain maths over plain data, no database
(mentorship.coffee.actions reads the rows into these shapes).

Two people may be paired when they share at least an hour of free time in the round's
week, are not excluded (a block either way, a "don't pair me with", paired within the
series' last N rounds) and, in language-tandem mode, one of them learns a language the
other speaks.

The round is a maximum-weight matching (rustworkx's blossom algorithm, exact) whose
integer weights make its priorities strict, in this order:

1. as many isolated people paired as possible (no peer interaction lately);
2. then as many people paired as possible;
3. then the best fit, an isolated person's fit counting double (two isolated: triple):
   whole hours both are free (at most 10) plus, in tandem mode, 5 for each way round
   that one learns what the other speaks.

When the number of people paired would leave someone over, one of those left (an
isolated person first) joins the pair that suits them best as a trio, if all three
share an hour and may meet. So a round has at most one trio, and only when the
number of people in it is odd.

Scale: the blossom algorithm grows faster than the number of people, so a large round
is cut into neighbourhoods of at most `block_size` people with similar free time (sorted
by the hour of the day they are mostly free, UTC), each person keeps their `top_k`
best-weighted possible partners (isolated people three times as many) and `top_k` more
drawn at random, and those left over in every neighbourhood are matched again among
themselves. With one neighbourhood
and no top-k cut (`top_k=None`) the result is the exact optimum; the property tests
check it against networkx, and benchmarks/coffee_round.py measures what the cut costs."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import rustworkx
from django.utils.translation import gettext_lazy as _

QUARTERS_PER_HOUR = 4
QUARTERS_PER_DAY = 24 * QUARTERS_PER_HOUR
QUARTERS_PER_WEEK = 7 * QUARTERS_PER_DAY
MIN_OVERLAP_QUARTERS = QUARTERS_PER_HOUR  # at least an hour together
MAX_HOUR_POINTS = 10
TANDEM_POINTS = 5
MAX_FIT = MAX_HOUR_POINTS + 2 * TANDEM_POINTS
TOP_K = 8
ISOLATED_TOP_K_FACTOR = 3
BLOCK_SIZE = 800

# Why someone who took part was not paired, for the organiser's round summary.
NO_FREE_TIME = "no_free_time"
NO_OVERLAP = "no_overlap"
NO_TANDEM = "no_tandem"
EXCLUDED = "excluded"
TAKEN = "taken"
REASONS = {
    NO_FREE_TIME: _("Has not marked an hour of free time in their week."),
    NO_OVERLAP: _("Nobody in the round shares an hour of free time with them."),
    NO_TANDEM: _("Nobody free at the same time speaks what they learn or learns what they speak."),
    EXCLUDED: _(
        "Those who share free time with them are blocked, on a don't-pair list, "
        "or were paired with them in recent rounds."
    ),
    TAKEN: _("Everyone who could meet them was paired with someone else."),
}


@dataclass(frozen=True)
class Person:
    id: int
    free: frozenset = frozenset()  # quarter-hours of the round's UTC week, 0 = Monday 00:00
    isolated: bool = False
    speaks: frozenset = frozenset()
    learning: frozenset = frozenset()


def pair_key(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


@dataclass(frozen=True)
class Rules:
    """`excluded` holds pairs as `pair_key(a, b)`: blocks, don't-pair lists and pairs
    from recent rounds, all symmetric."""

    excluded: frozenset = frozenset()
    tandem: bool = False

    def excludes(self, first: int, second: int) -> bool:
        return first == second or pair_key(first, second) in self.excluded


@dataclass
class Result:
    groups: list[tuple[int, ...]] = field(default_factory=list)  # pairs, and at most one trio
    unpaired: list[tuple[int, str]] = field(default_factory=list)  # (id, reason)

    @property
    def paired_ids(self) -> set[int]:
        return set(chain.from_iterable(self.groups))


def overlap_quarters(*people: Person) -> int:
    shared = people[0].free
    for person in people[1:]:
        shared = shared & person.free
    return len(shared)


def tandem_ways(first: Person, second: Person) -> int:
    """How many ways round one learns what the other speaks (0, 1 or 2)."""
    return int(bool(first.learning & second.speaks)) + int(bool(second.learning & first.speaks))


def may_pair(first: Person, second: Person, rules: Rules) -> bool:
    return (
        not rules.excludes(first.id, second.id)
        and overlap_quarters(first, second) >= MIN_OVERLAP_QUARTERS
        and (not rules.tandem or tandem_ways(first, second) > 0)
    )


def fit(first: Person, second: Person, rules: Rules) -> int:
    hours = min(overlap_quarters(first, second) // QUARTERS_PER_HOUR, MAX_HOUR_POINTS)
    return hours + (TANDEM_POINTS * tandem_ways(first, second) if rules.tandem else 0)


def may_join(third: Person, pair: Sequence[Person], rules: Rules) -> bool:
    """Whether `third` can make a trio with `pair`: may meet each, and all three share
    an hour."""
    return all(may_pair(third, member, rules) for member in pair) and (
        overlap_quarters(third, *pair) >= MIN_OVERLAP_QUARTERS
    )


# -- vectorised facts ---------------------------------------------------------------


def _bitsets(collections: Sequence[frozenset], index: dict, width: int) -> np.ndarray:
    """Each set as a row of uint64 words with bit `index[item]` set."""
    words = max(1, -(-width // 64))
    bits = np.zeros((len(collections), words * 64), dtype=bool)
    lengths = [len(items) for items in collections]
    if sum(lengths):
        rows = np.repeat(np.arange(len(collections)), lengths)
        cols = np.fromiter((index[item] for item in chain.from_iterable(collections)), np.int64)
        bits[rows, cols] = True
    return np.packbits(bits, axis=1, bitorder="little").view(np.uint64)


def _shared(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """How many bits each row of `first` shares with each row of `second`."""
    return np.bitwise_count(first[:, None, :] & second[None, :, :]).sum(axis=2, dtype=np.int32)


@dataclass
class _Facts:
    """The round's people as bit sets (rows in `people` order)."""

    people: list[Person]
    free: np.ndarray
    speaks: np.ndarray
    learning: np.ndarray
    isolated: np.ndarray
    row_of: dict

    @classmethod
    def of(cls, people):
        languages = {}
        for person in people:
            for code in chain(person.speaks, person.learning):
                languages.setdefault(code, len(languages))
        quarters = {quarter: quarter for quarter in range(QUARTERS_PER_WEEK)}
        return cls(
            people=people,
            free=_bitsets([p.free for p in people], quarters, QUARTERS_PER_WEEK),
            speaks=_bitsets([p.speaks for p in people], languages, len(languages)),
            learning=_bitsets([p.learning for p in people], languages, len(languages)),
            isolated=np.array([p.isolated for p in people], dtype=bool),
            row_of={p.id: row for row, p in enumerate(people)},
        )

    def overlap(self, rows, columns):
        return _shared(self.free[rows], self.free[columns])

    def tandem(self, rows, columns):
        learns = _shared(self.learning[rows], self.speaks[columns]) > 0
        teaches = _shared(self.speaks[rows], self.learning[columns]) > 0
        return learns.astype(np.int32) + teaches.astype(np.int32)

    def excluded_mask(self, rows, columns, rules):
        """True where the pair is excluded by the rules (or is one person twice)."""
        rows, columns = np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)
        mask = rows[:, None] == columns[None, :]
        firsts, seconds = self._excluded_rows(rules)
        if len(firsts):
            at_row = np.full(len(self.people), -1, dtype=np.int64)
            at_column = np.full(len(self.people), -1, dtype=np.int64)
            at_row[rows] = np.arange(len(rows))
            at_column[columns] = np.arange(len(columns))
            i, j = at_row[firsts], at_column[seconds]
            hit = (i >= 0) & (j >= 0)
            mask[i[hit], j[hit]] = True
        return mask

    def _excluded_rows(self, rules):
        """The excluded pairs as two arrays of rows, both orders, worked out once."""
        if getattr(self, "_excluded_for", None) is not rules:
            pairs = [
                (self.row_of[a], self.row_of[b])
                for a, b in rules.excluded
                if a in self.row_of and b in self.row_of
            ]
            pairs += [(b, a) for a, b in pairs]
            self._excluded = (
                np.array([a for a, _ in pairs], dtype=np.int64),
                np.array([b for _, b in pairs], dtype=np.int64),
            )
            self._excluded_for = rules
        return self._excluded

    def feasible(self, rows, columns, rules):
        """(may pair, fit) for every row against every column."""
        overlap = self.overlap(rows, columns)
        ok = (overlap >= MIN_OVERLAP_QUARTERS) & ~self.excluded_mask(rows, columns, rules)
        points = np.minimum(overlap // QUARTERS_PER_HOUR, MAX_HOUR_POINTS)
        if rules.tandem:
            ways = self.tandem(rows, columns)
            ok &= ways > 0
            points = points + TANDEM_POINTS * ways
        return ok, points


# -- the matching -------------------------------------------------------------------


def _weights(facts, rows, ok, points):
    """Integer weights over a block, strict in the module's order of priorities:
    PAIR outweighs any total of fit points, ISOLATED any total of PAIR and fit."""
    pairs_at_most = len(rows) // 2 + 1
    most_fit = MAX_FIT * 3
    pair_weight = most_fit * pairs_at_most + 1
    isolated_weight = (pair_weight + most_fit) * pairs_at_most + 1
    iso = facts.isolated[rows].astype(np.int64)
    together = iso[:, None] + iso[None, :]
    weights = isolated_weight * together + pair_weight + points.astype(np.int64) * (1 + together)
    return np.where(ok, weights, 0)


def _keep_best(keep, scores, limits):
    """Marks in `keep` each row's `limits[row]` highest `scores`."""
    n = scores.shape[1]
    for limit in np.unique(limits):
        chosen = np.flatnonzero(limits == limit)
        limit = min(int(limit), n - 1)
        best = np.argpartition(-scores[chosen], limit - 1, axis=1)[:, :limit]
        keep[chosen[:, None], best] = True


def _candidate_edges(facts, rows, ok, weights, top_k):
    """Edges (i, j, weight) over positions in `rows`: all feasible ones, or each
    person's top_k best (isolated people's ISOLATED_TOP_K_FACTOR times as many) and as
    many more feasible ones drawn at random. The random ones matter: everyone's best
    are the same few people with the most free time, and a graph of only those leaves
    the rest with nobody to match once the few are taken."""
    n = len(rows)
    if top_k is None or n <= 2 * top_k + 1:
        i, j = np.nonzero(np.triu(ok, k=1))
        return list(zip(i.tolist(), j.tolist(), weights[i, j].tolist(), strict=True))
    keep = np.zeros_like(ok)
    limits = np.where(facts.isolated[rows], top_k * ISOLATED_TOP_K_FACTOR, top_k)
    _keep_best(keep, weights, limits)
    # The same draw for the same people every time: a round can be run again.
    draw = np.random.default_rng(n).random(ok.shape)
    _keep_best(keep, np.where(ok, draw, -1.0), np.full(n, top_k))
    keep &= ok
    keep |= keep.T
    i, j = np.nonzero(np.triu(keep, k=1))
    return list(zip(i.tolist(), j.tolist(), weights[i, j].tolist(), strict=True))


def _match_block(facts, rows, rules, top_k):
    """Maximum-weight matching of the people at `rows`: [(row, row)]."""
    rows = np.asarray(rows)
    if len(rows) < 2:
        return []
    ok, points = facts.feasible(rows, rows, rules)
    weights = _weights(facts, rows, ok, points)
    edges = _candidate_edges(facts, rows, ok, weights, top_k)
    if not edges:
        return []
    graph = rustworkx.PyGraph()
    graph.add_nodes_from(range(len(rows)))
    graph.add_edges_from(edges)
    matched = rustworkx.max_weight_matching(graph, weight_fn=int)
    return [(int(rows[a]), int(rows[b])) for a, b in matched]


def _day_order(facts, rows):
    """`rows` sorted by the hour of the (UTC) day when each person is mostly free, on a
    circle: neighbours in this order tend to share free time."""
    if len(rows) == 0:
        return rows
    bits = np.unpackbits(facts.free[rows].view(np.uint8), axis=1, bitorder="little")
    by_quarter = bits[:, :QUARTERS_PER_WEEK].reshape(len(rows), 7, QUARTERS_PER_DAY).sum(axis=1)
    angle = np.arange(QUARTERS_PER_DAY) * (2 * np.pi / QUARTERS_PER_DAY)
    x, y = by_quarter @ np.cos(angle), by_quarter @ np.sin(angle)
    key = np.arctan2(y, x)
    ids = np.array([facts.people[row].id for row in rows])
    return np.asarray(rows)[np.lexsort((ids, key))]


def _blocks(rows, block_size):
    count = max(1, -(-len(rows) // block_size))
    return np.array_split(rows, count)


def _matching(facts, rows, rules, top_k, block_size):
    pairs = []
    order = _day_order(facts, np.asarray(rows, dtype=np.int64))
    for block in _blocks(order, block_size):
        pairs += _match_block(facts, block, rules, top_k)
    if len(order) > block_size:
        matched = {row for pair in pairs for row in pair}
        left = np.array([row for row in order if row not in matched], dtype=np.int64)
        for block in _blocks(left, block_size):
            pairs += _match_block(facts, block, rules, top_k)
    return pairs


def _add_trio(facts, pairs, left, rules):
    """One person left over (isolated first) joins the pair where they fit best, if any
    pair can take them: returns (pair index, row) or None."""
    if not pairs or not left:
        return None
    firsts = np.array([a for a, _ in pairs])
    seconds = np.array([b for _, b in pairs])
    candidates = sorted(left, key=lambda row: (not facts.isolated[row], facts.people[row].id))
    for row in candidates:
        ok_first, fit_first = facts.feasible([row], firsts, rules)
        ok_second, fit_second = facts.feasible([row], seconds, rules)
        ok = ok_first[0] & ok_second[0]
        if not ok.any():
            continue
        together = np.bitwise_count(facts.free[row] & facts.free[firsts] & facts.free[seconds])
        ok &= together.sum(axis=1) >= MIN_OVERLAP_QUARTERS
        if not ok.any():
            continue
        score = np.where(ok, fit_first[0] + fit_second[0], -1)
        return int(np.argmax(score)), row
    return None


def _why_unpaired(facts, row, everyone, paired_rows, rules):
    person = facts.people[row]
    if len(person.free) < MIN_OVERLAP_QUARTERS:
        return NO_FREE_TIME
    others = np.array([r for r in everyone if r != row], dtype=np.int64)
    if len(others) == 0:
        return NO_OVERLAP
    overlap = facts.overlap([row], others)[0]
    sharing = overlap >= MIN_OVERLAP_QUARTERS
    if not sharing.any():
        return NO_OVERLAP
    if rules.tandem:
        sharing &= facts.tandem([row], others)[0] > 0
        if not sharing.any():
            return NO_TANDEM
    sharing &= ~facts.excluded_mask([row], others, rules)[0]
    if not sharing.any():
        return EXCLUDED
    return TAKEN


def pair_round(
    people: Sequence[Person],
    rules: Rules = Rules(),
    *,
    top_k: int | None = TOP_K,
    block_size: int = BLOCK_SIZE,
) -> Result:
    """Pairs (and at most one trio) for a round, and why each person left out was."""
    people = sorted(people, key=lambda person: person.id)
    if len({person.id for person in people}) != len(people):
        raise ValueError("Each person takes part in a round once.")
    facts = _Facts.of(people)
    everyone = list(range(len(people)))
    able = [row for row in everyone if len(people[row].free) >= MIN_OVERLAP_QUARTERS]
    pairs = _matching(facts, able, rules, top_k, block_size)
    paired = {row for pair in pairs for row in pair}
    left = [row for row in able if row not in paired]
    groups = [tuple(pair) for pair in pairs]
    trio = _add_trio(facts, pairs, left, rules)
    if trio is not None:
        index, row = trio
        groups[index] = (*groups[index], row)
        paired.add(row)
    result = Result()
    result.groups = sorted(tuple(sorted(people[row].id for row in group)) for group in groups)
    result.unpaired = [
        (people[row].id, _why_unpaired(facts, row, everyone, paired, rules))
        for row in everyone
        if row not in paired
    ]
    return result
