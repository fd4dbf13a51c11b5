"""Who may see, create, manage and answer meetups. A meetup is as visible as its
channel: lounge.permissions decides who reads a channel, and this module asks it.
Views, the calendar feed and the admin all ask these; the same 404 answers a meetup
that is missing and one that is not yours to see."""

from django.http import Http404

from lounge.permissions import (
    can_moderate_channel,
    can_post,
    can_read_channel,
    channels_readable_by,
)

from .models import Meetup


def meetups_visible_to(user):
    """Meetups of the chats `user` may read."""
    return Meetup.objects.filter(channel__in=channels_readable_by(user))


def can_see_meetup(user, meetup):
    return can_read_channel(user, meetup.channel)


def can_create_meetup(user, channel):
    """Whoever may post in a channel may call a meetup there."""
    return channel is not None and not channel.is_archived and can_post(user, channel)


def can_manage_meetup(user, meetup):
    """Edit, cancel, skip a date: its organiser while they can still read the channel,
    and the channel's moderators (a course's instructors and TAs for their course)."""
    if not can_see_meetup(user, meetup):
        return False
    return meetup.organiser_id == user.pk or can_moderate_channel(user, meetup.channel)


def manages_as_moderator(user, meetup):
    """Acting on someone else's meetup is a moderation act (a reason, recorded)."""
    return meetup.organiser_id != user.pk and can_manage_meetup(user, meetup)


def can_rsvp(user, meetup):
    return (
        can_see_meetup(user, meetup) and not meetup.is_cancelled and not meetup.channel.is_archived
    )


def get_meetup_for(user, meetup_id):
    """The meetup `user` may see, or 404 whether it is missing or forbidden."""
    meetup = (
        Meetup.objects.select_related("channel", "organiser__profile").filter(pk=meetup_id).first()
    )
    if meetup is None or not can_see_meetup(user, meetup):
        raise Http404("No such meetup.")
    return meetup
