"""Channels and who is in them: social channels and direct conversations, and the
chats that other apps own (a course's, a study group's), kept in step by their
owner's verbs through `ensure_owned_channel` and `sync_owned_member`."""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import moderation as site
from accounts.blocks import is_blocked_between

from .. import permissions, realtime
from ..errors import InvalidInput, NotAllowed
from ..models import Channel, CommunitySettings, Membership
from .moderation import clean_reason

MAX_DIRECT_MEMBERS = 8


def _unique_slug(name, prefix=""):
    base = slugify(f"{prefix}{name}")[:60] or "channel"
    slug = base
    while Channel.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


@transaction.atomic
def create_channel(actor, *, kind, name, topic="", members=(), owner=None, slug=None):
    """Create a channel. Social channels may be created by anyone signed in; course,
    group and other kinds are created by the verbs of the app that owns them (`actor`
    may be None there), with `owner` the owning object and `members` its people."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise InvalidInput(_("A channel needs a name of at most 80 characters."))
    if kind not in Channel.Kind.values:
        raise InvalidInput(_("Unknown kind of channel."))
    if kind == Channel.Kind.SOCIAL and (actor is None or not actor.is_active):
        raise NotAllowed()
    channel = Channel(kind=kind, name=name, topic=(topic or "").strip()[:200], created_by=actor)
    if owner is not None:
        channel.owner_type = ContentType.objects.get_for_model(owner)
        channel.owner_id = owner.pk
    channel.slug = slug or _unique_slug(name, "" if kind == Channel.Kind.SOCIAL else f"{kind}-")
    channel.save()
    people = {m.pk: m for m in members}
    if actor is not None and kind == Channel.Kind.SOCIAL:
        people[actor.pk] = actor
    Membership.objects.bulk_create(Membership(channel=channel, user=u) for u in people.values())
    return channel


@transaction.atomic
def ensure_owned_channel(owner, kind, *, name, topic="", people=list):
    """The chat that `owner` (any object whose app keeps a chat for its people: a course,
    a study group) keeps, created the first time. `people()` returns the (user,
    moderator) pairs it starts with; it is asked only then. Afterwards the owner's verbs
    keep each person in step with `sync_owned_member`."""
    channel = Channel.objects.owned_by(owner, kind).first()
    if channel is None:
        channel = create_channel(None, kind=kind, name=name, topic=topic, owner=owner)
        for user, moderator in people():
            sync_owned_member(channel, user, member=True, moderator=moderator)
    return channel


def sync_owned_member(channel, user, *, member, moderator=False):
    """Put `user` in step with what the owner says of them: a moderator (course staff),
    a member, or neither (their open sockets on the channel close at once)."""
    if moderator or member:
        role = Membership.Role.MODERATOR if moderator else Membership.Role.MEMBER
        return set_channel_role(channel, user, role)
    remove_channel_member(channel, user)
    return None


@transaction.atomic
def set_channel_role(channel, user, role):
    """Make `user` a member or a moderator of `channel` (adding them if needed). Called
    by the courses and groups verbs, which decide who moderates their channels."""
    if role not in Membership.Role.values:
        raise InvalidInput(_("Unknown channel role."))
    membership, created = Membership.objects.get_or_create(
        channel=channel, user=user, defaults={"last_read_seq": channel.last_seq, "role": role}
    )
    if created:
        realtime.membership_added(channel, user)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def add_channel_member(channel, user):
    """Add `user` (idempotent). Called by join_channel and by courses/groups verbs."""
    membership, created = Membership.objects.get_or_create(
        channel=channel, user=user, defaults={"last_read_seq": channel.last_seq}
    )
    if created:
        realtime.membership_added(channel, user)
    return membership


@transaction.atomic
def join_welcome_channels(user):
    """A new person joins the community's welcome channels (CommunitySettings); the
    archived ones are skipped. Returns the channels joined."""
    community = CommunitySettings.objects.filter(pk=1).first()
    if community is None:
        return []
    channels = list(
        community.welcome_channels.filter(kind=Channel.Kind.SOCIAL, archived_at__isnull=True)
    )
    for channel in channels:
        add_channel_member(channel, user)
    return channels


@transaction.atomic
def remove_channel_member(channel, user):
    """Remove `user` and cut off their open sockets on this channel at once."""
    deleted, _count = Membership.objects.filter(channel=channel, user=user).delete()
    if deleted and not channel.is_public:
        realtime.membership_revoked(channel, user)
    elif deleted:
        realtime.membership_downgraded(channel, user)
    return bool(deleted)


def join_channel(actor, channel):
    if not permissions.can_join_channel(actor, channel):
        raise NotAllowed(_("This channel cannot be joined."))
    return add_channel_member(channel, actor)


def leave_channel(actor, channel):
    if not permissions.can_leave_channel(actor, channel):
        if channel.owner_type_id is not None:
            raise NotAllowed(_("Leave the course or group to leave its chat."))
        if channel.kind == Channel.Kind.DIRECT and permissions.is_member(actor, channel):
            raise NotAllowed(_("A conversation of two cannot be left: mute it instead."))
        raise NotAllowed(_("You are not in this channel."))
    return remove_channel_member(channel, actor)


@transaction.atomic
def archive_channel(actor, channel, reason=""):
    """Make a social channel read-only, for its moderators and site moderators only. A
    moderator who did not create it gives a reason, recorded in the audit log. Open
    pages on it stop offering to post at once."""
    locked = Channel.objects.select_for_update().get(pk=channel.pk)
    channel.archived_at = locked.archived_at
    if not permissions.can_archive_channel(actor, channel):
        if channel.is_archived:
            raise InvalidInput(_("%(channel)s is already archived.") % {"channel": channel.label})
        raise NotAllowed(_("Only the channel's moderators can archive it."))
    moderating = permissions.archives_as_moderator(actor, channel)
    if moderating:
        reason = clean_reason(reason)
    channel.archived_at = timezone.now()
    channel.save(update_fields=["archived_at"])
    if moderating:
        site.record_action(actor, "archive_channel", reason=reason, target=channel)
    realtime.channel_posting_changed(channel)
    return channel


@transaction.atomic
def unarchive_channel(actor, channel, reason=""):
    """Undo archive_channel: the channel takes messages again. Open pages reload their
    composer."""
    locked = Channel.objects.select_for_update().get(pk=channel.pk)
    channel.archived_at = locked.archived_at
    if not permissions.can_unarchive_channel(actor, channel):
        if not channel.is_archived:
            raise InvalidInput(_("%(channel)s is not archived.") % {"channel": channel.label})
        raise NotAllowed(_("Only the channel's moderators can bring it back."))
    moderating = permissions.archives_as_moderator(actor, channel)
    if moderating:
        reason = clean_reason(reason)
    channel.archived_at = None
    channel.save(update_fields=["archived_at"])
    if moderating:
        site.record_action(actor, "unarchive_channel", reason=reason, target=channel)
    realtime.channel_posting_changed(channel)
    return channel


def rename_owned_channel(channel, name):
    """Keep an owned channel's name in step with its owner's."""
    channel.name = name[:80]
    channel.save(update_fields=["name"])
    return channel


def close_owned_channel(channel):
    """Make an owned channel read-only when its owner is archived; only the owning
    app's verbs call this (they have checked who may archive)."""
    if channel.archived_at is None:
        channel.archived_at = timezone.now()
        channel.save(update_fields=["archived_at"])
    return channel


