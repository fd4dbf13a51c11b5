"""Finding someone to message by name: people who share a course's, a group's or a
team's chat with you come first (the lounge knows them by those chats, not by the
courses and groups themselves)."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Subquery

from accounts.blocks import block_ids

from .models import Channel, Membership

MAX_PEOPLE_FOUND = 10
MAX_QUERY_LENGTH = 60
# Chats an owner keeps for its people: being in one with someone means knowing them.
SHARED_KINDS = [
    Channel.Kind.COURSE,
    Channel.Kind.GROUP,
    Channel.Kind.TEAM,
    Channel.Kind.MENTORSHIP,
]


def people_to_message(viewer, text, *, limit=MAX_PEOPLE_FOUND):
    """Active people whose display name contains `text` or whose handle starts with it,
    those sharing a course, group or team chat with `viewer` first (each with
    `shared_place`, the name of one such chat, or None), then by name. Nobody blocked
    either way, and never the viewer."""
    text = text.strip().lstrip("@")[:MAX_QUERY_LENGTH]
    if not text:
        return []
    _, blocked_between = block_ids(viewer)
    my_chats = Membership.objects.filter(user=viewer, channel__kind__in=SHARED_KINDS).values(
        "channel"
    )
    shared = Membership.objects.filter(user=OuterRef("pk"), channel__in=my_chats)
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(pk=viewer.pk)
        .exclude(pk__in=blocked_between)
        .filter(Q(profile__display_name__icontains=text) | Q(username__istartswith=text))
        .select_related("profile")
        .annotate(
            shares_a_chat=Exists(shared),
            shared_place=Subquery(shared.order_by("channel__name").values("channel__name")[:1]),
        )
        .order_by("-shares_a_chat", "profile__display_name", "username")[:limit]
    )
