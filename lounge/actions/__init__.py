"""Every write to the lounge goes through these verbs. Views, consumers, the admin,
the demo seeder and the apps above lounge (courses, groups) all call them.

Each verb checks permission with lounge.permissions, writes in one transaction and
announces the change through lounge.realtime only after commit."""

import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from accounts.blocks import is_blocked_between
from accounts.models import Block

from . import moderation, permissions, realtime
from .errors import (  # noqa: F401 - callers catch actions.LoungeError and friends
    EditWindowClosed,
    InvalidInput,
    Locked,
    LoungeError,
    MessageTooLong,
    Muted,
    NotAllowed,
    NotFound,
    RateLimited,
    SlowMode,
)
from .markup import mention_handles, render_message
from .models import (
    MAX_EMOJI_LENGTH,
    MAX_MESSAGE_LENGTH,
    Channel,
    ChatPreferences,
    Membership,
    Mention,
    Message,
    Reaction,
)

DEFAULT_RATE_LIMIT = (8, 10)  # at most 8 messages per person in any 10 seconds
MAX_DIRECT_MEMBERS = 8


def _clean_body(body):
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise InvalidInput("Write something first.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise MessageTooLong(
            f"Messages can be at most {MAX_MESSAGE_LENGTH:,} characters; "
            f"this one has {len(body):,}."
        )
    return body


def _render(channel, body):
    handles = mention_handles(body)
    people = {}
    if handles:
        people = dict(
            get_user_model()
            .objects.filter(lounge_memberships__channel=channel, is_active=True)
            .annotate(handle=Lower("username"))
            .filter(handle__in=handles)
            .values_list("handle", "pk")
        )
    return render_message(body, people)


def _unique_slug(name, prefix=""):
    base = slugify(f"{prefix}{name}")[:60] or "channel"
    slug = base
    while Channel.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


# Channels and membership ---------------------------------------------------------


