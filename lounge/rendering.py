"""One description of a message for every renderer.

The page renders messages from `message_payload` dicts, and a broadcast carries the
same dict, so the websocket push renders the same partial the page renders on load.
The dict holds no viewer-specific facts: what differs per viewer (own message
actions, reactions I gave, mentions of me) is styled with data attributes and a
per-page stylesheet, so one rendering per time zone serves every listener."""

import json
from collections import OrderedDict
from datetime import datetime
from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from accounts import avatars

from .attachments import attachment_payload, file_path_part
from .emoji import emoji_name

EXCERPT_LENGTH = 120


# What a quote says of a message without text to show. The payload carries the English
# words (it is shared by every listener); each reader's row translates them (message_view).
DELETED_EXCERPT = gettext_noop("message deleted")
FILES_EXCERPT = gettext_noop("files")  # a message of files alone


def _excerpt(message):
    if message.is_deleted:
        return DELETED_EXCERPT
    text = " ".join(message.body.split())
    if not text:
        return FILES_EXCERPT
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _stub(message):
    """A hidden or not-yet-approved message as everyone else sees it: an empty, hidden
    row that keeps the channel's numbering without gaps and says nothing about it."""
    return {
        "id": message.pk,
        "seq": message.seq,
        "channel_id": message.channel_id,
        "version": message.version,
        "stub": True,
        "created_at": message.created_at.isoformat(),
        **_thread_place(message),
    }


def _thread_place(message):
    """Where the row goes: the thread it replies in, and whether the channel's list
    shows it too."""
    return {"thread_root_id": message.thread_root_id, "in_channel": message.in_channel_list}


def _thread_summary(message):
    """What a thread's first message says of its replies, or None without any."""
    if message.thread_root_id is not None or not message.thread_reply_count:
        return None
    names = [name for _, name in message.thread_participants]
    return {
        "count": message.thread_reply_count,
        "last_at": message.thread_last_reply_at.isoformat(),
        "participants": ", ".join(names),
    }


def message_payload(message, *, reveal_pending=False, fresh=False):
    """A JSON- and msgpack-safe dict describing `message` as everyone sees it.
    `reveal_pending` gives the full row of a message awaiting approval, for its author
    and the channel's moderators only; `fresh` says it was just created (so it has no
    reactions to read)."""
    if message.hidden_at is not None or (message.pending and not reveal_pending):
        return _stub(message)
    reactions = {}
    given = () if fresh else message.reactions.all()
    for reaction in sorted(given, key=lambda r: (r.created_at, r.pk)):
        entry = reactions.setdefault(reaction.emoji, {"emoji": reaction.emoji, "people": []})
        entry["people"].append((reaction.user_id, reaction.user.display_name))
    if message.is_deleted:
        attached = ()
    elif fresh:
        attached = getattr(message, "attached", ())
    else:
        attached = message.attachments.all()
    reply = None
    quoted = message.reply_to if message.reply_to_id else None
    if quoted is not None and quoted.hidden_at is None and not quoted.pending:
        reply = {
            "id": message.reply_to_id,
            "author_id": quoted.author_id,
            "author_name": quoted.author.display_name,
            "excerpt": _excerpt(quoted),
            "placeholder": quoted.is_deleted or not quoted.body.strip(),
        }
    return {
        "id": message.pk,
        "seq": message.seq,
        "channel_id": message.channel_id,
        "version": message.version,
        "author_id": message.author_id,
        "author_name": message.author.display_name,
        "author_handle": message.author.username,
        # A deactivated person's picture is not served (their profile is hidden):
        # their rows show initials.
        "author_picture": (
            getattr(message.author.profile, "picture", "") if message.author.is_active else ""
        ),
        "body_html": "" if message.is_deleted else message.body_html,
        "deleted": message.is_deleted,
        "stub": False,
        "pending": message.pending,
        "edited": message.edited_at is not None,
        "created_at": message.created_at.isoformat(),
        "reply": reply,
        "thread": _thread_summary(message),
        **_thread_place(message),
        "attachments": [
            attachment_payload(a) for a in sorted(attached, key=lambda a: (a.position, a.pk))
        ],
        "reactions": [
            {
                "emoji": entry["emoji"],
                "name": emoji_name(entry["emoji"]),
                "count": len(entry["people"]),
                "names": ", ".join(name for _, name in entry["people"]),
                "user_ids": " ".join(str(pk) for pk, _ in entry["people"]),
            }
            for entry in reactions.values()
        ],
    }


