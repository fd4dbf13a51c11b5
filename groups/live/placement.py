"""Who goes to which breakout room: pure functions over plain data, no database.

A person is a `Person(id, offset, languages)`: their UTC offset now, in minutes, and the
codes of the languages they speak. Every rule fills rooms evenly (sizes differ by at
most one) and differs in who sits together:

- random: shuffled, then dealt.
- zone: nearby time zones together, so a room can keep meeting after the session. On a
  line of offsets, cutting the sorted list into consecutive runs of the even sizes is
  the exact minimum of the rooms' total spread.
- language: each room is given a language in proportion to how many speak it, then
  people are assigned to seats as an exact assignment problem (scipy's
  linear_sum_assignment): the fewest people in a room whose language they do not
  speak, and among those optima the rooms' zone spread as a tie-break.
- mixed: each room mixes zones and languages: people sorted by language and offset are
  dealt round the rooms, so neighbours in that order land in different rooms.

`late_room` places one late joiner by the same rule among the rooms as they are."""

import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

RANDOM, ZONE, LANGUAGE, MIXED = "random", "zone", "language", "mixed"
RULES = (RANDOM, ZONE, LANGUAGE, MIXED)


@dataclass(frozen=True)
class Person:
    id: int
    offset: int = 0
    languages: frozenset = field(default_factory=frozenset)


def even_sizes(people, rooms):
    """How many go to each room: as even as can be, larger rooms first."""
    base, extra = divmod(people, rooms)
    return [base + (1 if index < extra else 0) for index in range(rooms)]


def _deal(people, rooms):
    placed = [[] for _ in range(rooms)]
    for index, person in enumerate(people):
        placed[index % rooms].append(person.id)
    return placed


def _runs(people, rooms):
    placed, start = [], 0
    for size in even_sizes(len(people), rooms):
        placed.append([person.id for person in people[start : start + size]])
        start += size
    return placed


def _room_languages(people, rooms):
    """A language for each room, in proportion to its speakers (largest first)."""
    counts = Counter(code for person in people for code in person.languages)
    if not counts:
        return [None] * rooms
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    labels = []
    for code, count in ranked:
        labels += [code] * max(1, round(rooms * count / total))
    labels = (labels + [ranked[0][0]] * rooms)[:rooms]
    return labels


def _by_language(people, rooms):
    labels = _room_languages(people, rooms)
    sizes = even_sizes(len(people), rooms)
    seats = [room for room, size in enumerate(sizes) for _ in range(size)]
    # A room's zone centre: the median offset of those who speak its language.
    centres = []
    for label in labels:
        offsets = sorted(p.offset for p in people if label is None or label in p.languages)
        centres.append(offsets[len(offsets) // 2] if offsets else 0)
    # The language term outweighs any zone term: a whole day is 1440 minutes.
    cost = np.array(
        [
            [
                (0 if labels[room] is None or labels[room] in person.languages else 10_000)
                + abs(person.offset - centres[room]) / 1440
                for room in seats
            ]
            for person in people
        ]
    )
    rows, cols = linear_sum_assignment(cost)
    placed = [[] for _ in range(rooms)]
    for row, col in zip(rows, cols, strict=True):
        placed[seats[col]].append(people[row].id)
    return placed


def place(people, rooms, rule, rng=None):
    """[[person id, …] for each room] for `people` in `rooms` rooms by `rule`."""
    if rooms < 1:
        raise ValueError("At least one room.")
    rng = rng or random.Random()
    people = list(people)
    if not people:
        return [[] for _ in range(rooms)]
    if rule == ZONE:
        return _runs(sorted(people, key=lambda p: (p.offset, p.id)), rooms)
    if rule == LANGUAGE:
        return _by_language(people, rooms)
    if rule == MIXED:
        key = lambda p: (min(p.languages, default=""), p.offset, p.id)  # noqa: E731
        return _deal(sorted(people, key=key), rooms)
    rng.shuffle(people)
    return _deal(people, rooms)


def late_room(person, rooms, rule, rng=None):
    """The room for one late joiner: `rooms` is {room id: [Person, …]} as they are now.
    Always one of the least full rooms (so sizes stay even); among those, by the rule."""
    rng = rng or random.Random()
    smallest = min(len(members) for members in rooms.values())
    candidates = [room for room, members in rooms.items() if len(members) == smallest]
    if rule == ZONE:

        def distance(room):
            members = rooms[room]
            if not members:
                return 0
            return min(abs(person.offset - other.offset) for other in members)

        return min(candidates, key=lambda room: (distance(room), room))
    if rule == LANGUAGE:

        def shared(room):
            return -sum(1 for other in rooms[room] if other.languages & person.languages)

        return min(candidates, key=lambda room: (shared(room), room))
    if rule == MIXED:

        def alike(room):
            return sum(
                1
                for other in rooms[room]
                if other.offset == person.offset or other.languages & person.languages
            )

        return min(candidates, key=lambda room: (alike(room), room))
    return rng.choice(sorted(candidates))
