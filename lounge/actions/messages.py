"""Messages and the person's own chat state: posting (with its rate limits and
screening), editing, deleting, reactions, read markers, personal mutes and
preferences."""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions, realtime
from ..attachments import delete_files_on_commit, discard_stored, store_prepared, write_prepared
from ..errors import (
    EditWindowClosed,
    InvalidInput,
    Locked,
    MessageTooLong,
    Muted,
    NotAllowed,
    NotFound,
    RateLimited,
    SlowMode,
)
from ..models import (
    MAX_EMOJI_LENGTH,
    MAX_MESSAGE_LENGTH,
    Channel,
    ChatPreferences,
    Membership,
    Mention,
    Message,
    MessageEdit,
    Reaction,
)
from . import interactions, threads
from .mentions import check_group_mentions, mentionable, render_body
from .notifications import chat_read, notify_message_posted
from .screening import apply_screening, screen_message

DEFAULT_RATE_LIMIT = (8, 10)  # at most 8 messages per person in any 10 seconds


def _clean_body(body):
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise InvalidInput(_("Write something first."))
    if len(body) > MAX_MESSAGE_LENGTH:
        raise MessageTooLong(
            _("Messages can be at most %(limit)s characters; this one has %(length)s.")
            % {
                "limit": number_format(MAX_MESSAGE_LENGTH, force_grouping=True),
                "length": number_format(len(body), force_grouping=True),
            }
        )
    return body


def _rate_limit():
    return getattr(settings, "LOUNGE_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _check_rate(channel, facts, now):
    limit, seconds = _rate_limit()
    if facts.recent_posts >= limit:
        raise RateLimited(retry_after=seconds)
    slow = channel.slow_mode_seconds
    if slow and facts.last_post_here and facts.last_post_here >= now - timedelta(seconds=slow):
        raise SlowMode(
            ngettext(
                "Slow mode is on: one message every %(seconds)s second.",
                "Slow mode is on: one message every %(seconds)s seconds.",
                slow,
            )
            % {"seconds": slow},
            retry_after=slow,
        )


def post_message(
    actor,
    channel,
    body,
    *,
    client_id=None,
    reply_to_id=None,
    received_at=None,
    thread_root_id=None,
    also_in_channel=False,
    attachments=(),
):
    """Save a message and announce it after commit. Returns (message, created): a
    retried send with a `client_id` already stored returns the first message.

    `thread_root_id` posts it as a reply in that message's thread (lounge.actions.
    threads), shown in the channel too when `also_in_channel`.

    `attachments` are files checked and encoded by lounge.attachments.prepare_uploads;
    with them the text may be empty. They are written with the message or not at all.

    `received_at` is when the server received it (a socket frame's arrival; now by
    default). It is the message's time, and the rate limit counts by it, so a server that
    falls behind does not refuse people who chat within the limit."""
    client_id = (client_id or "").strip()[:64] or None
    body = _clean_body(body) if not attachments or (body or "").strip() else ""
    try:
        write_prepared(attachments)
        message, created = _post_message(
            actor,
            channel,
            body,
            client_id,
            reply_to_id,
            received_at,
            thread_root_id=thread_root_id,
            also_in_channel=also_in_channel,
            attachments=attachments,
        )
    except IntegrityError:
        discard_stored(attachments)
        # Two copies of one send raced past the first check; the other one won.
        existing = Message.objects.filter(author=actor, client_id=client_id).first()
        if client_id and existing:
            return existing, False
        raise
    except BaseException:
        discard_stored(attachments)  # the message was not saved: nor are its files
        raise
    if not created:
        discard_stored(attachments)  # a retried send: the first one's files are kept
    return message, created


def check_may_post(actor, channel, facts=None):
    """Raise the clear reason why `actor` may not post, edit or react in `channel` now:
    not a member, archived, locked, muted (in the channel or site-wide), blocked.
    `facts` (permissions.PostingFacts) answers from what was read with the channel row."""
    if facts is not None:
        member = facts.active and facts.role is not None
    else:
        member = permissions.is_member(actor, channel)
    if not member:
        raise NotAllowed(_("You cannot post in this channel."))
    refusal = permissions.posting_refusal(actor, channel, facts)
    if refusal is not None:
        code, text = refusal
        raise {"muted": Muted, "locked": Locked}.get(code, NotAllowed)(text)


@transaction.atomic
def _post_message(
    actor,
    channel,
    body,
    client_id,
    reply_to_id,
    received_at,
    *,
    thread_root_id=None,
    also_in_channel=False,
    attachments=(),
):
    """(message, created). One query reads and locks what every check needs: the row
    lock numbers messages without gaps and serialises the rate checks."""
    now = timezone.now()
    received_at = min(received_at or now, now)
    channel, facts = permissions.lock_channel_for_posting(
        actor,
        channel.pk,
        now=now,
        rate_since=received_at - timedelta(seconds=_rate_limit()[1]),
        client_id=client_id,
    )
    if facts.existing_id is not None:  # a retried send: the first one is the answer
        return Message.objects.get(pk=facts.existing_id), False
    check_may_post(actor, channel, facts)
    _check_rate(channel, facts, received_at)
    reply_to = None
    if reply_to_id:
        reply_to = Message.objects.filter(pk=reply_to_id, channel=channel).first()
        if reply_to is None or not permissions.can_see_message(actor, reply_to):
            raise InvalidInput(_("The message you are replying to is not in this channel."))
    thread_root = threads.resolve_root(actor, channel, thread_root_id) if thread_root_id else None
    rendered = render_body(channel, body)
    check_group_mentions(channel, rendered, moderates=facts.moderates(actor))
    screening = screen_message(actor, channel, body, received_at, moderates=facts.moderates(actor))
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
        thread_root=thread_root,
        also_in_channel=bool(thread_root and also_in_channel),
        created_at=received_at,
        pending=screening.pending,
        flag_reason=screening.flag_reason,
    )
    # Read by message_payload for the broadcast, without a query.
    message.attached = store_prepared(message, attachments) if attachments else []
    mentioned = set() if message.pending else mentionable(actor, rendered.mentioned_ids)
    Mention.objects.bulk_create(Mention(message=message, user_id=pk) for pk in mentioned)
    followers = ()
    if thread_root is not None and not message.pending:
        followers = threads.followed_on_reply(message, mentioned)
    notify_message_posted(message, mentioned, followers)
    interactions.message_posted(message, mentioned)
    Membership.objects.filter(channel=channel, user=actor).update(last_read_seq=message.seq)
    realtime.message_posted(message, mentioned)
    if thread_root is not None and not message.pending:
        # After the reply's own event, so pages place the reply before the count changes.
        threads.refresh_summary(thread_root.pk)
    apply_screening(message, screening)
    return message, True


