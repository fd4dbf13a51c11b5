"""Message bodies with their mentions, shared by every verb that publishes text
(posting, editing, approving a held message): one rendering path for every message."""

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from accounts.models import Block

from .. import group_mentions
from ..markup import mention_handles, render_message


def render_body(channel, body):
    """`body` as safe HTML; @handles of the channel's active members become mentions,
    and so do group mentions (@here, @channel…: lounge.group_mentions), whose people
    are in `mentioned_ids` too (check_group_mentions says who may make them)."""
    handles = mention_handles(body)
    groups = group_mentions.named_in(channel, handles)
    handles -= set(groups)
    people = {}
    if handles:
        people = dict(
            get_user_model()
            .objects.filter(lounge_memberships__channel=channel, is_active=True)
            .annotate(handle=Lower("username"))
            .filter(handle__in=handles)
            .values_list("handle", "pk")
        )
    return render_message(body, people, groups)


def check_group_mentions(channel, rendered, *, moderates):
    group_mentions.check_allowed(channel, rendered.group_names, moderates=moderates)


def mentionable(author, mentioned_ids):
    """People who blocked the author are neither notified nor highlighted."""
    if not mentioned_ids:
        return set()
    blockers = Block.objects.filter(blocker_id__in=mentioned_ids, blocked=author)
    return set(mentioned_ids) - {author.pk} - set(blockers.values_list("blocker_id", flat=True))
