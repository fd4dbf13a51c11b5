"""The card at the top of a mentoring pair's chat (registered with lounge.cards): the
pair's next suggested time in both zones and how far their goals have come, with the
way to the pair's page."""

from django.db.models import Count, OuterRef, Q, Subquery

from lounge.cards import owns
from lounge.models import Channel

from . import meeting_times, permissions
from .models import Goal, Pair

CHAT_CARD_TEMPLATE = "mentorship/chat_card.html"


def mentoring_chat_card(channel, user):
    """For the two people of the pair: three queries (the pair with its goal counts
    and next open goal, then both weekly availabilities for the next time). Nothing
    for other chats or other people."""
    if not owns(channel, Pair, Channel.Kind.MENTORSHIP):
        return None
    next_goal = Goal.objects.filter(pair=OuterRef("pk"), done_at__isnull=True).values("text")[:1]
    pair = (
        Pair.objects.select_related("programme", "mentor__profile", "mentee__profile")
        .annotate(
            goals_total=Count("goals"),
            goals_done=Count("goals", filter=Q(goals__done_at__isnull=False)),
            next_goal=Subquery(next_goal),
        )
        .filter(pk=channel.owner_id)
        .first()
    )
    if pair is None or not permissions.is_in_pair(user, pair):
        return None
    return CHAT_CARD_TEMPLATE, {
        "pair": pair,
        "other": pair.mentee if user.pk == pair.mentor_id else pair.mentor,
        "times": meeting_times.shown_to(user, pair, shown=1) if pair.is_active else [],
    }
