"""What a new message tells people: mentions, a reply to their message, a direct
message. Called once per published message from the posting and approving verbs.

A DM is not notified to someone looking at that chat: presence records which channel
page each connection is on, and a visible, active page of the conversation means the
message is in front of them (`presence.looking_at_now`). For the rest, reading the
chat marks what told of it read (`chat_read`, called by `mark_read`), so a page that
was opened a moment later gets no email (mail waits minutes, and skips what was read)
and no browser notification (shown only while the tab is hidden)."""

from accounts.actions import mark_read_in_scope, notify_many

from .. import presence
from ..models import Channel, Membership

CHAT_KINDS = ("mention", "reply", "dm")
PREVIEW_LENGTH = 140


def _preview(body):
    body = " ".join(body.split())
    return body if len(body) <= PREVIEW_LENGTH else body[: PREVIEW_LENGTH - 1] + "…"


def _files_preview(message):
    """A message of files alone is previewed by their names."""
    names = [a.name for a in getattr(message, "attached", ())]
    return _preview("📎 " + ", ".join(names)) if names else ""


def notify_message_posted(message, mentioned, thread_followers=()):
    """One notification per person told (a mention before a reply before a reply in a
    thread they follow before a DM), one insert for the message. Nobody hears of a
    message held for approval."""
    if message.pending or message.is_hidden or message.is_deleted:
        return []
    channel, author = message.channel, message.author
    told = dict.fromkeys(mentioned, "mention")
    reply_to = message.reply_to
    if reply_to is not None and reply_to.author_id and reply_to.author_id != author.pk:
        told.setdefault(reply_to.author_id, "reply")
    for user_id in thread_followers:
        told.setdefault(user_id, "thread")
    direct = channel.kind == Channel.Kind.DIRECT
    members = {
        m.user_id: m
        for m in Membership.objects.filter(channel=channel)
        .exclude(user=author)
        .select_related("user")
        if direct or m.user_id in told
    }
    if direct:
        looking = presence.get_store().looking_at_now(members, channel.pk)
        for user_id in members:
            if user_id not in looking:
                told.setdefault(user_id, "dm")
    # A reply in a thread is told of at its place in the thread.
    url = (
        f"{message.get_thread_url()}#thread-message-{message.pk}"
        if message.thread_root_id
        else f"{channel.get_absolute_url()}#message-{message.pk}"
    )
    items = []
    for user_id, kind in told.items():
        membership = members.get(user_id)
        # Only members hear of it (a reply to someone who left stays quiet), and not
        # from a channel they muted for themselves.
        if membership is None or membership.muted or user_id == author.pk:
            continue
        items.append(
            (
                membership.user,
                kind,
                {
                    "actor": author,
                    "target": message,
                    "scope": channel,
                    "place": channel.label,
                    "preview": _preview(message.body) or _files_preview(message),
                    "seq": message.seq,
                    "url": url,
                    **({"root": message.thread_root_id} if kind == "thread" else {}),
                },
            )
        )
    return notify_many(items)


def chat_read(person, channel, seq):
    """`person` read `channel` up to `seq`: its mentions, replies and DMs up to there
    are read in the notification centre too."""
    return mark_read_in_scope(person, channel, kinds=CHAT_KINDS, up_to_seq=seq)
