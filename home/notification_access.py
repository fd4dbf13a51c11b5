"""Which notifications' scopes their recipients may still see (accounts.notifications).

accounts stores a scope key ("lounge.channel:12") on a notification about activity
somewhere and asks this function, named by the NOTIFICATION_SCOPE_CHECK setting, when
the text is about to be shown or emailed: home may import every app, accounts may not.
Each app answers for its own models with its permissions module, for many people at
once, so a page or a digest run costs one query per kind of scope.

A page that shows one person their latest few (home) asks instead inside the query that
reads them (`latest_for`), from the same apps' rules for one person."""

import re
from collections import defaultdict

from django.db.models import BigIntegerField, BooleanField, Case, Exists, OuterRef, Value, When
from django.db.models.functions import Cast, Substr

from accounts.models import Notification
from accounts.notifications import render_for
from groups.permissions import detail_visible_pairs, groups_with_details_visible_to
from lounge.permissions import channels_readable_by, readable_channel_pairs

MAX_ID = 2**63

CHECKS = {
    "lounge.channel": readable_channel_pairs,
    "groups.studygroup": detail_visible_pairs,
}


def visible_pairs(pairs):
    """pairs: {(user id, scope key)} -> the subset whose user may see the scope.
    An unknown or malformed scope is not visible."""
    by_model = defaultdict(set)
    for user_id, key in pairs:
        model, _, pk = key.partition(":")
        # A key too large for an id column names nothing (and SQLite refuses to compare it).
        if model in CHECKS and pk.isdigit() and int(pk) < MAX_ID:
            by_model[model].add((user_id, int(pk)))
    visible = set()
    for model, wanted in by_model.items():
        visible |= {(user_id, f"{model}:{pk}") for user_id, pk in CHECKS[model](wanted)}
    return visible


# The same questions as CHECKS, for one reader, as querysets of what they may see.
VISIBLE_TO = {
    "lounge.channel": channels_readable_by,
    "groups.studygroup": groups_with_details_visible_to,
}


def scope_visible_to(reader):
    """An expression over a notification row of `reader`'s: whether they may still see
    its scope (False for an unknown or malformed one, as in visible_pairs)."""
    cases = []
    for model, visible_to in VISIBLE_TO.items():
        prefix = f"{model}:"
        scope_pk = Cast(Substr(OuterRef("scope"), len(prefix) + 1), BigIntegerField())
        # The pattern guards the cast (CASE tries it only on rows that match), and 18
        # digits always fit a bigint.
        cases.append(
            When(
                scope__regex=f"^{re.escape(prefix)}[0-9]{{1,18}}$",
                then=Exists(visible_to(reader).filter(pk=scope_pk)),
            )
        )
    return Case(*cases, default=Value(False), output_field=BooleanField())


def latest_for(reader, count):
    """`reader`'s latest `count` notifications in words, in one query whatever their
    scopes: blocks hold as in Notification.objects.for_recipient."""
    latest = list(
        Notification.objects.for_recipient(reader)
        .select_related("actor__profile")
        .annotate(scope_visible=scope_visible_to(reader))[:count]
    )
    visible = {(n.recipient_id, n.scope) for n in latest if n.scope and n.scope_visible}
    return render_for(reader, latest, visible=visible)
