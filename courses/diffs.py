"""Readable differences between two versions of a draft, line by line (difflib)."""

import difflib
from dataclasses import dataclass

from django.utils.translation import ngettext

CONTEXT_LINES = 2


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed" or "skipped" (unchanged lines left out)
    text: str
    old_number: int | None = None
    new_number: int | None = None


def line_counts(old, new):
    """(lines added, lines removed) going from `old` to `new`."""
    added = removed = 0
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def diff_lines(old, new, context=CONTEXT_LINES):
    """The lines of `new` against `old`: changed lines with `context` unchanged lines
    around them; longer unchanged stretches become one "skipped" line saying how many."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    result = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = [DiffLine("same", old_lines[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2)]
            first = not result
            last = i2 == len(old_lines) and j2 == len(new_lines)
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if len(same) > keep_head + keep_tail + 1:
                hidden = len(same) - keep_head - keep_tail
                result += same[:keep_head]
                skipped = ngettext(
                    "%(count)s unchanged line", "%(count)s unchanged lines", hidden
                ) % {"count": hidden}
                result.append(DiffLine("skipped", skipped))
                result += same[len(same) - keep_tail :] if keep_tail else []
            else:
                result += same
            continue
        result += [DiffLine("removed", old_lines[i], old_number=i + 1) for i in range(i1, i2)]
        result += [DiffLine("added", new_lines[j], new_number=j + 1) for j in range(j1, j2)]
    return result
