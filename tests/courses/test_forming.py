"""Team forming on random classes: the guarantees hold whatever the weeks and blocks."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.forming import FormingError, form_teams, team_sizes


@st.composite
def classes(draw):
    count = draw(st.integers(min_value=2, max_value=60))
    free = {s: set(draw(st.lists(st.integers(0, 167), max_size=40))) for s in range(count)}
    pairs = draw(
        st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=count)
    )
    blocked = {frozenset(p) for p in pairs if p[0] != p[1]}
    low = draw(st.integers(2, 5))
    high = draw(st.integers(low, 8))
    return count, free, blocked, low, high, draw(st.integers(0, 10))


@settings(max_examples=40, deadline=None)
@given(classes())
def test_teams_are_balanced_cover_everyone_and_keep_blocked_pairs_apart(layout):
    count, free, blocked, low, high, hours = layout
    try:
        teams = form_teams(
            range(count), free, blocked, min_size=low, max_size=high, min_hours=hours
        )
    except FormingError:
        return  # too few students for the range, or blocks that leave no way
    sizes = [len(team.members) for team in teams]
    assert sorted(m for team in teams for m in team.members) == list(range(count))
    assert max(sizes) - min(sizes) <= 1 and low <= min(sizes) and max(sizes) <= high
    for team in teams:
        assert not any(frozenset((a, b)) in blocked for a in team.members for b in team.members)
        shared = set.intersection(*(free[m] for m in team.members))
        assert team.hours == len(shared)


def test_sizes_use_as_few_teams_as_the_largest_size_allows():
    assert team_sizes(10, 3, 4) == [4, 3, 3]
    assert team_sizes(8, 2, 4) == [4, 4]
    with pytest.raises(FormingError):
        team_sizes(5, 3, 4)  # 4 + 1 or 3 + 2: no split fits


def test_same_input_same_teams():
    free = {s: {s % 24, 24 + s % 24} for s in range(30)}
    first = form_teams(range(30), free, set(), min_size=3, max_size=4, min_hours=2)
    assert first == form_teams(range(30), free, set(), min_size=3, max_size=4, min_hours=2)
