"""A channel in a nutshell, for pages of other apps (a group's or a course's chat card)."""

from .models import Channel, Membership

RECENT_MESSAGES = 3


def chat_summary(owner, kind, user):
    """Context for templates/lounge/_chat_card.html about `owner`'s chat of `kind` (a
    course's, a study group's): `user`'s unread counts and the last messages. Two
    queries when `user` is in the chat, three when they are not."""
    owned = Channel.objects.owned_by(owner, kind)
    membership = (
        Membership.objects.with_unread()
        .select_related("channel")
        .filter(user=user, channel__in=owned)
        .first()
    )
    channel = membership.channel if membership is not None else owned.first()
    if channel is None:
        return {"chat": None}
    recent = recent_messages(channel)
    return {"chat": {"channel": channel, "membership": membership, "recent": recent}}


def recent_messages(channel, count=RECENT_MESSAGES):
    """The channel's last `count` messages everyone may see, oldest first: one query."""
    recent = list(
        channel.messages.public()
        .filter(deleted_at__isnull=True)
        .select_related("author__profile")
        .order_by("-seq")[:count]
    )
    return recent[::-1]
