"""The placement rules on plain data: even sizes always; who sits together by rule."""

import random

from hypothesis import given
from hypothesis import strategies as st

from groups.live.placement import LANGUAGE, MIXED, RANDOM, RULES, ZONE, Person, late_room, place

people_lists = st.lists(
    st.builds(
        Person,
        id=st.integers(1, 10_000),
        offset=st.sampled_from([-600, -300, 0, 60, 330, 540, 780]),
        languages=st.frozensets(st.sampled_from(["en", "es", "ja", "hi"]), max_size=2),
    ),
    max_size=40,
    unique_by=lambda p: p.id,
)


@given(people=people_lists, rooms=st.integers(1, 8), rule=st.sampled_from(RULES))
def test_every_rule_places_everyone_once_in_rooms_of_even_size(people, rooms, rule):
    placed = place(people, rooms, rule, random.Random(1))
    assert len(placed) == rooms
    ids = [pid for room in placed for pid in room]
    assert sorted(ids) == sorted(p.id for p in people)
    sizes = [len(room) for room in placed]
    assert max(sizes) - min(sizes) <= 1


def test_zone_puts_nearby_zones_together_and_mixed_spreads_them():
    people = [Person(i, offset) for i, offset in enumerate([-300, -300, 540, 540, 0, 0], 1)]
    by_zone = place(people, 3, ZONE)
    offsets = {p.id: p.offset for p in people}
    assert all(len({offsets[i] for i in room}) == 1 for room in by_zone)
    mixed = place(people, 2, MIXED)
    assert all(len({offsets[i] for i in room}) == 3 for room in mixed)


def test_language_gives_each_room_a_language_its_people_speak():
    people = [Person(i, 0, frozenset({"es"})) for i in range(1, 5)] + [
        Person(i, 0, frozenset({"ja"})) for i in range(5, 9)
    ]
    placed = place(people, 2, LANGUAGE)
    spoken = {p.id: p.languages for p in people}
    for room in placed:
        assert len(set().union(*(spoken[i] for i in room))) == 1


def test_a_late_joiner_goes_to_a_least_full_room_by_the_rule():
    rooms = {1: [Person(1, -300), Person(2, -300)], 2: [Person(3, 540)], 3: [Person(4, 0)]}
    assert late_room(Person(9, 540), rooms, ZONE) == 2
    assert late_room(Person(9, 0), rooms, ZONE) == 3
    assert late_room(Person(9, 0), rooms, RANDOM, random.Random(3)) in (2, 3)
    speaking = {1: [Person(1, 0, frozenset({"es"}))], 2: [Person(2, 0, frozenset({"ja"}))]}
    assert late_room(Person(9, 0, frozenset({"ja"})), speaking, LANGUAGE) == 2