@transaction.atomic
def open_direct_channel(actor, others):
    """The direct conversation between `actor` and `others` (1:1 or a small group),
    created the first time."""
    people = {u.pk: u for u in others if u.is_active}
    people.pop(actor.pk, None)
    if not people:
        raise InvalidInput(_("Choose at least one other person."))
    if any(is_blocked_between(actor, person) for person in people.values()):
        # Deliberately vague: a blocked person is not told they were blocked.
        raise NotAllowed(_("You cannot start a conversation with these people."))
    if len(people) + 1 > MAX_DIRECT_MEMBERS:
        raise InvalidInput(
            _("Direct messages can include at most %(limit)s people.")
            % {"limit": MAX_DIRECT_MEMBERS}
        )
    everyone = [actor, *people.values()]
    key = "-".join(str(pk) for pk in sorted(u.pk for u in everyone))
    channel = Channel.objects.filter(direct_key=key).first()
    if channel:
        return channel
    name = ", ".join(sorted(u.display_name for u in everyone))[:80]
    channel = Channel.objects.create(
        kind=Channel.Kind.DIRECT,
        name=name,
        slug=f"dm-{secrets.token_urlsafe(9).lower().replace('_', 'x')}",
        created_by=actor,
        direct_key=key,
    )
    Membership.objects.bulk_create(Membership(channel=channel, user=u) for u in everyone)
    for user in people.values():
        realtime.membership_added(channel, user)
    return channel
