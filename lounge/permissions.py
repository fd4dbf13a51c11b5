"""Who may read, post in and manage channels and messages. The HTTP views, the
websocket consumers and the admin all ask these questions; nothing else decides."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import Channel, Membership, Message

DEFAULT_EDIT_WINDOW_SECONDS = 15 * 60


def edit_window():
    return timedelta(
        seconds=getattr(settings, "LOUNGE_EDIT_WINDOW_SECONDS", DEFAULT_EDIT_WINDOW_SECONDS)
    )


def is_moderator(user):
    return user.is_authenticated and user.is_active and user.is_staff


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_member(user, channel):
    return _active(user) and Membership.objects.filter(channel=channel, user=user).exists()


def channels_visible_to(user):
    """Channels `user` may read: every social channel, and the others they belong to."""
    if not _active(user):
        return Channel.objects.none()
    return Channel.objects.filter(
        Q(kind=Channel.Kind.SOCIAL) | Q(memberships__user=user)
    ).distinct()


def can_read_channel(user, channel):
    if not _active(user):
        return False
    return channel.is_public or is_member(user, channel)


def can_join_channel(user, channel):
    return _active(user) and channel.is_public and not channel.is_archived


def can_post(user, channel):
    """Members post; an archived channel is read-only."""
    return not channel.is_archived and is_member(user, channel)


def can_archive_channel(user, channel):
    if not _active(user) or channel.kind != Channel.Kind.SOCIAL or channel.is_archived:
        return False
    return channel.created_by_id == user.pk or is_moderator(user)


def can_edit_message(user, message, *, now=None):
    if not _active(user) or message.author_id != user.pk or message.is_deleted:
        return False
    if message.channel.is_archived:
        return False
    return (now or timezone.now()) - message.created_at <= edit_window()


def can_delete_message(user, message):
    if not _active(user) or message.is_deleted:
        return False
    return message.author_id == user.pk or is_moderator(user)


def can_react(user, message):
    return not message.is_deleted and can_post(user, message.channel)


def get_channel_for(user, slug):
    """The channel `user` may read, or 404 whether it is missing or forbidden."""
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None or not can_read_channel(user, channel):
        raise Http404("No such channel.")
    return channel


def get_channel_by_id_for(user, channel_id):
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or not can_read_channel(user, channel):
        raise Http404("No such channel.")
    return channel


def get_message_for(user, message_id, channel=None):
    """A message in a channel `user` may read, or 404 (missing and forbidden alike)."""
    messages = Message.objects.select_related("channel", "author__profile")
    if channel is not None:
        messages = messages.filter(channel=channel)
    message = messages.filter(pk=message_id).first()
    if message is None or not can_read_channel(user, message.channel):
        raise Http404("No such message.")
    return message