@transaction.atomic
def edit_message(actor, message, body):
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    if message.author_id != actor.pk or message.is_deleted or message.is_hidden:
        raise NotAllowed(_("You can only edit your own messages."))
    check_may_post(actor, message.channel)
    if not permissions.can_edit_message(actor, message):
        raise EditWindowClosed()
    body = _clean_body(body)
    rendered = render_body(message.channel, body)
    check_group_mentions(
        message.channel,
        rendered,
        moderates=permissions.can_moderate_channel(actor, message.channel),
    )
    edited_at = timezone.now()
    MessageEdit.objects.create(message=message, previous_body=message.body, edited_at=edited_at)
    message.body = body
    message.body_html = rendered.html
    message.edited_at = edited_at
    message.version += 1
    message.save(update_fields=["body", "body_html", "edited_at", "version"])
    known = set(message.mentions.values_list("user_id", flat=True))
    new = set() if message.pending else mentionable(actor, rendered.mentioned_ids) - known
    Mention.objects.bulk_create(Mention(message=message, user_id=pk) for pk in new)
    realtime.message_changed(message)
    return message


@transaction.atomic
def delete_message(actor, message):
    """Soft delete: the row stays (so sequence numbers have no holes) without its text."""
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    if not permissions.can_delete_message(actor, message):
        raise NotAllowed(_("You cannot delete this message."))
    message.deleted_at = timezone.now()
    message.body = ""
    message.body_html = ""
    message.version += 1
    message.save(update_fields=["deleted_at", "body", "body_html", "version"])
    message.reactions.all().delete()
    message.mentions.all().delete()
    attachments = list(message.attachments.all())
    if attachments:
        message.attachments.all().delete()
        delete_files_on_commit(attachments)
    realtime.message_changed(message)
    if message.thread_root_id:
        threads.refresh_summary(message.thread_root_id)
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
        raise InvalidInput(_("Reactions are a single emoji."))
    message = Message.objects.select_for_update().select_related("channel").get(pk=message.pk)
    if not message.is_public or message.is_deleted:
        raise NotFound()
    check_may_post(actor, message.channel)
    if not permissions.can_react(actor, message):
        raise NotAllowed(_("You cannot react to this message."))
    deleted, _count = Reaction.objects.filter(message=message, user=actor, emoji=emoji).delete()
    if not deleted:
        if message.reactions.values("emoji").distinct().count() >= 20:
            raise InvalidInput(_("This message has too many different reactions."))
        Reaction.objects.create(message=message, user=actor, emoji=emoji)
        interactions.reacted(actor, message)
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
        chat_read(actor, channel, membership.last_read_seq)
        realtime.read_marker_moved(channel, actor, membership.last_read_seq)
        return membership.last_read_seq
    return 0


def set_channel_muted(actor, channel, muted):
    """The person's own mute of a channel: no unread badge or mention alerts from it."""
    updated = Membership.objects.filter(channel=channel, user=actor).update(muted=bool(muted))
    if not updated:
        raise NotAllowed(_("Join the channel first."))
    realtime.personal_mute_changed(channel, actor, bool(muted))
    return bool(muted)


@transaction.atomic
def update_chat_preferences(actor, *, appear_offline, share_typing):
    preferences, _created = ChatPreferences.objects.update_or_create(
        user=actor, defaults={"appear_offline": appear_offline, "share_typing": share_typing}
    )
    realtime.chat_preferences_changed(actor, preferences)
    return preferences
