"""Who reviews which submission, as an exact optimisation.

Every submission gets exactly `per_submission` reviewers; every reviewer gets the same
number of reviews to do, give or take one; nobody reviews their own team's work, nor the
work of a team with someone they have a block with; and, when asked (`team_of`), no two
reviewers of one submission come from the same team. Among the allocations that do, one
is chosen by costs drawn from `seed`, so the same seed always gives the same allocation
and a new round mixes people differently.

The constraints form a bipartite degree-constrained subgraph problem (with one more row
per submission and reviewing team when teams must differ). HiGHS (scipy.optimize.milp)
solves it exactly; without the team rows the matrix is totally unimodular, so the optimum
is integral with no rounding of a relaxation.

Size: every pair of a submission and an eligible reviewer is a variable, a million of
them for 2,000 students in teams of four, which HiGHS takes tens of seconds over. Since
the costs are random anyway, a large problem is first solved on a random sparse part of
it: each reviewer may take a few submissions drawn from the seed, each submission keeps
a few times the reviewers it needs. Random bipartite graphs of that density almost
always hold an allocation; when this one does not, the whole problem is solved, so a
refusal is always exact.
"""

import random
from collections import Counter

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# Above this many eligible pairs the sparse part is tried first.
FULL_PROBLEM_LIMIT = 20_000
# Candidate submissions drawn per reviewer, as a multiple of their share (and at least).
CANDIDATES_PER_LOAD = 4
MIN_CANDIDATES = 8


class AllocationError(ValueError):
    """No allocation keeps every rule: too few reviewers outside some team."""


def allocate_reviews(
    submissions, reviewers, per_submission, blocked_pairs=(), *, seed=0, team_of=None
):
    """submissions: {submission id: set of its team's member ids}; reviewers: user ids
    (a reviewer never gets a submission whose member set holds them); blocked_pairs:
    frozensets of two user ids; team_of: {reviewer id: team key} when two reviewers of
    one submission must not share a team (None: they may). Returns
    [(submission id, reviewer id)], sorted."""
    submission_ids = sorted(submissions)
    reviewer_ids = sorted(set(reviewers))
    if not submission_ids:
        return []
    if per_submission < 1:
        raise AllocationError(_("Each submission needs at least one review."))
    if not reviewer_ids:
        raise AllocationError(_("There is nobody to review the work."))
    blocked = {}
    for pair in blocked_pairs:
        if len(pair) == 2:
            a, b = tuple(pair)
            blocked.setdefault(a, set()).add(b)
            blocked.setdefault(b, set()).add(a)
    excluded = {
        s: submissions[s] | {b for m in submissions[s] for b in blocked.get(m, ())}
        for s in submission_ids
    }
    _check_enough(submission_ids, reviewer_ids, excluded, per_submission, team_of)
    total = per_submission * len(submission_ids)
    low, extra = divmod(total, len(reviewer_ids))
    high = low + (1 if extra else 0)
    rng = random.Random(seed)
    full_size = sum(len(reviewer_ids) - len(excluded[s]) for s in submission_ids)
    if full_size > FULL_PROBLEM_LIMIT:
        pairs = _sparse_pairs(submission_ids, reviewer_ids, excluded, per_submission, high, rng)
        chosen = _solve(
            pairs, submission_ids, reviewer_ids, per_submission, low, high, rng, team_of
        )
        if chosen is not None:
            return chosen
    pairs = [(s, r) for s in submission_ids for r in reviewer_ids if r not in excluded[s]]
    chosen = _solve(pairs, submission_ids, reviewer_ids, per_submission, low, high, rng, team_of)
    if chosen is None:
        raise AllocationError(
            _(
                "The reviews cannot be shared out evenly under these rules: "
                "ask for fewer reviews per submission."
            )
        )
    return chosen


def _check_enough(submission_ids, reviewer_ids, excluded, per_submission, team_of):
    reviewer_set = set(reviewer_ids)
    for s in submission_ids:
        eligible = len(reviewer_set) - len(excluded[s] & reviewer_set)
        if eligible < per_submission:
            raise AllocationError(
                ngettext(
                    "A team's work has only %(count)s possible reviewer outside the team: "
                    "ask for at most %(count)s review each.",
                    "A team's work has only %(count)s possible reviewers outside the team: "
                    "ask for at most %(count)s reviews each.",
                    eligible,
                )
                % {"count": eligible}
            )
    if team_of is not None:
        for s in submission_ids:
            teams = {team_of.get(r, ("alone", r)) for r in reviewer_set - excluded[s]}
            if len(teams) < per_submission:
                raise AllocationError(
                    ngettext(
                        "A team's work can be reviewed by students of only %(count)s other "
                        "team: ask for at most %(count)s review each, or let reviewers of "
                        "one submission come from the same team.",
                        "A team's work can be reviewed by students of only %(count)s other "
                        "teams: ask for at most %(count)s reviews each, or let reviewers of "
                        "one submission come from the same team.",
                        len(teams),
                    )
                    % {"count": len(teams)}
                )


def _sparse_pairs(submission_ids, reviewer_ids, excluded, per_submission, high, rng):
    """A random part of the eligible pairs: each reviewer a few submissions, each
    submission at least a few times the reviewers it needs."""
    wanted = max(MIN_CANDIDATES, CANDIDATES_PER_LOAD * high)
    pairs = set()
    for r in reviewer_ids:
        picks = rng.sample(submission_ids, min(len(submission_ids), wanted * 2))
        kept = [s for s in picks if r not in excluded[s]][:wanted]
        pairs.update((s, r) for s in kept)
    counts = Counter(s for s, _ in pairs)
    enough = CANDIDATES_PER_LOAD * per_submission
    for s in submission_ids:
        if counts[s] < enough:
            eligible = [r for r in reviewer_ids if r not in excluded[s]]
            pairs.update((s, r) for r in rng.sample(eligible, min(len(eligible), enough)))
    return sorted(pairs)


def _solve(pairs, submission_ids, reviewer_ids, per_submission, low, high, rng, team_of):
    """The cheapest allocation among `pairs` under random costs, or None if none."""
    s_row = {s: i for i, s in enumerate(submission_ids)}
    r_row = {r: len(submission_ids) + i for i, r in enumerate(reviewer_ids)}
    rows, cols = [], []
    for c, (s, r) in enumerate(pairs):
        rows += [s_row[s], r_row[r]]
        cols += [c, c]
    lower = [per_submission] * len(s_row) + [low] * len(r_row)
    upper = [per_submission] * len(s_row) + [high] * len(r_row)
    if team_of is not None:
        team_rows = {}
        for c, (s, r) in enumerate(pairs):
            key = (s, team_of.get(r, ("alone", r)))
            row = team_rows.setdefault(key, len(lower) + len(team_rows))
            rows.append(row)
            cols.append(c)
        lower += [0] * len(team_rows)
        upper += [1] * len(team_rows)
    matrix = coo_array((np.ones(len(rows)), (rows, cols)), shape=(len(lower), len(pairs))).tocsr()
    cost = np.array([rng.random() for _ in pairs])
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
    )
    if result.status != 0 or result.x is None:
        return None
    chosen = np.round(result.x).astype(int)
    return sorted(pair for pair, c in zip(pairs, chosen, strict=True) if c)
