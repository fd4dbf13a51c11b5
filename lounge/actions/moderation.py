"""Moderation verbs of the lounge: channel roles, reports, hiding messages, timed
channel mutes, locks, slow mode, pre-moderation and the automatic flags.

Every moderator verb checks lounge.permissions.can_moderate_channel (a course
moderator acts only in the channels they moderate), refuses a blank reason before it
writes anything, and records itself in the audit log (accounts.moderation). Nothing is
deleted: hidden and rejected messages keep their text for the record.

Re-exported from lounge.actions."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import moderation as site
from accounts.actions import notify

from . import permissions, realtime
from .errors import InvalidInput, NotAllowed, NotFound, ReasonRequired
from .models import (
    MAX_REPORT_NOTE_LENGTH,
    Channel,
    ChannelMute,
    CommunitySettings,
    Membership,
    Mention,
    Message,
    Report,
)

MAX_SLOW_MODE_SECONDS = 3600
FLOOD_REASON = "automatic: flood"

OUTCOME_TEXT = {
    Report.Status.DISMISSED: (
        "A moderator reviewed your report and found no breach of the code of conduct. "
        "Thank you for telling us."
    ),
    Report.Status.ACTIONED: (
        "A moderator reviewed your report and took action. "
        "Thank you for helping keep Commons respectful."
    ),
}


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
        raise InvalidInput("Give the mute's duration.")
    try:
        return site.clean_duration(duration)  # the same bounds as site-wide mutes
    except site.ModerationError as error:
        raise InvalidInput(str(error)) from None


def _require_moderator(actor, channel):
    if not permissions.can_moderate_channel(actor, channel):
        raise NotAllowed("Only this channel's moderators can do that.")


def _log(actor, action, reason, **kwargs):
    return site.record_action(actor, action, reason=reason, **kwargs)


# Roles -------------------------------------------------------------------------------


@transaction.atomic
def set_channel_role(channel, user, role):
    """Make `user` a member or a moderator of `channel` (adding them if needed). Called
    by the courses and groups verbs, which decide who moderates their channels."""
    if role not in Membership.Role.values:
        raise InvalidInput("Unknown channel role.")
    membership, created = Membership.objects.get_or_create(
        channel=channel, user=user, defaults={"last_read_seq": channel.last_seq, "role": role}
    )
    if created:
        realtime.membership_added(channel, user)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


# Messages ----------------------------------------------------------------------------


@transaction.atomic
def hide_message(actor, message, reason):
    """Hide a message from everyone, live; the row keeps its text for the record."""
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    _require_moderator(actor, message.channel)
    reason = clean_reason(reason)
    if message.is_hidden:
        raise InvalidInput("This message is already hidden.")
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
    return message


@transaction.atomic
def approve_message(actor, message, reason):
    """Publish a message that waited for approval (pre-moderation)."""
    from .actions import _mentionable, _render  # one rendering path for every message

    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    _require_moderator(actor, message.channel)
    reason = clean_reason(reason)
    if not message.pending or message.is_hidden:
        raise InvalidInput("This message is not waiting for approval.")
    message.pending = False
    message.version += 1
    message.save(update_fields=["pending", "version"])
    mentioned = _mentionable(message.author, _render(message.channel, message.body).mentioned_ids)
    message.mentions.all().delete()
    Mention.objects.bulk_create(Mention(message=message, user_id=pk) for pk in mentioned)
    _log(actor, "approve_message", reason, target_user=message.author, target=message)
    realtime.message_approved(message, mentioned)
    return message


@transaction.atomic
def reject_message(actor, message, reason):
    """Refuse a message that waited for approval: it stays hidden, for the record."""
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    _require_moderator(actor, message.channel)
    reason = clean_reason(reason)
    if not message.pending or message.is_hidden:
        raise InvalidInput("This message is not waiting for approval.")
    message.pending = False
    message.hidden_at = timezone.now()
    message.hidden_by = actor
    message.hidden_reason = f"not approved: {reason}"
    message.version += 1
    message.save(update_fields=["pending", "hidden_at", "hidden_by", "hidden_reason", "version"])
    _log(actor, "reject_message", reason, target_user=message.author, target=message)
    notify(
        message.author,
        f"A moderator did not approve your message in {message.channel.label}.",
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
        raise InvalidInput("You cannot mute yourself.")
    if permissions.can_moderate_channel(person, channel):
        raise NotAllowed("Moderators of this channel cannot be muted in it.")
    mute = ChannelMute.objects.create(
        channel=channel,
        user=person,
        until=timezone.now() + duration,
        reason=reason,
        created_by=actor,
    )
    _record_mute(actor, mute, reason)
    return mute


def _record_mute(actor, mute, reason):
    _log(
        actor,
        "channel_mute",
        reason,
        target_user=mute.user,
        target=mute.channel,
        details={"until": mute.until.isoformat(), "mute": mute.pk},
    )
    _, text = permissions.posting_refusal(mute.user, mute.channel) or (None, "You are muted.")
    notify(mute.user, f"{text} You can still read it.", url=mute.channel.get_absolute_url())
    realtime.posting_changed(mute.channel, mute.user)


@transaction.atomic
def lift_mute(actor, mute, reason):
    mute = ChannelMute.objects.select_for_update().select_related("channel").get(pk=mute.pk)
    _require_moderator(actor, mute.channel)
    reason = clean_reason(reason)
    if mute.lifted_at is not None or mute.until <= timezone.now():
        raise InvalidInput("This mute is no longer active.")
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
        raise InvalidInput(f"{channel.label} is already {'locked' if locked else 'unlocked'}.")
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
        raise InvalidInput("Slow mode is a whole number of seconds.") from None
    if not 0 <= seconds <= MAX_SLOW_MODE_SECONDS:
        raise InvalidInput(f"Slow mode runs from 0 (off) to {MAX_SLOW_MODE_SECONDS} seconds.")
    channel.slow_mode_seconds = seconds
    channel.save(update_fields=["slow_mode_seconds"])
    _log(actor, "slow_mode", reason, target=channel, details={"seconds": seconds})
    return channel


# Reports -----------------------------------------------------------------------------


def _report_target(reporter, target, channel, reported_user):
    """(label, channel, reported user) of a report's target, refusing what the reporter
    cannot see with the same error as a missing message."""
    if isinstance(target, Message):
        if target.is_deleted or not permissions.can_see_message(reporter, target):
            raise NotFound()
        label = f"Message {target.pk} in {target.channel.label} by @{target.author.username}"
        return label, target.channel, target.author
    if isinstance(target, get_user_model()):
        if not target.is_active:
            raise NotFound("No such person.")
        return f"@{target.username}", channel, target
    return str(target)[:200], channel, reported_user


@transaction.atomic
def file_report(reporter, target, reason, note, *, channel=None, reported_user=None):
    """Ask moderators to look at a message, a person or any object (a study group: the
    groups app passes its channel and owner). One open report per reporter and target."""
    if not permissions._active(reporter):
        raise NotAllowed("Sign in to report.")
    if reason not in Report.Reason.values:
        raise InvalidInput("Choose a reason for the report.")
    note = (note or "").replace("\x00", "").strip()
    if len(note) > MAX_REPORT_NOTE_LENGTH:
        raise InvalidInput(f"Keep the note under {MAX_REPORT_NOTE_LENGTH:,} characters.")
    label, channel, reported_user = _report_target(reporter, target, channel, reported_user)
    if reported_user is not None and reported_user.pk == reporter.pk:
        raise InvalidInput("You cannot report yourself.")
    target_type = ContentType.objects.get_for_model(target)
    duplicate = InvalidInput("You have already reported this; moderators will look at it.")
    if (
        Report.objects.open()
        .filter(reporter=reporter, target_type=target_type, target_id=target.pk)
        .exists()
    ):
        raise duplicate
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                reason=reason,
                note=note,
                target_type=target_type,
                target_id=target.pk,
                target_label=label[:200],
                reported_user=reported_user,
                channel=channel,
            )
    except IntegrityError:
        raise duplicate from None


@transaction.atomic
def resolve_report(actor, report, *, outcome, reason):
    """Close a report as dismissed or actioned; the reporter is told the outcome, never
    what happened to the other person."""
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("channel").get(pk=report.pk)
    )
    if not permissions.can_moderate_report(actor, report):
        raise NotAllowed("Only moderators of this channel can resolve this report.")
    reason = clean_reason(reason)
    if outcome not in OUTCOME_TEXT:
        raise InvalidInput("A report is dismissed or actioned.")
    if not report.is_open:
        raise InvalidInput("This report is already resolved.")
    report.status = outcome
    report.resolved_by = actor
    report.resolved_at = timezone.now()
    report.outcome = OUTCOME_TEXT[outcome]
    report.save(update_fields=["status", "resolved_by", "resolved_at", "outcome"])
    action = "dismiss_report" if outcome == Report.Status.DISMISSED else "action_report"
    _log(actor, action, reason, target_user=report.reported_user, target=report)
    if report.reporter_id:
        notify(
            report.reporter,
            f"Your report ({report.get_reason_display().lower()}) was reviewed: {report.outcome}",
            url=reverse("lounge:reports"),
        )
    return report


def resolve_reports_about(actor, target, *, outcome, reason):
    """Resolve every open report about `target` the actor may handle; returns them."""
    target_type = ContentType.objects.get_for_model(target)
    reports = Report.objects.open().filter(target_type=target_type, target_id=target.pk)
    return [
        resolve_report(actor, report, outcome=outcome, reason=reason)
        for report in reports
        if permissions.can_moderate_report(actor, report)
    ]


# Pre-moderation and automatic flags ---------------------------------------------------


@dataclass
class Screening:
    pending: bool = False
    flag_reason: str = ""
    flood_minutes: int = 0


def _flagged_word(body, words):
    if not words:
        return None
    pattern = r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)"
    match = re.search(pattern, body, re.IGNORECASE)
    return match.group(1) if match else None


def screen_message(actor, channel, body, now):
    """Decide, before a message is saved, whether it waits for approval and whether it
    is flagged (word list, flood). Moderators of the channel are not screened."""
    result = Screening()
    if permissions.can_moderate_channel(actor, channel):
        return result
    community = CommunitySettings.load()
    first = community.premoderate_first_messages
    if first and channel.kind != Channel.Kind.DIRECT:
        # Direct messages are private: they are never held for moderators to read.
        published = Message.objects.filter(author=actor, pending=False, hidden_at__isnull=True)
        result.pending = published.count() < first
    flags = []
    word = _flagged_word(body, community.word_list())
    if word:
        flags.append(f"flagged word “{word}”")
    if community.flood_messages and community.flood_seconds:
        since = now - timedelta(seconds=community.flood_seconds)
        recent = Message.objects.filter(author=actor, channel=channel, created_at__gte=since)
        if recent.count() + 1 >= community.flood_messages:
            flags.append(f"flood: {recent.count() + 1} messages in {community.flood_seconds} s")
            result.flood_minutes = max(1, community.flood_mute_minutes)
    result.flag_reason = "; ".join(flags)[:200]
    return result


def apply_screening(message, screening):
    """After a message is saved: an automatic report for a flag (shown in the queue),
    and a short automatic mute for a flood. Logged with no actor."""
    if screening.flag_reason:
        Report.objects.create(
            reporter=None,
            reason=Report.Reason.SPAM if screening.flood_minutes else Report.Reason.OTHER,
            note=f"Automatic flag: {screening.flag_reason}",
            target_type=ContentType.objects.get_for_model(Message),
            target_id=message.pk,
            target_label=(
                f"Message {message.pk} in {message.channel.label} by @{message.author.username}"
            )[:200],
            reported_user=message.author,
            channel=message.channel,
        )
    if (
        screening.flood_minutes
        and not ChannelMute.objects.active()
        .filter(channel=message.channel, user=message.author)
        .exists()
    ):
        mute = ChannelMute.objects.create(
            channel=message.channel,
            user=message.author,
            until=timezone.now() + timedelta(minutes=screening.flood_minutes),
            reason=FLOOD_REASON,
            created_by=None,
        )
        _record_mute(None, mute, FLOOD_REASON)
