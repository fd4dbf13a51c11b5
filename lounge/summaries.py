"""A channel in a nutshell, for pages of other apps (a group's or a course's chat card)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from .models import Channel, Membership, Message

RECENT_MESSAGES = 3


def with_chat_of(owners, kind, user):
    """Annotate each of `owners` (a queryset of courses, of study groups…) with what its
    chat card needs of its chat of `kind`, read in the owners' query: `chat_channel_id`
    and `chat_slug` (None when it keeps no chat), and `user`'s `chat_unread` and
    `chat_unread_mentions` (None when they are not in it). See chat_summary."""
    owned = {
        "owner_type": ContentType.objects.get_for_model(owners.model),
        "owner_id": OuterRef("pk"),
        "kind": kind,
    }
    channel = Channel.objects.filter(**owned)
    membership = Membership.objects.with_unread().filter(
        user=user, **{f"channel__{field}": value for field, value in owned.items()}
    )
    return owners.annotate(
        chat_channel_id=Subquery(channel.values("pk")),
        chat_slug=Subquery(channel.values("slug")),
        chat_unread=Subquery(membership.values("unread")),
        chat_unread_mentions=Subquery(membership.values("unread_mentions")),
    )


def chat_summary(owner):
    """Context for templates/lounge/_chat_card.html from an owner annotated by
    with_chat_of: its chat, the unread counts and the last messages (one query)."""
    if owner.chat_channel_id is None:
        return {"chat": None}
    recent = list(
        Message.objects.public()
        .filter(channel_id=owner.chat_channel_id, deleted_at__isnull=True)
        .select_related("author__profile")
        .order_by("-seq")[:RECENT_MESSAGES]
    )
    return {
        "chat": {
            "channel_id": owner.chat_channel_id,
            "slug": owner.chat_slug,
            "unread": owner.chat_unread,
            "unread_mentions": owner.chat_unread_mentions,
            "recent": recent[::-1],
        }
    }
