"""Threads: replying to a message in a conversation of its own beside the channel.

A reply in a thread is an ordinary message of the channel with `thread_root` set
(numbered with the channel's messages, so unread badges, mentions, read markers and
resuming after a reconnect count it as they count any message). Its thread's first
message carries a summary for its row in the channel ("4 replies · last 10 min ago",
who took part), refreshed here whenever a reply appears, is hidden, approved or
deleted. Following a thread is what tells someone of its new replies."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.actions import mark_read_in_scope

from .. import permissions, realtime
from ..errors import InvalidInput, NotAllowed
from ..models import Message, ThreadFollow

MAX_PARTICIPANTS_SHOWN = 4


def resolve_root(actor, channel, root_id):
    """The first message of the thread `root_id` belongs to, checked for `actor`:
    replying from a reply continues its thread (threads are one level deep)."""
    root = (
        Message.objects.select_related("channel", "author")
        .filter(pk=root_id, channel=channel)
        .first()
    )
    if root is not None and root.thread_root_id is not None:
        root = Message.objects.select_related("channel", "author").get(pk=root.thread_root_id)
    if root is None or not permissions.can_see_message(actor, root):
        raise InvalidInput(_("The thread you are replying in is not in this channel."))
    if root.is_deleted or root.pending:
        raise InvalidInput(_("This thread's first message was removed: start a new conversation."))
    return root


def refresh_summary(root_id):
    """Count the thread's replies everyone sees and tell the channel's pages, whose row
    of the first message shows the new count. Called inside the verb's transaction."""
    root = Message.objects.select_for_update().filter(pk=root_id).first()
    if root is None:
        return None
    replies = Message.objects.filter(
        thread_root_id=root_id, hidden_at__isnull=True, pending=False, deleted_at__isnull=True
    )
    facts = replies.aggregate(last=Max("created_at"))
    count = replies.count()
    recent = (
        replies.order_by("author_id")
        .values("author_id")
        .annotate(last=Max("created_at"))
        .order_by("-last")[:MAX_PARTICIPANTS_SHOWN]
    )
    author_ids = [row["author_id"] for row in recent]
    people = get_user_model().objects.filter(pk__in=author_ids).select_related("profile")
    names = {person.pk: person.display_name for person in people}
    participants = [[pk, names.get(pk, "")] for pk in author_ids]
    changed = (
        root.thread_reply_count != count
        or root.thread_last_reply_at != facts["last"]
        or root.thread_participants != participants
    )
    if changed:
        root.thread_reply_count = count
        root.thread_last_reply_at = facts["last"]
        root.thread_participants = participants
        root.version += 1
        root.save(
            update_fields=[
                "thread_reply_count",
                "thread_last_reply_at",
                "thread_participants",
                "version",
            ]
        )
        realtime.message_changed(Message.objects.for_display().get(pk=root.pk))
    return root


def followed_on_reply(reply, mentioned):
    """Who follows the thread now that `reply` was posted in it: its author (unless they
    unfollowed, posting follows again), the thread's starter on its first reply, and
    the people it mentions. Returns the ids of the followers to tell of it."""
    root_id = reply.thread_root_id
    ThreadFollow.objects.update_or_create(
        root_id=root_id, user_id=reply.author_id, defaults={"following": True}
    )
    ThreadFollow.objects.get_or_create(
        root_id=root_id, user_id=reply.thread_root.author_id, defaults={"following": True}
    )
    for user_id in mentioned:
        ThreadFollow.objects.get_or_create(
            root_id=root_id, user_id=user_id, defaults={"following": True}
        )
    return set(
        ThreadFollow.objects.filter(root_id=root_id, following=True)
        .exclude(user_id=reply.author_id)
        .values_list("user_id", flat=True)
    )


def is_following(user, root):
    return ThreadFollow.objects.filter(root=root, user=user, following=True).exists()


@transaction.atomic
def set_following(actor, root, following):
    """Follow or stop following a thread (the person must be able to read it)."""
    if root.thread_root_id is not None:
        raise InvalidInput(_("Follow the thread from its first message."))
    if not permissions.can_see_message(actor, root):
        raise NotAllowed(_("You cannot follow this thread."))
    ThreadFollow.objects.update_or_create(
        root=root, user=actor, defaults={"following": bool(following)}
    )
    return bool(following)


def thread_read(actor, root):
    """The person opened the thread: what told them of its replies is read."""
    last = root.thread_replies.aggregate(last=Max("seq"))["last"] or root.seq
    return mark_read_in_scope(
        actor, root.channel, kinds=("thread",), up_to_seq=last, params={"root": root.pk}
    )
