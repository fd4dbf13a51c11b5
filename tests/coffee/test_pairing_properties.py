"""Properties of a coffee round (mentorship.coffee.pairing) on random small populations:
the rules always hold, trios only when the count is odd, isolated people first, and
the matching is the exact optimum (networkx's blossom, an independent implementation,
finds the same total weight)."""

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorship.coffee import pairing
from mentorship.coffee.pairing import Person, Rules, pair_key

QUARTERS = pairing.QUARTERS_PER_WEEK
LANGUAGES = ["en", "es", "pt", "ja"]


@st.composite
def free_time(draw):
    """A few stretches of whole hours, sometimes starting on a half hour."""
    quarters = set()
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, QUARTERS - 1))
        length = draw(st.sampled_from([2, 4, 8, 12]))
        quarters.update((start + q) % QUARTERS for q in range(length))
    # Many people share a common evening, so that rounds have real choices to make.
    if draw(st.booleans()):
        quarters.update(range(4 * 19, 4 * 21))
    return frozenset(quarters)


@st.composite
def rounds(draw, max_people=14):
    count = draw(st.integers(0, max_people))
    people = [
        Person(
            id=person_id,
            free=draw(free_time()),
            isolated=draw(st.booleans()),
            speaks=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=2))),
            learning=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=1))),
        )
        for person_id in range(1, count + 1)
    ]
    ids = [p.id for p in people]
    excluded = set()
    if len(ids) >= 2:
        pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
        for a, b in draw(st.lists(pairs, max_size=count)):
            if a != b:
                excluded.add(pair_key(a, b))
    return people, Rules(excluded=frozenset(excluded), tandem=draw(st.booleans()))


def _by_id(people):
    return {person.id: person for person in people}


def _weight_of(groups, people, rules):
    """The objective of a matching (trios aside) by pairing._weights, scalar."""
    facts = pairing._Facts.of(sorted(people, key=lambda p: p.id))
    rows = np.arange(len(people))
    ok, points = facts.feasible(rows, rows, rules)
    weights = pairing._weights(facts, rows, ok, points)
    row = facts.row_of
    return sum(int(weights[row[a], row[b]]) for a, b in groups), weights, ok, facts


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_every_group_may_meet_and_nobody_is_twice(case):
    people, rules = case
    result = pairing.pair_round(people, rules)
    by_id = _by_id(people)
    seen = [pid for group in result.groups for pid in group]
    assert len(seen) == len(set(seen))
    for group in result.groups:
        members = [by_id[pid] for pid in group]
        assert len(group) in (2, 3)
        for a in members:
            for b in members:
                if a.id < b.id:
                    assert not rules.excludes(a.id, b.id), "blocked or recent pair"
                    assert pairing.overlap_quarters(a, b) >= pairing.MIN_OVERLAP_QUARTERS
                    if rules.tandem:
                        assert pairing.tandem_ways(a, b) > 0
        assert pairing.overlap_quarters(*members) >= pairing.MIN_OVERLAP_QUARTERS
    assert set(seen) | {pid for pid, _ in result.unpaired} == set(by_id)
    assert not set(seen) & {pid for pid, _ in result.unpaired}


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_at_most_one_trio_and_only_when_the_count_is_odd(case):
    people, rules = case
    result = pairing.pair_round(people, rules)
    trios = [group for group in result.groups if len(group) == 3]
    assert len(trios) <= 1
    if trios:
        assert len(result.paired_ids) % 2 == 1


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_an_isolated_person_is_left_alone_only_when_every_possible_partner_is_isolated_and_taken(
    case,
):
    """Isolated people are paired whenever a feasible partner exists: one left over means
    each person who could meet them is paired with another isolated person."""
    people, rules = case
    result = pairing.pair_round(people, rules, top_k=None)
    by_id = _by_id(people)
    partner = {}
    for group in result.groups:
        for pid in group:
            partner[pid] = [other for other in group if other != pid]
    for pid, _reason in result.unpaired:
        person = by_id[pid]
        if not person.isolated:
            continue
        for other in people:
            if other.id == pid or not pairing.may_pair(person, other, rules):
                continue
            assert other.id in partner, "an isolated person's possible partner left alone"
            assert any(by_id[q].isolated for q in partner[other.id])


