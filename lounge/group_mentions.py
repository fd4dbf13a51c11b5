"""Mentions of a group of people in a channel: `@here` (its members online now),
`@channel` and `@everyone` (all its members), `@moderators` (its moderators), and names
that the apps owning chats register for them (a study group's `@organisers`).

The loud ones (`@here`, `@channel`, `@everyone`) are for a channel's moderators, and for
everyone in channels of at most `CommunitySettings.group_mention_max_members` people.
Each group mention becomes a mention of every person it names (notified and highlighted
like a mention by name, with the same rules: blocks, muted channels, not oneself). The
names are reserved: nobody gets them as a handle (ACCOUNT_USERNAME_BLACKLIST)."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import presence
from .errors import InvalidInput
from .models import CommunitySettings, Membership

LOUD = ("here", "channel", "everyone")


@dataclass(frozen=True)
class GroupMention:
    # resolve(channel) -> the user ids it names there, or None where it means nothing
    # (its text then stays plain).
    resolve: object
    description: str
    loud: bool = False


def _members(channel):
    return set(Membership.objects.filter(channel=channel).values_list("user_id", flat=True))


def _online_members(channel):
    states = presence.get_store().states_now(_members(channel))
    return {pk for pk, state in states.items() if state != presence.OFFLINE}


def _moderators(channel):
    moderators = Membership.objects.filter(channel=channel, role=Membership.Role.MODERATOR)
    return set(moderators.values_list("user_id", flat=True))


_GROUPS = {
    "here": GroupMention(
        _online_members, gettext_lazy("everyone online in this channel now"), loud=True
    ),
    "channel": GroupMention(_members, gettext_lazy("every member of this channel"), loud=True),
    "everyone": GroupMention(_members, gettext_lazy("every member of this channel"), loud=True),
    "moderators": GroupMention(_moderators, gettext_lazy("this channel's moderators")),
}


def register_group_mention(name, resolve, description):
    """Another app's group mention (e.g. groups registers "organisers" for the chats of
    study groups). `resolve(channel)` returns user ids, or None for other channels."""
    _GROUPS[name] = GroupMention(resolve, description)


def describe(name):
    """What a group mention names, for the composer's suggestions."""
    return str(_GROUPS[name].description)


def reserved_names():
    return sorted(_GROUPS)


def named_in(channel, handles):
    """{name: user ids} for the group mentions among `handles` that mean something in
    `channel`."""
    found = {}
    for name in handles:
        group = _GROUPS.get(name)
        if group is None:
            continue
        ids = group.resolve(channel)
        if ids is not None:
            found[name] = set(ids)
    return found


def check_allowed(channel, names, *, moderates):
    """Refuse a loud group mention from someone who may not make it here."""
    loud = sorted(name for name in names if _GROUPS[name].loud)
    if not loud or moderates:
        return
    limit = CommunitySettings.load().group_mention_max_members
    size = Membership.objects.filter(channel=channel).count()
    if size > limit:
        raise InvalidInput(
            _(
                "@%(name)s would notify %(size)s people: in channels of more than %(limit)s "
                "members only moderators may use it. Mention people by name instead."
            )
            % {
                "name": loud[0],
                "size": number_format(size, force_grouping=True),
                "limit": limit,
            }
        )
