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
guarantees above, which the tests check on random classes. In a class of more than
NEIGHBOURS teams each team tries swaps only with the NEIGHBOURS teams holding the
students who share the most hours with it: trying every pair of teams took minutes for
a few hundred students (benchmarks/assignments_scale.py). Everything is deterministic:
the same input gives the same teams.
"""

from dataclasses import dataclass
from math import ceil

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HOURS_PER_WEEK = 168
MAX_PASSES = 20
# Teams each team tries swaps with, in a class of more teams than this.
NEIGHBOURS = 24


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
        raise FormingError(_("The smallest team size must be between 1 and the largest."))
    if count < min_size:
        raise FormingError(
            ngettext(
                "%(count)s student cannot make a team of at least %(size)s.",
                "%(count)s students cannot make a team of at least %(size)s.",
                count,
            )
            % {"count": count, "size": min_size}
        )
    teams = ceil(count / max_size)
    base, extra = divmod(count, teams)
    if base < min_size:
        raise FormingError(
            ngettext(
                "%(count)s student cannot be split into teams of %(min)s to %(max)s.",
                "%(count)s students cannot be split into teams of %(min)s to %(max)s.",
                count,
            )
            % {"count": count, "min": min_size, "max": max_size}
        )
    return [base + 1] * extra + [base] * (teams - extra)


ALL_HOURS = (1 << HOURS_PER_WEEK) - 1
WORD = (1 << 64) - 1


class _Teams:
    """Teams under construction: members, and each student's free hours as a bit mask.
    Each team's score is kept and recomputed only when the team changes."""

    def __init__(self, sizes, masks, blocked, min_hours):
        self.sizes = sizes
        self.masks = masks
        self.blocked = blocked  # student -> set of students they must not be with
        self.min_hours = min_hours
        self.members = [[] for _ in sizes]
        # Per team while placing: the mask all members share and the pairwise hours.
        self.team_masks = [ALL_HOURS] * len(sizes)
        self.team_pairs = [0] * len(sizes)
        self.words = None  # numpy copies for `partners`, made on first use

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
        blocked = self.blocked.get(student)
        return not blocked or not any(other in blocked for other in members)

    def place(self, student):
        """Into the team where the score after joining is best, computed from each
        team's kept mask and pairwise hours rather than from its members again."""
        mask = self.masks[student]
        best = None
        for t, members in enumerate(self.members):
            if len(members) >= self.sizes[t] or not self.fits(student, members):
                continue
            hours = (self.team_masks[t] & mask).bit_count() if members else mask.bit_count()
            pairs = self.team_pairs[t] + sum((self.masks[m] & mask).bit_count() for m in members)
            score = (max(0, self.min_hours - hours), -hours, -pairs)
            # Joining a started team beats opening a new one when it does as well.
            key = (score, -len(members), t)
            if best is None or key < best:
                best = key
        if best is None:
            raise FormingError(
                _(
                    "No split keeps apart everyone who must not share a team: "
                    "try larger teams, or form these teams by hand."
                )
            )
        t = best[2]
        self.team_pairs[t] = -best[0][2]
        self.team_masks[t] &= mask
        self.members[t].append(student)

    def partners(self, a):
        """The teams to try swaps of team `a` with. All of them for a class of up to
        NEIGHBOURS teams; in a larger one, the NEIGHBOURS teams holding the students
        who share the most hours with `a`'s members but one (trying every pair of teams
        is quadratic in the teams: hours for 2,000 students)."""
        count = len(self.members)
        if count <= NEIGHBOURS + 1:
            return [b for b in range(count) if b != a]
        if self.words is None:
            self._index()
        members = self.members[a]
        rests = np.array(
            [
                _words(_shared_mask(self.masks, members[:i] + members[i + 1 :]))
                for i in range(len(members))
            ],
            dtype=np.uint64,
        )
        overlap = (
            np.bitwise_count(rests[:, None, :] & self.words[None, :, :]).sum(axis=2).max(axis=0)
        )
        best = np.full(count, -1, dtype=np.int64)
        np.maximum.at(best, self.team_index, overlap.astype(np.int64))
        best[a] = -1
        # Most overlap first, then the lower team index: deterministic.
        order = np.lexsort((np.arange(count), -best))
        return [int(b) for b in order[:NEIGHBOURS]]

    def _index(self):
        """Numpy copies of the students' masks (three 64-bit words each) and of the team
        each is in, for `partners`."""
        self.students = [student for members in self.members for student in members]
        self.position = {student: i for i, student in enumerate(self.students)}
        self.words = np.array([_words(self.masks[s]) for s in self.students], dtype=np.uint64)
        self.team_index = np.array(
            [t for t, members in enumerate(self.members) for _ in members], dtype=np.int64
        )

    def swap_if_better(self, a, b, scores):
        """Makes the first swap between teams `a` and `b` that lowers their summed
        score; returns whether one was made. The whole-team hours decide most swaps, so
        the pairwise hours are only counted when those tie."""
        before = _add(scores[a], scores[b])
        masks = self.masks
        team_a, team_b = self.members[a], self.members[b]
        rests_b = [
            (
                second,
                team_b[:j] + team_b[j + 1 :],
                _shared_mask(masks, team_b[:j] + team_b[j + 1 :]),
            )
            for j, second in enumerate(team_b)
        ]
        for i, first in enumerate(team_a):
            rest_a = team_a[:i] + team_a[i + 1 :]
            mask_a = _shared_mask(masks, rest_a)
            for second, rest_b, mask_b in rests_b:
                hours_a = (mask_a & masks[second]).bit_count()
                hours_b = (mask_b & masks[first]).bit_count()
                short = max(0, self.min_hours - hours_a) + max(0, self.min_hours - hours_b)
                head = (short, -hours_a - hours_b)
                if head > before[:2]:
                    continue
                if not (self.fits(second, rest_a) and self.fits(first, rest_b)):
                    continue
                new_a, new_b = [*rest_a, second], [*rest_b, first]
                score_a, score_b = self.score(new_a), self.score(new_b)
                if _add(score_a, score_b) < before:
                    self.members[a], self.members[b] = new_a, new_b
                    scores[a], scores[b] = score_a, score_b
                    if self.words is not None:
                        self.team_index[self.position[first]] = b
                        self.team_index[self.position[second]] = a
                    return True
        return False

    def improve(self, passes):
        """Swaps students between teams, worst-scoring teams first, pass after pass,
        until a pass changes nothing (or `passes` ran). A team is tried again only when
        it or one of the teams it was tried with has changed since: the same teams give
        the same answer, and in a large class most teams settle after a pass or two."""
        scores = [self.score(members) for members in self.members]
        count = len(self.members)
        step = 1
        changed_at = [0] * count
        tried_at = [0] * count
        tried_with = [None] * count
        for _pass in range(passes):
            changed = False
            order = sorted(range(count), key=lambda t: scores[t], reverse=True)
            for a in order:
                if tried_with[a] is not None and all(
                    changed_at[t] < tried_at[a] for t in (a, *tried_with[a])
                ):
                    continue
                step += 1
                tried_at[a] = step
                tried_with[a] = self.partners(a)
                for b in tried_with[a]:
                    if self.swap_if_better(a, b, scores):
                        step += 1
                        changed_at[a] = changed_at[b] = step
                        changed = True
            if not changed:
                break


def _shared_mask(masks, members):
    mask = ALL_HOURS
    for member in members:
        mask &= masks[member]
    return mask


def _words(mask):
    return [(mask >> shift) & WORD for shift in (0, 64, 128)]


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
    teams.improve(MAX_PASSES)
    formed = [FormedTeam(tuple(members), teams.shared(members)) for members in teams.members]
    return sorted(formed, key=lambda team: (-len(team.members), -team.hours, team.members))
