"""Review allocation on random layouts of hundreds of students and teams."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.allocation import AllocationError, allocate_reviews


@st.composite
def layouts(draw):
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=80))
    teams, next_id = {}, 0
    for t, size in enumerate(sizes):
        teams[t] = set(range(next_id, next_id + size))
        next_id += size
    submitted = draw(st.sets(st.sampled_from(sorted(teams)), min_size=1))
    return {t: teams[t] for t in submitted}, list(range(next_id)), draw(st.integers(1, 4))


@settings(max_examples=60, deadline=None)
@given(layouts(), st.integers(0, 2**31))
def test_every_rule_holds(layout, seed):
    submissions, reviewers, per = layout
    try:
        pairs = allocate_reviews(submissions, reviewers, per, seed=seed)
    except AllocationError:
        # Refused only when some team's work has too few reviewers outside it.
        assert any(len(reviewers) - len(members) < per for members in submissions.values())
        return
    per_submission = Counter(s for s, _ in pairs)
    assert all(per_submission[s] == per for s in submissions)
    loads = Counter(r for _, r in pairs)
    counts = [loads[r] for r in reviewers]
    assert max(counts) - min(counts) <= 1
    assert all(r not in submissions[s] for s, r in pairs)
    assert len(set(pairs)) == len(pairs)
    assert pairs == allocate_reviews(submissions, reviewers, per, seed=seed)


def test_a_blocked_pair_never_reviews_each_other():
    submissions = {1: {1, 2}, 2: {3, 4}, 3: {5, 6}}
    pairs = allocate_reviews(submissions, range(1, 7), 2, {frozenset((1, 3))}, seed=4)
    assert (2, 1) not in pairs and (1, 3) not in pairs


def test_too_many_reviews_asked_is_refused():
    with pytest.raises(AllocationError, match="at most 2"):
        allocate_reviews({1: {1, 2}, 2: {3, 4}}, [1, 2, 3, 4], 3)
