"""Forming balanced teams whose members can meet.

Given the students, the UTC hours of one week when each is free, the pairs that must
never share a team (a block either way round), a team size range and the weekly hours a
team should share, `form_teams` returns teams that always:

- hold every student exactly once, in sizes that differ by at most one and lie in the
  range (as few teams as the largest size allows);
- never put a blocked pair together;

and that share as many hours as it can find, at least `min_hours` per team where the
students' weeks allow it.

The sizes are exact arithmetic. The hours are a heuristic, knowingly: "every member free
at once" is an intersection over the whole team, not a sum over pairs, so the problem is
a set partitioning one; an integer programme of it (students x teams x hours) solved by
HiGHS took over 20 seconds for 80 students without a useful answer. So teams are built
most-constrained student first (fewest free hours), each into the team where the shared
hours stay largest, then improved by swapping students between teams while a swap
lowers the total shortfall against `min_hours` or, at equal shortfall, raises the total
shared hours (then the hours each two teammates share). Swaps never break the two
guarantees above, which the tests check on random classes. Everything is deterministic:
the same input gives the same teams.
"""

from dataclasses import dataclass
from math import ceil

HOURS_PER_WEEK = 168
MAX_PASSES = 20


class FormingError(ValueError):
    """The students cannot be split as asked (too few, or the blocks leave no way)."""


@dataclass(frozen=True)
class FormedTeam:
    members: tuple  # student ids
    hours: int  # whole UTC hours of the week when every member is free


def team_sizes(count, min_size, max_size):
    """Balanced sizes for `count` students: as few teams as `max_size` allows, sizes
    differing by at most one. FormingError when no split fits the range."""
    if not 1 <= min_size <= max_size:
        raise FormingError("The smallest team size must be between 1 and the largest.")
    if count < min_size:
        raise FormingError(f"{count} students cannot make a team of at least {min_size}.")
    teams = ceil(count / max_size)
    base, extra = divmod(count, teams)
    if base < min_size:
        raise FormingError(
            f"{count} students cannot be split into teams of {min_size} to {max_size}."
        )
    return [base + 1] * extra + [base] * (teams - extra)


ALL_HOURS = (1 << HOURS_PER_WEEK) - 1


class _Teams:
    """Teams under construction: members, and each student's free hours as a bit mask."""

    def __init__(self, sizes, masks, blocked, min_hours):
        self.sizes = sizes
        self.masks = masks
        self.blocked = blocked  # student -> set of students they must not be with
        self.min_hours = min_hours
        self.members = [[] for _ in sizes]

    def shared(self, members):
        mask = ALL_HOURS
        for member in members:
            mask &= self.masks[member]
        return mask.bit_count() if members else HOURS_PER_WEEK

    def score(self, members):
        """(shortfall, -hours, -pairwise hours): lower is better. The pairwise hours
        (summed over each two members) break ties where whole-team hours are level, so
        swaps can still move like-minded students together when no team meets yet."""
        hours = self.shared(members)
        pairs = sum(
            (self.masks[a] & self.masks[b]).bit_count()
            for i, a in enumerate(members)
            for b in members[i + 1 :]
        )
        return (max(0, self.min_hours - hours), -hours, -pairs)

    def fits(self, student, members):
        return not any(other in self.blocked.get(student, ()) for other in members)

    def place(self, student):
        best = None
        for t, members in enumerate(self.members):
            if len(members) >= self.sizes[t] or not self.fits(student, members):
                continue
            # Joining a started team beats opening a new one when it does as well.
            key = (self.score([*members, student]), -len(members), t)
            if best is None or key < best:
                best = key
        if best is None:
            raise FormingError(
                "No split keeps apart everyone who must not share a team: "
                "try larger teams, or form these teams by hand."
            )
        self.members[best[2]].append(student)

    def improve_once(self):
        """Makes the first swap that helps; False when none does."""
        scores = [self.score(members) for members in self.members]
        order = sorted(range(len(self.members)), key=lambda t: scores[t], reverse=True)
        for a in order:
            for b in range(len(self.members)):
                if a == b:
                    continue
                before = _add(scores[a], scores[b])
                for i, first in enumerate(self.members[a]):
                    rest_a = self.members[a][:i] + self.members[a][i + 1 :]
                    for j, second in enumerate(self.members[b]):
                        rest_b = self.members[b][:j] + self.members[b][j + 1 :]
                        if not (self.fits(second, rest_a) and self.fits(first, rest_b)):
                            continue
                        new_a, new_b = [*rest_a, second], [*rest_b, first]
                        if _add(self.score(new_a), self.score(new_b)) < before:
                            self.members[a], self.members[b] = new_a, new_b
                            return True
        return False


def _add(first, second):
    return tuple(a + b for a, b in zip(first, second, strict=True))


def form_teams(students, free_hours, blocked_pairs, *, min_size, max_size, min_hours):
    """students: ids; free_hours: {id: set of hour indices 0-167 (UTC, from Monday)};
    blocked_pairs: frozensets of two ids. Returns [FormedTeam], largest teams first."""
    students = list(dict.fromkeys(students))
    sizes = team_sizes(len(students), min_size, max_size)
    masks = {
        s: sum(1 << h for h in free_hours.get(s, ()) if 0 <= h < HOURS_PER_WEEK) for s in students
    }
    blocked = {}
    for pair in blocked_pairs:
        if len(pair) == 2:
            a, b = tuple(pair)
            blocked.setdefault(a, set()).add(b)
            blocked.setdefault(b, set()).add(a)
    teams = _Teams(sizes, masks, blocked, min_hours)
    # Most constrained first: few free hours, then many blocks; ids break ties.
    for student in sorted(
        students, key=lambda s: (masks[s].bit_count(), -len(blocked.get(s, ())), str(s))
    ):
        teams.place(student)
    for _ in range(MAX_PASSES * len(sizes)):
        if not teams.improve_once():
            break
    formed = [FormedTeam(tuple(members), teams.shared(members)) for members in teams.members]
    return sorted(formed, key=lambda team: (-len(team.members), -team.hours, team.members))
