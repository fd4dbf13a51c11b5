"""Emoji names from the data set the picker uses (static/vendor/unicode-emoji-json,
re-fetched by scripts/vendor-emoji-data.sh): a reaction says in words which emoji it
is, for screen readers and for systems without an emoji font."""

import json
from functools import cache

from django.conf import settings

DATA = settings.BASE_DIR / "static" / "vendor" / "unicode-emoji-json" / "data-by-group.json"
VARIATION_SELECTOR = "\ufe0f"


@cache
def _names():
    groups = json.loads(DATA.read_text(encoding="utf-8"))
    names = {}
    for group in groups:
        for entry in group["emojis"]:
            names[entry["emoji"]] = entry["name"]
            names.setdefault(entry["emoji"].replace(VARIATION_SELECTOR, ""), entry["name"])
    return names


def emoji_name(emoji):
    """ "thumbs up" for 👍; the emoji itself when the data set does not know it."""
    names = _names()
    return names.get(emoji) or names.get(emoji.replace(VARIATION_SELECTOR, "")) or emoji
