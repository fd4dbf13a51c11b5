"""What a coffee chat's card shows, on the chat's own page, on the series page and at
the top of the pair's conversation in the lounge (registered with lounge.cards)."""

from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from lounge.cards import owns
from lounge.models import Channel

from ..localized import WEEKDAY_TIME, in_zone
from .models import Pairing, Round

CHAT_CARD_TEMPLATE = "coffee/chat_card.html"


def suggested_times(pairing_row, members):
    """Each suggested time, in the viewer's zone (the template) and in each other
    member's own, named: [(UTC datetime, [(member, their wall-clock text)])]."""
    rows = []
    for text in pairing_row.suggested_times:
        at = datetime.fromisoformat(text)
        theirs = [(member, in_zone(at, member.profile.zone, WEEKDAY_TIME)) for member in members]
        rows.append((at, theirs))
    return rows


def pairing_card(pairing_row, viewer, seats=None):
    """The card's context for `viewer`: the others, the icebreaker, the times and the
    viewer's own check-in (`my_seat` None: an organiser looking on)."""
    if seats is None:
        seats = list(pairing_row.seats.select_related("user__profile"))
    others = [seat.user for seat in seats if seat.user_id != viewer.pk]
    mine = next((seat for seat in seats if seat.user_id == viewer.pk), None)
    times = suggested_times(pairing_row, others)
    return {
        "chat": pairing_row,
        "others": others,
        "seats": seats,
        "my_seat": mine,
        "times": times,
        "times_past": bool(times) and times[-1][0] < timezone.now(),
    }


def _latest_round_number():
    return (
        Round.objects.filter(series=OuterRef("round__series"))
        .order_by("-number")
        .values("number")[:1]
    )


def coffee_chat_card(channel, user):
    """The card at the top of a coffee chat's conversation, for its members: two
    queries (the pairing with its series and latest round, then its seats); nothing
    for other chats, or for anyone without a seat."""
    if not owns(channel, Pairing, Channel.Kind.DIRECT):
        return None
    pairing_row = (
        Pairing.objects.select_related("round__series")
        .annotate(latest_round=Subquery(_latest_round_number()))
        .filter(pk=channel.owner_id)
        .first()
    )
    if pairing_row is None:
        return None
    context = pairing_card(pairing_row, user)
    if context["my_seat"] is None:
        return None
    return CHAT_CARD_TEMPLATE, {**context, **chat_card_extras(pairing_row)}


def check_in_closed(pairing_row):
    """Whether answering is over (check_in's rule: open until the series' next-but-one
    round has run). Free when `pairing_row` carries `latest_round` (coffee_chat_card)."""
    the_round = pairing_row.round
    latest = getattr(pairing_row, "latest_round", None)
    if latest is None:
        latest = the_round.series.rounds.order_by("-number").values_list("number", flat=True)[0]
    return latest > the_round.number + 1


def chat_card_extras(pairing_row):
    """What the card adds in the conversation: the series, where a check-in form goes
    back to, and whether answering is still open."""
    return {
        "series": pairing_row.round.series,
        "next": "chat",
        "check_in_closed": check_in_closed(pairing_row),
    }
