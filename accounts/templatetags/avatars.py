from django import template

from ..avatars import avatar as avatar_of

register = template.Library()


@register.inclusion_tag("accounts/_avatar.html")
def avatar(user, size=40):
    """A person's picture, or their initials on their colour, `size` CSS pixels wide.
    Decorative (empty alt): the name is always written beside it."""
    return {"a": avatar_of(user, size)}
