"""Who reviews which submission, as an exact optimisation.

Every submission gets exactly `per_submission` reviewers; every reviewer gets the same
number of reviews to do, give or take one; nobody reviews their own team's work, nor the
work of a team with someone they have a block with. Among the allocations that do, one
is chosen by costs drawn from `seed`, so the same seed always gives the same allocation
and a new round mixes people differently.

The constraints form a bipartite degree-constrained subgraph problem, whose matrix is
totally unimodular: HiGHS (scipy.optimize.milp) solves it exactly and fast, and the
optimum it proves is integral, with no rounding of a relaxation.
"""

import random
from collections import Counter

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array


class AllocationError(ValueError):
    """No allocation keeps every rule: too few reviewers outside some team."""


def allocate_reviews(submissions, reviewers, per_submission, blocked_pairs=(), *, seed=0):
    """submissions: {submission id: set of its team's member ids}; reviewers: user ids
    (a reviewer never gets a submission whose member set holds them); blocked_pairs:
    frozensets of two user ids. Returns [(submission id, reviewer id)], sorted."""
    submission_ids = sorted(submissions)
    reviewer_ids = sorted(reviewers)
    if not submission_ids:
        return []
    if per_submission < 1:
        raise AllocationError("Each submission needs at least one review.")
    blocked = {}
    for pair in blocked_pairs:
        if len(pair) == 2:
            a, b = tuple(pair)
            blocked.setdefault(a, set()).add(b)
            blocked.setdefault(b, set()).add(a)
    pairs = [
        (s, r)
        for s in submission_ids
        for r in reviewer_ids
        if r not in submissions[s] and not blocked.get(r, set()) & submissions[s]
    ]
    eligible_counts = Counter(s for s, _ in pairs)
    for s in submission_ids:
        eligible = eligible_counts[s]
        if eligible < per_submission:
            raise AllocationError(
                f"A team's work has only {eligible} possible reviewers outside the team: "
                f"ask for at most {eligible} reviews each."
            )
    total = per_submission * len(submission_ids)
    low, extra = divmod(total, len(reviewer_ids))
    high = low + (1 if extra else 0)
    column = {pair: c for c, pair in enumerate(pairs)}
    s_row = {s: i for i, s in enumerate(submission_ids)}
    r_row = {r: len(submission_ids) + i for i, r in enumerate(reviewer_ids)}
    rows, cols = [], []
    for (s, r), c in column.items():
        rows += [s_row[s], r_row[r]]
        cols += [c, c]
    matrix = coo_array(
        (np.ones(len(rows)), (rows, cols)), shape=(len(s_row) + len(r_row), len(pairs))
    ).tocsr()
    lower = [per_submission] * len(s_row) + [low] * len(r_row)
    upper = [per_submission] * len(s_row) + [high] * len(r_row)
    rng = random.Random(seed)
    cost = np.array([rng.random() for _ in pairs])
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
    )
    if result.status != 0 or result.x is None:
        raise AllocationError(
            "The reviews cannot be shared out evenly under these rules: "
            "ask for fewer reviews per submission."
        )
    chosen = np.round(result.x).astype(int)
    return sorted(pair for pair, c in column.items() if chosen[c])
