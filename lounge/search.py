"""Searching the messages a person may read.

On PostgreSQL: the stored `search_vector` (kept by a trigger, GIN-indexed; migration
0006) is matched with a web-search style query ("exact phrase", -word, or), ranked,
with the matching words highlighted by ts_headline. On SQLite every word must appear in
the text. Either way only channels the person may read at this moment are searched
(leaving or being removed stops matches at once), hidden, pending and deleted messages
never match, and nor do the messages of anyone with a block between them and the
searcher."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.blocks import blocked_between_ids
from accounts.timezones import get_zone

from .models import Attachment, Message
from .permissions import channels_readable_by

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
RANK_WINDOW = 500
CONFIG = "pg_catalog.simple"
# ts_headline marks matches with these; the excerpt is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"


@dataclass
class Hit:
    message: Message
    excerpt: str  # safe HTML: escaped text with <mark> around the matches

    @property
    def url(self):
        return self.message.get_absolute_url()


def _highlight(headline):
    text = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(text)  # noqa: S308 - escaped above; only our own markers become tags


def _mark_words(body, text, length=300):
    """The fallback's excerpt: the text escaped piece by piece, the searched words
    marked (the text is split on them before escaping, so no markup is ever matched)."""
    words = [re.escape(word) for word in text.split() if word]
    pieces = re.split(f"({'|'.join(words)})", body[:length], flags=re.IGNORECASE)
    return mark_safe(  # noqa: S308 - every piece is escaped; only <mark> is ours
        "".join(
            f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
            for index, piece in enumerate(pieces)
        )
    )


HAS_FILE = re.compile(r"(?<!\S)has:(file|picture)(?!\S)", re.IGNORECASE)


def search_messages(user, text, *, channel=None, author=None, since=None, until=None, page=1):
    """One page of messages `user` may read matching `text`, best first, and whether
    there are more. `since`/`until` are dates in the user's zone (inclusive). The words
    `has:file` (any attachment) or `has:picture` keep messages with files; on their
    own they list those messages, newest first."""
    text = (text or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    wanted = {kind.lower() for kind in HAS_FILE.findall(text)}
    text = " ".join(HAS_FILE.sub(" ", text).split())
    if not text and not wanted:
        return [], False
    messages = Message.objects.filter(
        channel__in=channels_readable_by(user),
        hidden_at__isnull=True,
        pending=False,
        deleted_at__isnull=True,
    ).exclude(author_id__in=blocked_between_ids(user))
    if wanted:
        files = Attachment.objects.filter(message=OuterRef("pk"))
        if "picture" in wanted:
            files = files.filter(kind=Attachment.Kind.IMAGE)
        messages = messages.filter(Exists(files))
    if channel is not None:
        messages = messages.filter(channel=channel)
    if author is not None:
        messages = messages.filter(author=author)
    zone = get_zone(user.profile.time_zone)
    if since is not None:
        messages = messages.filter(created_at__gte=datetime.combine(since, time.min, zone))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time.min, zone)
        messages = messages.filter(created_at__lt=end)
    start = (page - 1) * RESULTS_PER_PAGE
    window = slice(start, start + RESULTS_PER_PAGE + 1)
    if not text:
        found = messages.order_by("-created_at")
    elif connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        # Ranked among the newest matches only: a word in a quarter of all messages
        # would otherwise rank hundreds of thousands of rows for one page; in a chat the
        # newest of them are the ones people look for.
        newest = (
            messages.filter(search_vector=query).order_by("-created_at").values("pk")[:RANK_WINDOW]
        )
        found = (
            Message.objects.filter(pk__in=newest)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                headline=SearchHeadline(
                    "body",
                    query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    # Short words ("for", "me") at an excerpt's ends are kept: chats are
                    # made of them.
                    short_word=0,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-created_at")
        )
    else:
        words = text.split()
        found = messages.filter(*[Q(body__icontains=word) for word in words]).order_by(
            "-created_at"
        )
    found = found.select_related("channel", "author__profile")
    if wanted:
        found = found.prefetch_related("attachments")
    rows = list(found[window])
    hits = [Hit(m, _excerpt(m, text, wanted)) for m in rows[:RESULTS_PER_PAGE]]
    return hits, len(rows) > RESULTS_PER_PAGE


def _excerpt(message, text, wanted):
    if hasattr(message, "headline"):
        excerpt = _highlight(message.headline)
    elif text:
        excerpt = _mark_words(message.body, text)
    else:
        excerpt = escape(message.body[:300])
    if wanted:
        names = ", ".join(a.name for a in message.attachments.all())
        excerpt = mark_safe(f'{excerpt} <span class="search__files">📎 {escape(names)}</span>')  # noqa: S308
    return excerpt
