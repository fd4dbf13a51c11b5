from django import template

from ..sections import sessions_card

register = template.Library()


@register.inclusion_tag("live/_sessions_card.html")
def live_sessions_card(group, can_manage):
    """A study group's live sessions, for its page (whose viewer may enter its room);
    `can_manage`: what the page already knows of the viewer."""
    card = sessions_card(group, can_start=bool(can_manage) and not group.is_archived)
    return {"section": card, "show": bool(card["sessions"] or card["can_start"])}
