from django import template

from ..sections import sessions_card

register = template.Library()


@register.inclusion_tag("live/_sessions_card.html", takes_context=True)
def live_sessions_card(context, group):
    """A study group's live sessions, for its page (nothing when there is nothing to show)."""
    card = sessions_card(context["request"].user, group)
    return {"section": card, "show": bool(card["sessions"] or card["can_start"])}
