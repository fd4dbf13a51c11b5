import html

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy

from ..cards import channel_cards as cards_for
from ..models import Channel, Membership
from ..presence import IDLE, OFFLINE, ONLINE, visible_states

register = template.Library()

# What a presence dot says to a screen reader (static/js/chat.js says the same).
PRESENCE_LABELS = {
    ONLINE: pgettext_lazy("presence", "online"),
    IDLE: pgettext_lazy("presence", "idle"),
    OFFLINE: pgettext_lazy("presence", "offline"),
}


@register.filter
def presence_label(state):
    return PRESENCE_LABELS.get(state, state)


def sidebar_context(user, current=None):
    memberships = list(
        Membership.objects.filter(user=user, channel__archived_at__isnull=True)
        .with_unread()
        .select_related("channel")
        .order_by("channel__name")
    )
    for membership in memberships:
        if membership.muted:  # the person muted the channel: no badges from it
            membership.unread = membership.unread_mentions = 0
    direct = [m for m in memberships if m.channel.kind == Channel.Kind.DIRECT]
    partners = {}
    if direct:
        for other in (
            Membership.objects.filter(channel__in=[m.channel for m in direct])
            .exclude(user=user)
            .select_related("user__profile")
        ):
            partners.setdefault(other.channel_id, []).append(other.user)
    states = visible_states([u for people in partners.values() for u in people], user)
    for membership in direct:
        people = partners.get(membership.channel_id, [])
        membership.partner_names = ", ".join(u.display_name for u in people) or gettext("Just you")
        membership.partner_id = people[0].pk if len(people) == 1 else None
        membership.partner_state = states.get(membership.partner_id, "offline")
    return {
        "user": user,
        "current": current,
        "channels": [m for m in memberships if m.channel.kind != Channel.Kind.DIRECT],
        "direct": direct,
    }


@register.inclusion_tag("lounge/_sidebar.html", takes_context=True)
def lounge_sidebar(context, current=None):
    user = context["user"]
    if not user.is_authenticated:
        return {"user": user, "channels": [], "direct": []}
    return sidebar_context(user, current)


@register.simple_tag(takes_context=True)
def channel_cards(context, channel):
    """The cards of the apps that own `channel` (lounge.cards), each rendered as an
    inclusion tag renders: a fresh context with the page's request, viewer and CSRF
    token, without running the context processors again."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    rendered = []
    for template_name, card_context in cards_for(channel, user):
        card = context.new(card_context)
        for key in ("request", "user", "csrf_token"):
            if key in context and key not in card_context:
                card[key] = context[key]
        rendered.append(context.template.engine.get_template(template_name).render(card))
    return mark_safe("".join(rendered))  # noqa: S308 (templates, autoescaped)


@register.filter
def as_text(body_html):
    """A message's rendered body as the words it shows, for previews (chat cards): no
    markdown signs, no markup; autoescaping escapes it again on output."""
    return html.unescape(strip_tags(body_html)).strip()


@register.simple_tag
def max_upload_size():
    """The largest file one may attach, in words ("10 MB")."""
    from ..attachments import max_upload_bytes, size_text

    return size_text(max_upload_bytes())
