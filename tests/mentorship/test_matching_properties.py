"""Properties of the bulk matcher on random populations (hypothesis): seats are never
exceeded, blocked and forbidden pairs never appear, pins are kept, and the total score
equals that of an independent exact solver (networkx min-cost flow over pairs scored
one at a time)."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.mentorship_matching import reference_lp, reference_networkx
from mentorship import matching
from mentorship.matching import Mentee, Mentor, Rules

TOPICS = ["stats", "python", "design", "writing"]
LANGUAGES = ["en", "pt", "hi"]
OFFSETS = [-300, 0, 60, 330, 540]
# A small week keeps examples readable: free time in whole hours of two evenings.
HOURS = [(day * 24 + hour) * 4 for day in (1, 2) for hour in (18, 19, 20)]


def subsets(items):
    return st.frozensets(st.sampled_from(items))


def free_time():
    return subsets(HOURS).map(lambda hours: frozenset(h + q for h in hours for q in range(4)))


@st.composite
def populations(draw):
    mentor_count = draw(st.integers(1, 5))
    mentee_count = draw(st.integers(0, 9))
    mentors = [
        Mentor(
            id=n,
            capacity=draw(st.integers(1, 5)),
            topics=draw(subsets(TOPICS)),
            languages=draw(subsets(LANGUAGES)),
            courses=draw(subsets([1, 2])),
            free=draw(free_time()),
            utc_offset_minutes=draw(st.sampled_from(OFFSETS)),
        )
        for n in range(1, mentor_count + 1)
    ]
    mentor_ids = [mentor.id for mentor in mentors]
    mentees = [
        Mentee(
            id=100 + n,
            topics=draw(subsets(TOPICS)),
            languages=draw(subsets(LANGUAGES)),
            courses=draw(subsets([1, 2])),
            free=draw(free_time()),
            utc_offset_minutes=draw(st.sampled_from(OFFSETS)),
            same_language=draw(st.booleans()),
            max_zone_hours=draw(st.sampled_from([None, 1, 3, 6])),
            preferred_mentor=draw(st.sampled_from([None, *mentor_ids])),
        )
        for n in range(mentee_count)
    ]
    mentee_ids = [mentee.id for mentee in mentees]
    any_pair = st.tuples(st.sampled_from(mentor_ids), st.sampled_from(mentee_ids or [0]))
    blocked = draw(st.frozensets(any_pair, max_size=4))
    forbidden = draw(st.frozensets(any_pair, max_size=3))
    pinned, seats, taken = set(), {m.id: m.capacity for m in mentors}, set()
    for mentor_id, mentee_id in draw(st.lists(any_pair, max_size=3)):
        pair = (mentor_id, mentee_id)
        free = mentee_id in mentee_ids and mentee_id not in taken and seats[mentor_id] > 0
        if free and pair not in blocked and pair not in forbidden:
            pinned.add(pair)
            taken.add(mentee_id)
            seats[mentor_id] -= 1
    rules = Rules(blocked=blocked, forbidden=forbidden, pinned=frozenset(pinned))
    return mentors, mentees, rules


@settings(max_examples=150, deadline=None)
@given(populations())
def test_the_matcher_keeps_every_rule(population):
    mentors, mentees, rules = population
    result = matching.match(mentors, mentees, rules)
    pairs = {(match.mentor, match.mentee) for match in result.pairs}
    capacity = {mentor.id: mentor.capacity for mentor in mentors}
    for mentor_id, count in Counter(mentor for mentor, _ in pairs).items():
        assert count <= capacity[mentor_id]
    assert len({mentee for _, mentee in pairs}) == len(pairs)  # one mentor each
    assert not pairs & rules.blocked
    assert not pairs & {(b, a) for a, b in rules.blocked}
    assert not pairs & rules.forbidden
    assert rules.pinned <= pairs
    by_id = {mentor.id: mentor for mentor in mentors} | {mentee.id: mentee for mentee in mentees}
    for match in result.pairs:
        if not match.pinned:
            assert matching.eligible(by_id[match.mentor], by_id[match.mentee], rules)
        assert match.score == matching.score(by_id[match.mentor], by_id[match.mentee])
    unmatched = {mentee for mentee, _ in result.unmatched}
    assert unmatched | {mentee for _, mentee in pairs} == {mentee.id for mentee in mentees}


@settings(max_examples=150, deadline=None)
@given(populations())
def test_the_total_equals_two_independent_exact_solvers(population):
    mentors, mentees, rules = population
    total = matching.match(mentors, mentees, rules).total
    assert total == reference_networkx(mentors, mentees, rules).total
    assert total == reference_lp(mentors, mentees, rules)[0]


@settings(max_examples=100, deadline=None)
@given(populations())
def test_the_score_table_agrees_with_the_pair_score(population):
    mentors, mentees, rules = population
    table = matching.score_table(mentors, mentees, rules)
    for row, mentee in enumerate(mentees):
        for column, mentor in enumerate(mentors):
            assert table.score[row, column] == matching.score(mentor, mentee)
            assert table.eligible[row, column] == matching.eligible(mentor, mentee, rules)


def test_unmatched_people_are_told_why():
    far = Mentor(id=1, capacity=1, languages=frozenset({"en"}), utc_offset_minutes=540)
    near = Mentor(id=2, capacity=1, languages=frozenset({"pt"}), topics=frozenset({"stats"}))
    mentees = [
        Mentee(id=10, languages=frozenset({"pt"}), topics=frozenset({"stats"})),
        Mentee(id=11, languages=frozenset({"pt"}), topics=frozenset({"stats"})),
        Mentee(id=12, languages=frozenset({"fr"}), same_language=True, max_zone_hours=12),
        Mentee(id=13, max_zone_hours=1, utc_offset_minutes=-300),
    ]
    result = matching.match([far, near], mentees)
    assert dict(result.unmatched) == {
        11: matching.TAKEN,
        12: matching.LANGUAGE,
        13: matching.ZONE,
    }
