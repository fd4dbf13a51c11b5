"""Which notifications' scopes their recipients may still see (accounts.notifications).

accounts stores a scope key ("lounge.channel:12") on a notification about activity
somewhere and asks this function, named by the NOTIFICATION_SCOPE_CHECK setting, when
the text is about to be shown or emailed: home may import every app, accounts may not.
Each app answers for its own models with its permissions module, for many people at
once, so a page or a digest run costs one query per kind of scope."""

from collections import defaultdict

from groups.permissions import detail_visible_pairs
from lounge.permissions import readable_channel_pairs

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
        if model in CHECKS and pk.isdigit():
            by_model[model].add((user_id, int(pk)))
    visible = set()
    for model, wanted in by_model.items():
        visible |= {(user_id, f"{model}:{pk}") for user_id, pk in CHECKS[model](wanted)}
    return visible
