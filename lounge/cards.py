"""Cards at the top of a chat from the app that owns it: a coffee chat's icebreaker,
suggested times and check-in; a mentoring pair's next time and goals. The lounge does
not know those apps (they sit on higher floors), so each registers a card from its
AppConfig.ready():

    register_channel_card(coffee_chat_card)

A card is a callable `card(channel, user)` returning what to show `user` in `channel`
as a (template name, context) pair, or None. The channel page renders each with its
own request (its CSRF token for the card's forms, its viewer's zone for times), under
the chat's header.

The channel page asks every card on every load, so a card must answer None at once for
channels it does not own (`owns(channel, Model, kind)` costs no query), and take a
query or two for its own. Channels owned by nobody (social channels, ordinary direct
messages) never reach a card at all."""

from django.contrib.contenttypes.models import ContentType

_cards = []


def register_channel_card(card):
    if card not in _cards:
        _cards.append(card)
    return card


def owns(channel, model, kind):
    """Whether `channel` is a chat of `kind` kept by an object of `model`. The content
    type comes from Django's per-process cache: no query after the first."""
    return (
        channel.kind == kind
        and channel.owner_type_id is not None
        and channel.owner_type_id == ContentType.objects.get_for_model(model).pk
    )


def channel_cards(channel, user):
    """The (template name, context) of every card that has something for `user` in
    `channel`, in the order the apps registered them."""
    if channel.owner_type_id is None:
        return []
    shown = (card(channel, user) for card in _cards)
    return [found for found in shown if found is not None]
