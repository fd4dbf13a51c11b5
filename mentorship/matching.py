"""Who fits whom, and the best pairing of a whole programme: plain maths over plain data,
no database (mentorship.actions reads the rows into these shapes).

Score of a mentor–mentee pair, in whole points so that totals compare exactly:

- 10 for each topic the mentee wants and the mentor offers;
- 5 when they share a language;
- 1 for each whole hour a week both are free, up to 10;
- 5 when they share a course;
- 15 when the mentor is the one the mentee asked for.

Hard constraints: never oneself, never across a block (either way), never a forbidden
pair, never a pair paired before when the programme says so, the mentee's stated
preferences (a shared language; a mentor within ±N hours of their zone), a mentor's
capacity, and a pair with nothing in common (score 0) is no pair at all.

The bulk round is the exact optimum: the largest total score over all pairings that
respect the constraints, found by `scipy.optimize.linear_sum_assignment` over mentor
capacity slots (each mentor appears once per free seat). Pinned pairs are kept as they
are and take a seat first. A greedy first-come loop would be simpler and loses total
score (benchmarks/mentorship_matching.py measures how much)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from django.utils.translation import gettext_lazy as _
from scipy.optimize import linear_sum_assignment

TOPIC_POINTS = 10
LANGUAGE_POINTS = 5
HOUR_POINTS = 1
MAX_HOUR_POINTS = 10
COURSE_POINTS = 5
PREFERRED_POINTS = 15

# Free time is counted in quarter-hours of the UTC week (0 = Monday 00:00 UTC), so that
# half- and quarter-hour zones (Kolkata, Kathmandu) overlap exactly.
QUARTERS_PER_HOUR = 4
QUARTERS_PER_WEEK = 7 * 24 * QUARTERS_PER_HOUR
MINUTES_PER_DAY = 24 * 60
# Mentees scored against every mentor at once, in blocks of this many rows: a block of
# free-time bit words stays in the tens of megabytes at 2,000 mentors.
BLOCK_ROWS = 256

# Why a mentee was left without a mentor, for the organiser's preview.
NO_ROOM = "no_room"
ZONE = "zone"
LANGUAGE = "language"
EXCLUDED = "excluded"
NOTHING_SHARED = "nothing_shared"
TAKEN = "taken"
REASONS = {
    NO_ROOM: _("No mentor has a free seat."),
    ZONE: _("No mentor with a free seat is within the time-zone distance they asked for."),
    LANGUAGE: _("No mentor with a free seat speaks one of their languages."),
    EXCLUDED: _("The mentors who would fit are set aside (forbidden, or paired before)."),
    NOTHING_SHARED: _("No mentor with a free seat shares a topic, a language or free time."),
    TAKEN: _("Every mentor who fits them is needed for better-fitting pairs."),
}


@dataclass(frozen=True)
class Mentor:
    id: int
    capacity: int
    topics: frozenset = frozenset()
    languages: frozenset = frozenset()
    courses: frozenset = frozenset()
    free: frozenset = frozenset()  # quarter-hours of the UTC week
    utc_offset_minutes: int = 0


@dataclass(frozen=True)
class Mentee:
    id: int
    topics: frozenset = frozenset()
    languages: frozenset = frozenset()
    courses: frozenset = frozenset()
    free: frozenset = frozenset()
    utc_offset_minutes: int = 0
    same_language: bool = False
    max_zone_hours: int | None = None
    preferred_mentor: int | None = None


@dataclass(frozen=True)
class Rules:
    """Pairs as (mentor id, mentee id). `blocked` holds both orders of every block
    between two people, or the caller adds them: a block is symmetric."""

    blocked: frozenset = frozenset()
    forbidden: frozenset = frozenset()
    pinned: frozenset = frozenset()
    paired_before: frozenset = frozenset()

    def excludes(self, mentor_id, mentee_id):
        pair = (mentor_id, mentee_id)
        return (
            mentor_id == mentee_id
            or pair in self.blocked
            or (mentee_id, mentor_id) in self.blocked
            or pair in self.forbidden
            or pair in self.paired_before
        )


@dataclass(frozen=True)
class Match:
    mentor: int
    mentee: int
    score: int
    pinned: bool = False


@dataclass
class Result:
    pairs: list[Match] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (mentee id, reason)

    @property
    def total(self):
        return sum(match.score for match in self.pairs)


def zone_distance_minutes(first_offset, second_offset):
    """Minutes between two UTC offsets around the clock: +13:00 and −10:00 are an hour
    apart on the wall clock (a day apart on the calendar, which matters less for a call)."""
    gap = abs(first_offset - second_offset) % MINUTES_PER_DAY
    return min(gap, MINUTES_PER_DAY - gap)


def overlap_points(quarters):
    return min(quarters // QUARTERS_PER_HOUR, MAX_HOUR_POINTS) * HOUR_POINTS


def score(mentor: Mentor, mentee: Mentee) -> int:
    """The fit of one pair, before constraints (see the module's docstring)."""
    return (
        TOPIC_POINTS * len(mentor.topics & mentee.topics)
        + (LANGUAGE_POINTS if mentor.languages & mentee.languages else 0)
        + overlap_points(len(mentor.free & mentee.free))
        + (COURSE_POINTS if mentor.courses & mentee.courses else 0)
        + (PREFERRED_POINTS if mentee.preferred_mentor == mentor.id else 0)
    )


def fits_preferences(mentor: Mentor, mentee: Mentee) -> bool:
    if mentee.same_language and not mentor.languages & mentee.languages:
        return False
    if mentee.max_zone_hours is not None:
        distance = zone_distance_minutes(mentor.utc_offset_minutes, mentee.utc_offset_minutes)
        if distance > mentee.max_zone_hours * 60:
            return False
    return True


def eligible(mentor: Mentor, mentee: Mentee, rules: Rules = Rules()) -> bool:
    """Whether the pair may be suggested at all, capacity aside."""
    return (
        not rules.excludes(mentor.id, mentee.id)
        and fits_preferences(mentor, mentee)
        and score(mentor, mentee) > 0
    )


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


def _vocabulary(*groups: Iterable[frozenset]) -> dict:
    index = {}
    for items in chain.from_iterable(groups):
        for item in items:
            index.setdefault(item, len(index))
    return index


def _shared(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """How many items each row of `first` shares with each row of `second`."""
    return np.bitwise_count(first[:, None, :] & second[None, :, :]).sum(axis=2, dtype=np.int32)


@dataclass
class ScoreTable:
    """Every mentee (rows) against every mentor (columns): `score` and the masks that
    make a pair eligible, split so that the unmatched can be told why."""

    score: np.ndarray
    zone_ok: np.ndarray
    language_ok: np.ndarray
    allowed: np.ndarray  # not excluded by the rules
    eligible: np.ndarray = field(init=False)

    def __post_init__(self):
        self.eligible = (self.score > 0) & self.zone_ok & self.language_ok & self.allowed


def score_table(mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules) -> ScoreTable:
    """`score` and `eligible` for every pair at once, in numpy."""
    shape = (len(mentees), len(mentors))
    topics = _vocabulary((m.topics for m in mentors), (m.topics for m in mentees))
    languages = _vocabulary((m.languages for m in mentors), (m.languages for m in mentees))
    courses = _vocabulary((m.courses for m in mentors), (m.courses for m in mentees))
    quarters = {quarter: quarter for quarter in range(QUARTERS_PER_WEEK)}

    def bits(people, attribute, index, width):
        return _bitsets([getattr(person, attribute) for person in people], index, width)

    mentor_bits = [
        bits(mentors, "topics", topics, len(topics)),
        bits(mentors, "languages", languages, len(languages)),
        bits(mentors, "courses", courses, len(courses)),
        bits(mentors, "free", quarters, QUARTERS_PER_WEEK),
    ]
    mentee_bits = [
        bits(mentees, "topics", topics, len(topics)),
        bits(mentees, "languages", languages, len(languages)),
        bits(mentees, "courses", courses, len(courses)),
        bits(mentees, "free", quarters, QUARTERS_PER_WEEK),
    ]
    table = np.zeros(shape, dtype=np.int32)
    language_shared = np.zeros(shape, dtype=bool)
    for start in range(0, len(mentees), BLOCK_ROWS):
        block = slice(start, start + BLOCK_ROWS)
        shared_topics, shared_languages, shared_courses, shared_quarters = (
            _shared(mentee[block], mentor)
            for mentee, mentor in zip(mentee_bits, mentor_bits, strict=True)
        )
        language_shared[block] = shared_languages > 0
        hours = np.minimum(shared_quarters // QUARTERS_PER_HOUR, MAX_HOUR_POINTS)
        table[block] = (
            TOPIC_POINTS * shared_topics
            + LANGUAGE_POINTS * (shared_languages > 0)
            + HOUR_POINTS * hours
            + COURSE_POINTS * (shared_courses > 0)
        )

    mentor_column = {mentor.id: column for column, mentor in enumerate(mentors)}
    for row, mentee in enumerate(mentees):
        column = mentor_column.get(mentee.preferred_mentor)
        if column is not None:
            table[row, column] += PREFERRED_POINTS

    wants_language = np.array([mentee.same_language for mentee in mentees], dtype=bool)
    language_ok = language_shared | ~wants_language[:, None]

    mentor_offsets = np.array([m.utc_offset_minutes for m in mentors], dtype=np.int32)
    mentee_offsets = np.array([m.utc_offset_minutes for m in mentees], dtype=np.int32)
    gap = np.abs(mentee_offsets[:, None] - mentor_offsets[None, :]) % MINUTES_PER_DAY
    distance = np.minimum(gap, MINUTES_PER_DAY - gap)
    limits = np.array(
        [np.inf if m.max_zone_hours is None else m.max_zone_hours * 60 for m in mentees]
    )
    zone_ok = distance <= limits[:, None]

    allowed = np.ones(shape, dtype=bool)
    mentee_row = {mentee.id: row for row, mentee in enumerate(mentees)}
    for row, mentee in enumerate(mentees):
        column = mentor_column.get(mentee.id)
        if column is not None:
            allowed[row, column] = False  # oneself
    excluded = chain(
        rules.blocked,
        ((b, a) for a, b in rules.blocked),
        rules.forbidden,
        rules.paired_before,
    )
    for mentor_id, mentee_id in excluded:
        row, column = mentee_row.get(mentee_id), mentor_column.get(mentor_id)
        if row is not None and column is not None:
            allowed[row, column] = False
    return ScoreTable(table, zone_ok, language_ok, allowed)


def _check_pins(mentors, mentees, rules):
    capacity = {mentor.id: mentor.capacity for mentor in mentors}
    known_mentees = {mentee.id for mentee in mentees}
    pinned_mentees = set()
    for mentor_id, mentee_id in rules.pinned:
        if mentor_id not in capacity or mentee_id not in known_mentees:
            raise ValueError(f"Pinned pair {mentor_id}–{mentee_id} is not in the round.")
        if mentee_id in pinned_mentees:
            raise ValueError(f"Mentee {mentee_id} is pinned to two mentors.")
        if (mentor_id, mentee_id) in rules.blocked or (mentee_id, mentor_id) in rules.blocked:
            raise ValueError(f"Pinned pair {mentor_id}–{mentee_id} is blocked.")
        if mentor_id == mentee_id:
            raise ValueError("A person cannot be pinned to themself.")
        pinned_mentees.add(mentee_id)
        capacity[mentor_id] -= 1
        if capacity[mentor_id] < 0:
            raise ValueError(f"Mentor {mentor_id} has more pins than seats.")


def match(mentors: Sequence[Mentor], mentees: Sequence[Mentee], rules: Rules = Rules()) -> Result:
    """The pairing of largest total score. Pinned pairs are kept whatever their score
    (the organiser's word), and must be consistent (ValueError otherwise): each mentee
    pinned once, no mentor pinned beyond capacity, no pin across a block."""
    mentors, mentees = list(mentors), list(mentees)
    _check_pins(mentors, mentees, rules)
    table = score_table(mentors, mentees, rules)
    mentor_column = {mentor.id: column for column, mentor in enumerate(mentors)}
    mentee_row = {mentee.id: row for row, mentee in enumerate(mentees)}

    result = Result()
    seats = np.array([mentor.capacity for mentor in mentors], dtype=np.int64)
    open_rows = np.ones(len(mentees), dtype=bool)
    for mentor_id, mentee_id in sorted(rules.pinned):
        row, column = mentee_row[mentee_id], mentor_column[mentor_id]
        result.pairs.append(Match(mentor_id, mentee_id, int(table.score[row, column]), True))
        seats[column] -= 1
        open_rows[row] = False

    gains = np.where(table.eligible, table.score, 0)
    gains[~open_rows, :] = 0
    gains[:, seats <= 0] = 0
    rows = np.flatnonzero(gains.any(axis=1))
    columns = np.flatnonzero(gains.any(axis=0))
    if len(rows) and len(columns):
        # A mentor never needs more seats than there are mentees who could take them.
        slots = np.repeat(columns, np.minimum(seats[columns], len(rows)))
        # Maximising the total gain; pairs of gain 0 that fill out the square are dropped.
        # Seats as rows, in a contiguous array: scipy works along the shorter side, and
        # handing it that layout rather than a view measured four times faster at 10,000.
        seat_rows = np.ascontiguousarray(gains[np.ix_(rows, slots)].T, dtype=np.float64)
        chosen_slots, chosen_rows = linear_sum_assignment(seat_rows, maximize=True)
        for row_at, slot_at in zip(chosen_rows, chosen_slots, strict=True):
            row, column = rows[row_at], slots[slot_at]
            gain = int(gains[row, column])
            if gain > 0:
                result.pairs.append(Match(mentors[column].id, mentees[row].id, gain))
                open_rows[row] = False

    for row in np.flatnonzero(open_rows):
        result.unmatched.append((mentees[row].id, _why_unmatched(table, row, seats)))
    return result


def _why_unmatched(table: ScoreTable, row: int, seats: np.ndarray) -> str:
    room = np.asarray(seats) > 0
    if not room.any():
        return NO_ROOM
    if table.eligible[row].any():
        return TAKEN
    candidates = room & table.zone_ok[row]
    if not candidates.any():
        return ZONE
    candidates &= table.language_ok[row]
    if not candidates.any():
        return LANGUAGE
    if not (candidates & table.allowed[row]).any():
        return EXCLUDED
    return NOTHING_SHARED
