"""A channel in a nutshell, for pages of other apps (a group's or a course's chat card)."""

from .models import Membership

RECENT_MESSAGES = 3


def chat_summary(channel, user):
    """Context for templates/lounge/_chat_card.html: unread counts and the last messages."""
    if channel is None:
        return {"chat": None}
    membership = Membership.objects.with_unread().filter(channel=channel, user=user).first()
    recent = list(
        channel.messages.public()
        .filter(deleted_at__isnull=True)
        .select_related("author__profile")
        .order_by("-seq")[:RECENT_MESSAGES]
    )
    return {"chat": {"channel": channel, "membership": membership, "recent": recent[::-1]}}