@cache
def _link_prefixes(script_prefix, urlconf):
    """Where a message's pages and a person's page start. Reversed once per URLconf and
    script prefix (the arguments are only the cache key): a page of 50 rows with several
    links each would otherwise spend milliseconds reversing URLs."""
    message = reverse("lounge:message_actions", args=[0], urlconf=urlconf)
    person = reverse("people:detail", args=["_"], urlconf=urlconf)
    files = reverse("lounge:attachment", args=[0, "_"], urlconf=urlconf)
    return message.removesuffix("0/"), person.removesuffix("_/"), files.removesuffix("0/_")


def message_view(payload):
    """The payload ready for the template: its time as a datetime, and the links of its
    row: `url` (the message's actions page; its other pages such as `react/` and
    `edit/` sit under it) and `author_url`."""
    message_prefix, person_prefix, file_prefix = _link_prefixes(
        get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    view = {**payload, "created_at": datetime.fromisoformat(payload["created_at"])}
    view["url"] = f"{message_prefix}{payload['id']}/"
    reply = payload.get("reply")
    if reply and reply.get("placeholder"):
        view["reply"] = {**reply, "excerpt": gettext(reply["excerpt"])}
    thread = payload.get("thread")
    if thread:
        view["thread"] = {**thread, "last_at": datetime.fromisoformat(thread["last_at"])}
    if not payload["stub"]:
        view["author_url"] = f"{person_prefix}{payload['author_handle']}/"
        view["avatar"] = _avatar(payload)
        view["attachments"] = [
            {
                **a,
                "url": f"{file_prefix}{a['id']}/{file_path_part(a['name'])}",
                "thumb_url": f"{file_prefix}{a['id']}/thumbnail/",
            }
            for a in payload.get("attachments", ())
        ]
    return view


def _avatar(payload, size=28):
    """The author's picture (40 px, 96 px for sharp screens) or initials on a colour."""
    key = payload.get("author_picture")
    if key:
        handle = payload["author_handle"]
        return {
            "url": avatars.picture_url(handle, key, 40),
            "url_2x": avatars.picture_url(handle, key, 96),
            "size": size,
        }
    return {
        "initials": avatars.initials(payload["author_name"]),
        "colour": avatars.colour_index(payload["author_id"]),
        "size": size,
    }


def render_message(payload, *, oob=False, zone=None, id_prefix=""):
    """HTML of one message row, in the active (or given) time zone. `id_prefix` sets
    the row apart from the same message's row in the channel's list (a thread panel
    shows the thread's first message too)."""
    context = {"m": message_view(payload), "oob": oob, "id_prefix": id_prefix}
    if zone is None:
        return render_to_string("lounge/channel.html#message", context)
    with timezone.override(zone):
        return render_to_string("lounge/channel.html#message", context)


def message_frame(payload, *, new=False, zone=None):
    """The socket frame of one message row: a new row (`new`, placed by its `seq`) or a
    changed one (replacing the row with the same id). `thread` (the thread's first
    message) and `in_channel` say which lists on the page show it."""
    return json.dumps(
        {
            "type": "message",
            "id": payload["id"],
            "seq": payload["seq"],
            "new": new,
            "thread": payload.get("thread_root_id"),
            "in_channel": payload.get("in_channel", True),
            "html": render_message(payload, zone=zone),
        }
    )


class RenderCache:
    """A small per-process LRU of message frames keyed by (id, version, zone, language,
    new): a broadcast to N listeners renders once per time zone and language, not N
    times. The language is the active one (each socket's own)."""

    def __init__(self, size=512):
        self.size = size
        self.items = OrderedDict()

    def get(self, payload, zone, *, new=False):
        key = (
            payload["id"],
            payload["version"],
            zone,
            translation.get_language(),
            new,
            payload.get("stub"),
        )
        frame = self.items.get(key)
        if frame is None:
            frame = message_frame(payload, new=new, zone=zone)
            self.items[key] = frame
            if len(self.items) > self.size:
                self.items.popitem(last=False)
        else:
            self.items.move_to_end(key)
        return frame


render_cache = RenderCache()