@settings(max_examples=60, deadline=None)
@given(rounds(max_people=12))
def test_the_matching_is_the_exact_optimum(case):
    """networkx's max_weight_matching on the same weights finds the same total."""
    people, rules = case
    result = pairing.pair_round(people, rules, top_k=None)
    pairs = [group[:2] for group in result.groups if len(group) == 2]
    trio = [group for group in result.groups if len(group) == 3]
    total, weights, ok, facts = _weight_of(pairs, people, rules)
    if trio:
        # The trio is a pair of the matching plus the one left over: any of its three
        # pairs can be the matched one, so take the best.
        total += max(
            _weight_of([pair], people, rules)[0]
            for pair in [
                (trio[0][0], trio[0][1]),
                (trio[0][0], trio[0][2]),
                (trio[0][1], trio[0][2]),
            ]
        )
    graph = nx.Graph()
    for i, j in zip(*np.nonzero(np.triu(ok, k=1)), strict=True):
        graph.add_edge(int(i), int(j), weight=int(weights[i, j]))
    reference = nx.max_weight_matching(graph)
    best = sum(int(weights[i, j]) for i, j in reference)
    assert total >= best
    if not trio:
        assert total == best


@settings(max_examples=80, deadline=None)
@given(rounds())
def test_no_pair_repeats_within_the_rounds_it_is_kept_out_of(case):
    """Pairs of the last rounds come in as excluded: running rounds one after another
    with each round's pairs excluded never pairs two people twice."""
    people, rules = case
    earlier = set()
    for _ in range(3):
        rules_now = Rules(excluded=rules.excluded | frozenset(earlier), tandem=rules.tandem)
        result = pairing.pair_round(people, rules_now)
        for group in result.groups:
            for a in group:
                for b in group:
                    if a < b:
                        assert (a, b) not in earlier
                        earlier.add((a, b))


def test_neighbourhoods_and_the_top_k_cut_keep_every_rule():
    """A round cut into neighbourhoods of 10 with 3 candidates each still keeps the
    rules, and pairs most people of a population that all shares an evening."""
    evening = frozenset(range(4 * 19, 4 * 21))
    people = [Person(id=i, free=evening, isolated=i % 4 == 0) for i in range(1, 62)]
    rules = Rules(excluded=frozenset({(1, 2), (3, 4)}))
    result = pairing.pair_round(people, rules, top_k=3, block_size=10)
    assert len(result.paired_ids) == 61  # 30 pairs, one a trio
    assert sum(1 for g in result.groups if len(g) == 3) == 1
    for group in result.groups:
        for a in group:
            for b in group:
                assert a == b or not rules.excludes(a, b)


def test_the_reasons_people_are_left_out():
    evening = frozenset(range(4 * 19, 4 * 21))
    morning = frozenset(range(4 * 8, 4 * 10))
    people = [
        Person(id=1, free=evening),
        Person(id=2, free=evening),
        Person(id=3, free=frozenset()),
        Person(id=4, free=morning),
        Person(id=5, free=morning),
    ]
    result = pairing.pair_round(people, Rules(excluded=frozenset({(4, 5)})))
    assert result.groups == [(1, 2)]
    assert dict(result.unpaired) == {
        3: pairing.NO_FREE_TIME,
        4: pairing.EXCLUDED,
        5: pairing.EXCLUDED,
    }
    tandem = pairing.pair_round(
        [
            Person(id=1, free=evening, speaks=frozenset({"en"})),
            Person(id=2, free=evening, speaks=frozenset({"en"})),
        ],
        Rules(tandem=True),
    )
    assert dict(tandem.unpaired) == {1: pairing.NO_TANDEM, 2: pairing.NO_TANDEM}


def test_a_lone_isolated_person_gets_the_partner_who_fits_best():
    """Two people could meet the isolated one; the one sharing more hours is chosen,
    even though the other two would fit each other better."""
    people = [
        Person(id=1, free=frozenset(range(0, 40)), isolated=True),
        Person(id=2, free=frozenset(range(0, 40))),
        Person(id=3, free=frozenset(range(36, 80))),
        Person(id=4, free=frozenset(range(300, 340))),
    ]
    result = pairing.pair_round(people)
    assert any(1 in group and 2 in group for group in result.groups)