@transaction.atomic
def create_channel(actor, *, kind, name, topic="", members=(), owner=None, slug=None):
    """Create a channel. Social channels may be created by anyone signed in; course,
    group and other kinds are created by the verbs of the app that owns them (`actor`
    may be None there), with `owner` the owning object and `members` its people."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise InvalidInput("A channel needs a name of at most 80 characters.")
    if kind not in Channel.Kind.values:
        raise InvalidInput("Unknown kind of channel.")
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
        return moderation.set_channel_role(channel, user, role)
    remove_channel_member(channel, user)
    return None


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
def remove_channel_member(channel, user):
    """Remove `user` and cut off their open sockets on this channel at once."""
    deleted, _ = Membership.objects.filter(channel=channel, user=user).delete()
    if deleted and not channel.is_public:
        realtime.membership_revoked(channel, user)
    elif deleted:
        realtime.membership_downgraded(channel, user)
    return bool(deleted)


def join_channel(actor, channel):
    if not permissions.can_join_channel(actor, channel):
        raise NotAllowed("This channel cannot be joined.")
    return add_channel_member(channel, actor)


def leave_channel(actor, channel):
    if not permissions.can_leave_channel(actor, channel):
        if channel.owner_type_id is not None:
            raise NotAllowed("Leave the course or group to leave its chat.")
        raise NotAllowed("You are not in this channel.")
    return remove_channel_member(channel, actor)


@transaction.atomic
def archive_channel(actor, channel):
    if not permissions.can_archive_channel(actor, channel):
        raise NotAllowed("Only the creator or a moderator can archive this channel.")
    channel.archived_at = timezone.now()
    channel.save(update_fields=["archived_at"])
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
        raise InvalidInput("Choose at least one other person.")
    if any(is_blocked_between(actor, person) for person in people.values()):
        # Deliberately vague: a blocked person is not told they were blocked.
        raise NotAllowed("You cannot start a conversation with these people.")
    if len(people) + 1 > MAX_DIRECT_MEMBERS:
        raise InvalidInput(f"Direct messages can include at most {MAX_DIRECT_MEMBERS} people.")
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


# Messages -----------------------------------------------------------------------


def _check_rate(actor, channel, now):
    limit, seconds = getattr(settings, "LOUNGE_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    recent = Message.objects.filter(author=actor, created_at__gte=now - timedelta(seconds=seconds))
    if recent.count() >= limit:
        raise RateLimited(retry_after=seconds)
    if channel.slow_mode_seconds:
        since = now - timedelta(seconds=channel.slow_mode_seconds)
        if recent.filter(channel=channel, created_at__gte=since).exists():
            raise SlowMode(
                f"Slow mode is on: one message every {channel.slow_mode_seconds} seconds.",
                retry_after=channel.slow_mode_seconds,
            )


def post_message(actor, channel, body, *, client_id=None, reply_to_id=None):
    """Save a message and announce it after commit. Returns (message, created): a
    retried send with a `client_id` already stored returns the first message."""
    client_id = (client_id or "").strip()[:64] or None
    if client_id:
        existing = Message.objects.filter(author=actor, client_id=client_id).first()
        if existing:
            return existing, False
    body = _clean_body(body)
    try:
        return _post_message(actor, channel, body, client_id, reply_to_id), True
    except IntegrityError:
        # Two copies of one send raced past the first check; the other one won.
        existing = Message.objects.filter(author=actor, client_id=client_id).first()
        if client_id and existing:
            return existing, False
        raise


def check_may_post(actor, channel):
    """Raise the clear reason why `actor` may not post, edit or react in `channel` now:
    not a member, archived, locked, muted (in the channel or site-wide), blocked."""
    if not permissions.is_member(actor, channel):
        raise NotAllowed("You cannot post in this channel.")
    refusal = permissions.posting_refusal(actor, channel)
    if refusal is not None:
        code, text = refusal
        raise {"muted": Muted, "locked": Locked}.get(code, NotAllowed)(text)


def _mentionable(actor, mentioned_ids):
    """People who blocked the author are neither notified nor highlighted."""
    if not mentioned_ids:
        return set()
    blockers = Block.objects.filter(blocker_id__in=mentioned_ids, blocked=actor)
    return set(mentioned_ids) - {actor.pk} - set(blockers.values_list("blocker_id", flat=True))


@transaction.atomic
def _post_message(actor, channel, body, client_id, reply_to_id):
    # The row lock numbers messages without gaps and serialises the rate checks.
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    check_may_post(actor, channel)
    now = timezone.now()
    _check_rate(actor, channel, now)
    reply_to = None
    if reply_to_id:
        reply_to = Message.objects.filter(pk=reply_to_id, channel=channel).first()
        if reply_to is None or not permissions.can_see_message(actor, reply_to):
            raise InvalidInput("The message you are replying to is not in this channel.")
    rendered = _render(channel, body)
    screening = moderation.screen_message(actor, channel, body, now)
    channel.last_seq += 1
    channel.save(update_fields=["last_seq"])
    message = Message.objects.create(
        channel=channel,
        seq=channel.last_seq,
        author=actor,
        body=body,
        body_html=rendered.html,
        client_id=client_id,
        reply_to=reply_to,
        pending=screening.pending,
        flag_reason=screening.flag_reason,
    )
    mentioned = set() if message.pending else _mentionable(actor, rendered.mentioned_ids)
    Mention.objects.bulk_create(Mention(message=message, user_id=pk) for pk in mentioned)
    Membership.objects.filter(channel=channel, user=actor).update(last_read_seq=message.seq)
    realtime.message_posted(message, mentioned)
    moderation.apply_screening(message, screening)
    return message


@transaction.atomic
def edit_message(actor, message, body):
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    if message.author_id != actor.pk or message.is_deleted or message.is_hidden:
        raise NotAllowed("You can only edit your own messages.")
    check_may_post(actor, message.channel)
    if not permissions.can_edit_message(actor, message):
        raise EditWindowClosed()
    body = _clean_body(body)
    rendered = _render(message.channel, body)
    message.body = body
    message.body_html = rendered.html
    message.edited_at = timezone.now()
    message.version += 1
    message.save(update_fields=["body", "body_html", "edited_at", "version"])
    known = set(message.mentions.values_list("user_id", flat=True))
    new = set() if message.pending else _mentionable(actor, rendered.mentioned_ids) - known
    Mention.objects.bulk_create(Mention(message=message, user_id=pk) for pk in new)
    realtime.message_changed(message)
    return message


@transaction.atomic
def delete_message(actor, message):
    """Soft delete: the row stays (so sequence numbers have no holes) without its text."""
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    if not permissions.can_delete_message(actor, message):
        raise NotAllowed("You cannot delete this message.")
    message.deleted_at = timezone.now()
    message.body = ""
    message.body_html = ""
    message.version += 1
    message.save(update_fields=["deleted_at", "body", "body_html", "version"])
    message.reactions.all().delete()
    message.mentions.all().delete()
    realtime.message_changed(message)
    return message


EMOJI_CATEGORIES = {"So", "Sk", "Mn", "Me", "Cf"}


def _is_emoji(text):
    """One emoji (with its modifiers and joiners), never letters, digits or markup."""
    if not text or len(text) > MAX_EMOJI_LENGTH:
        return False
    return any(unicodedata.category(c) == "So" for c in text) and all(
        unicodedata.category(c) in EMOJI_CATEGORIES and ord(c) > 0x7F for c in text
    )


@transaction.atomic
def toggle_reaction(actor, message, emoji):
    """Add `emoji` from `actor` to the message, or take it back. Returns True if added."""
    emoji = (emoji or "").strip()
    if not _is_emoji(emoji):
        raise InvalidInput("Reactions are a single emoji.")
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    if not message.is_public or message.is_deleted:
        raise NotFound()
    check_may_post(actor, message.channel)
    if not permissions.can_react(actor, message):
        raise NotAllowed("You cannot react to this message.")
    deleted, _ = Reaction.objects.filter(message=message, user=actor, emoji=emoji).delete()
    if not deleted:
        if message.reactions.values("emoji").distinct().count() >= 20:
            raise InvalidInput("This message has too many different reactions.")
        Reaction.objects.create(message=message, user=actor, emoji=emoji)
    message.version += 1
    message.save(update_fields=["version"])
    realtime.message_changed(message)
    return not deleted


def mark_read(actor, channel, seq):
    """Move the read marker forward (never back) to `seq`; returns the new marker."""
    last_seq = Channel.objects.filter(pk=channel.pk).values_list("last_seq", flat=True).first()
    seq = min(max(int(seq), 0), last_seq or 0)
    Membership.objects.filter(channel=channel, user=actor, last_read_seq__lt=seq).update(
        last_read_seq=seq
    )
    membership = Membership.objects.filter(channel=channel, user=actor).first()
    if membership:
        realtime.read_marker_moved(channel, actor, membership.last_read_seq)
        return membership.last_read_seq
    return 0


def set_channel_muted(actor, channel, muted):
    """The person's own mute of a channel: no unread badge or mention alerts from it."""
    updated = Membership.objects.filter(channel=channel, user=actor).update(muted=bool(muted))
    if not updated:
        raise NotAllowed("Join the channel first.")
    realtime.personal_mute_changed(channel, actor, bool(muted))
    return bool(muted)


def update_chat_preferences(actor, *, appear_offline, share_typing):
    preferences, _ = ChatPreferences.objects.update_or_create(
        user=actor, defaults={"appear_offline": appear_offline, "share_typing": share_typing}
    )
    return preferences


# Moderation verbs live in lounge.moderation; they are re-exported here so every
# caller finds every lounge verb in one module.
from .moderation import (  # noqa: E402, F401
    approve_message,
    file_report,
    hide_message,
    lift_mute,
    lock_channel,
    mute_in_channel,
    reject_message,
    resolve_report,
    set_channel_role,
    set_slow_mode,
    unlock_channel,
)
