"""Moderation verbs of the lounge: hiding messages, approving or rejecting held ones,
timed channel mutes, locks and slow mode.

Every moderator verb checks lounge.permissions.can_moderate_channel (a course
moderator acts only in the channels they moderate), refuses a blank reason before it
writes anything, and records itself in the audit log (accounts.moderation). Nothing is
deleted: hidden and rejected messages keep their text for the record."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import moderation as site
from accounts.actions import notify
from accounts.notifications import until_param

from .. import permissions, realtime
from ..errors import InvalidInput, NotAllowed, ReasonRequired
from ..models import Channel, ChannelMute, Mention, Message
from . import threads
from .mentions import mentionable, render_body
from .notifications import notify_message_posted

MAX_SLOW_MODE_SECONDS = 3600


def clean_reason(reason):
    """accounts' rule for reasons, raising the lounge's errors (they carry frame codes)."""
    try:
        return site.clean_reason(reason)
    except site.ReasonRequired:
        raise ReasonRequired() from None
    except site.ModerationError as error:
        raise InvalidInput(str(error)) from None


def clean_mute_duration(duration):
    """A timedelta (or a number of minutes) from 10 minutes to 28 days."""
    if isinstance(duration, (int, float)) and not isinstance(duration, bool):
        duration = timedelta(minutes=duration)
    if not isinstance(duration, timedelta):
        raise InvalidInput(_("Give the mute's duration."))
    try:
        return site.clean_duration(duration)  # the same bounds as site-wide mutes
    except site.ModerationError as error:
        raise InvalidInput(str(error)) from None


def _require_moderator(actor, channel):
    if not permissions.can_moderate_channel(actor, channel):
        raise NotAllowed(_("Only this channel's moderators can do that."))


def _log(actor, action, reason, **kwargs):
    return site.record_action(actor, action, reason=reason, **kwargs)


# Messages waiting, shown or hidden ---------------------------------------------------


@transaction.atomic
def hide_message(actor, message, reason):
    """Hide a message from everyone, live; the row keeps its text for the record."""
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    _require_moderator(actor, message.channel)
    reason = clean_reason(reason)
    if message.is_hidden:
        raise InvalidInput(_("This message is already hidden."))
    message.hidden_at = timezone.now()
    message.hidden_by = actor
    message.hidden_reason = reason
    message.pending = False
    message.version += 1
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "pending", "version"])
    _log(
        actor,
        "hide_message",
        reason,
        target_user=message.author,
        target=message,
        details={"channel": message.channel_id, "excerpt": message.body[:200]},
    )
    realtime.message_changed(message)
    if message.thread_root_id:
        threads.refresh_summary(message.thread_root_id)
    return message


def _held_message(actor, message, reason):
    """The locked message, no longer pending, and the cleaned reason, once `actor` may
    decide on it and it is still waiting for approval. Caller is atomic."""
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    _require_moderator(actor, message.channel)
    reason = clean_reason(reason)
    if not message.pending or message.is_hidden:
        raise InvalidInput(_("This message is not waiting for approval."))
    message.pending = False
    return message, reason


@transaction.atomic
def approve_message(actor, message, reason):
    """Publish a message that waited for approval (pre-moderation)."""
    message, reason = _held_message(actor, message, reason)
    message.version += 1
    message.save(update_fields=["pending", "version"])
    mentioned = mentionable(
        message.author, render_body(message.channel, message.body).mentioned_ids
    )
    message.mentions.all().delete()
    Mention.objects.bulk_create(Mention(message=message, user_id=pk) for pk in mentioned)
    followers = ()
    if message.thread_root_id:
        followers = threads.followed_on_reply(message, mentioned)
        threads.refresh_summary(message.thread_root_id)
    notify_message_posted(message, mentioned, followers)
    _log(actor, "approve_message", reason, target_user=message.author, target=message)
    realtime.message_approved(message, mentioned)
    return message


@transaction.atomic
def reject_message(actor, message, reason):
    """Refuse a message that waited for approval: it stays hidden, for the record."""
    message, reason = _held_message(actor, message, reason)
    message.hidden_at = timezone.now()
    message.hidden_by = actor
    message.hidden_reason = f"not approved: {reason}"
    message.version += 1
    message.save(update_fields=["pending", "hidden_at", "hidden_by", "hidden_reason", "version"])
    _log(actor, "reject_message", reason, target_user=message.author, target=message)
    notify(
        message.author,
        "message_rejected",
        target=message,
        place=message.channel.label,
        url=message.channel.get_absolute_url(),
    )
    realtime.message_changed(message)
    return message


# Mutes, locks, slow mode -------------------------------------------------------------


@transaction.atomic
def mute_in_channel(actor, channel, person, duration, reason):
    """Mute `person` in `channel` for 10 minutes to 28 days: they read but do not post."""
    _require_moderator(actor, channel)
    reason = clean_reason(reason)
    duration = clean_mute_duration(duration)
    if person.pk == actor.pk:
        raise InvalidInput(_("You cannot mute yourself."))
    if permissions.can_moderate_channel(person, channel):
        raise NotAllowed(_("Moderators of this channel cannot be muted in it."))
    mute = ChannelMute.objects.create(
        channel=channel,
        user=person,
        until=timezone.now() + duration,
        reason=reason,
        created_by=actor,
    )
    record_mute(actor, mute, reason)
    return mute


def record_mute(actor, mute, reason):
    """Log a new channel mute (by `actor`, None when automatic), tell the person and
    close their composer live."""
    _log(
        actor,
        "channel_mute",
        reason,
        target_user=mute.user,
        target=mute.channel,
        details={"until": mute.until.isoformat(), "mute": mute.pk},
    )
    notify(
        mute.user,
        "channel_muted",
        target=mute.channel,
        place=mute.channel.label,
        until=until_param(mute.until),
        url=mute.channel.get_absolute_url(),
    )
    realtime.posting_changed(mute.channel, mute.user)


@transaction.atomic
def lift_mute(actor, mute, reason):
    mute = ChannelMute.objects.select_for_update().select_related("channel").get(pk=mute.pk)
    _require_moderator(actor, mute.channel)
    reason = clean_reason(reason)
    if mute.lifted_at is not None or mute.until <= timezone.now():
        raise InvalidInput(_("This mute is no longer active."))
    mute.lifted_at = timezone.now()
    mute.lifted_by = actor
    mute.save(update_fields=["lifted_at", "lifted_by"])
    _log(actor, "lift_channel_mute", reason, target_user=mute.user, target=mute.channel)
    realtime.posting_changed(mute.channel, mute.user)
    return mute


def _set_lock(actor, channel, reason, locked):
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    _require_moderator(actor, channel)
    reason = clean_reason(reason)
    if channel.is_locked == locked:
        message = (
            _("%(channel)s is already locked.") if locked else _("%(channel)s is already unlocked.")
        )
        raise InvalidInput(message % {"channel": channel.label})
    channel.locked_at = timezone.now() if locked else None
    channel.save(update_fields=["locked_at"])
    _log(actor, "lock_channel" if locked else "unlock_channel", reason, target=channel)
    realtime.channel_posting_changed(channel)
    return channel


@transaction.atomic
def lock_channel(actor, channel, reason):
    """Only the channel's moderators post until it is unlocked."""
    return _set_lock(actor, channel, reason, True)


@transaction.atomic
def unlock_channel(actor, channel, reason):
    return _set_lock(actor, channel, reason, False)


@transaction.atomic
def set_slow_mode(actor, channel, seconds, reason):
    """At most one message per person every `seconds` (0 turns slow mode off)."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    _require_moderator(actor, channel)
    reason = clean_reason(reason)
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        raise InvalidInput(_("Slow mode is a whole number of seconds.")) from None
    if not 0 <= seconds <= MAX_SLOW_MODE_SECONDS:
        raise InvalidInput(
            _("Slow mode runs from 0 (off) to %(limit)s seconds.")
            % {"limit": MAX_SLOW_MODE_SECONDS}
        )
    channel.slow_mode_seconds = seconds
    channel.save(update_fields=["slow_mode_seconds"])
    _log(actor, "slow_mode", reason, target=channel, details={"seconds": seconds})
    return channel
