"""Reads about blocks, for every app that must respect them (lounge, groups, mentorship)."""

from django.db.models import Q

from .models import Block


def blocked_ids(user):
    """Ids of the people `user` has blocked."""
    if not user.is_authenticated:
        return set()
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def blocked_between_ids(user):
    """Ids of the people with a block between them and `user`, either way round: they
    see nothing of each other's presence or typing."""
    if not user.is_authenticated:
        return set()
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
        "blocker_id", "blocked_id"
    )
    return {other for pair in pairs for other in pair} - {user.pk}


def block_ids(user):
    """(blocked_ids(user), blocked_between_ids(user)) read in one query, for a page that
    needs both."""
    if not user.is_authenticated:
        return set(), set()
    pairs = list(
        Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
            "blocker_id", "blocked_id"
        )
    )
    blocked = {blocked for blocker, blocked in pairs if blocker == user.pk}
    return blocked, {other for pair in pairs for other in pair} - {user.pk}


def has_blocked(blocker, other):
    return Block.objects.filter(blocker=blocker, blocked=other).exists()


def is_blocked_between(first, second):
    """True when either has blocked the other: no DMs, invitations or pairings then."""
    return Block.objects.filter(
        Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)
    ).exists()
