"""Meetups shown beside other things: a channel's coming meetups on its page, and what
is happening now or soon in the lounge's sidebar and on home. Inclusion tags, so that
the chat's and home's views need not know about meetups."""

from datetime import timedelta

from babel.dates import format_date, format_datetime
from django import template
from django.utils import timezone
from django.utils.translation import pgettext

from core.dates import babel_locale
from lounge.permissions import channels_readable_by

from ..dates import SOON, Date, dates_between
from ..models import Meetup, Rsvp
from ..permissions import meetups_visible_to

register = template.Library()


@register.filter
def day_text(value):
    """A calendar day in the active language: '7 Dec 2026', '7 dic 2026'."""
    if not value:
        return ""
    # Translators: a CLDR date pattern: '7 Dec 2026'
    return format_date(value, pgettext("date pattern", "d MMM y"), locale=babel_locale())


@register.filter
def day_and_time(value):
    """A datetime already in the zone it is shown in, in the active language: 'Tue 8 Dec,
    19:00' (the zone is named nearby)."""
    if not value:
        return ""
    # Translators: a CLDR date pattern: 'Tue 8 Dec, 19:00'
    return format_datetime(
        value, pgettext("date pattern", "EEE d MMM, HH:mm"), locale=babel_locale()
    )


CHANNEL_DATES = 3
NOW_DATES = 4
MY_DATES = 5
# A meetup is looked at this long before its last date starts (the longest lasts 12 h).
LONGEST = timedelta(hours=12)


@register.inclusion_tag("meetups/tags.html#channel_meetups", takes_context=True)
def channel_meetups(context, channel, can_plan=False):
    """`can_plan`: the page already knows whether the viewer may post here (a hint for
    the link only; the meetup form checks for itself)."""
    user = context["user"]
    now = timezone.now()
    meetups = list(
        Meetup.objects.active()
        .filter(channel=channel, last_starts_at__gte=now - LONGEST)
        .select_related("channel")
    )
    dates = [
        date
        for date in dates_between(meetups, now, now + timedelta(days=30), viewer=user)
        if not date.is_skipped
    ]
    return {
        "dates": dates[:CHANNEL_DATES],
        "channel": channel,
        "now": now,
        "can_create": bool(can_plan) and not channel.is_archived,
    }


@register.inclusion_tag("meetups/tags.html#meetups_now", takes_context=True)
def meetups_now(context):
    """Dates happening now or starting within SOON that the person may see: one query,
    and one more for skipped dates when there are any such meetups."""
    user = context["user"]
    now = timezone.now()
    meetups = list(
        meetups_visible_to(user)
        .active()
        .filter(starts_at__lte=now + SOON, last_starts_at__gte=now - LONGEST)
    )
    if not meetups:
        return {"dates": []}
    dates = [
        date for date in dates_between(meetups, now, now + SOON, viewer=None) if not date.is_skipped
    ]
    return {"dates": dates[:NOW_DATES], "now": now}


@register.inclusion_tag("meetups/tags.html#my_meetups", takes_context=True)
def my_meetups(context):
    """The next dates the person answered going, maybe or waitlisted to, from their
    answers alone: one query."""
    user = context["user"]
    now = timezone.now()
    rsvps = (
        Rsvp.objects.filter(
            user=user,
            status__in=[Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.WAITLISTED],
            occurrence__ends_at__gt=now,
            occurrence__skipped_at__isnull=True,
            occurrence__meetup__cancelled_at__isnull=True,
            occurrence__meetup__channel__in=channels_readable_by(user),
        )
        .select_related("occurrence__meetup__channel")
        .order_by("occurrence__starts_at")[:MY_DATES]
    )
    dates = [
        Date(
            r.occurrence.meetup,
            r.occurrence.index,
            r.occurrence.starts_at,
            r.occurrence.ends_at,
            row=r.occurrence,
            mine=r,
        )
        for r in rsvps
    ]
    return {"dates": dates, "now": now}
