"""A person's calendar feed: their upcoming meetups (those they answered going, maybe
or waitlisted for) and their study groups' weekly meetings, for Google, Apple or
Outlook calendars. Read with a secret token, so it is checked against what the person
may still see each time it is fetched."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation

from groups.calendar import group_events
from groups.models import StudyGroup
from lounge.meetups.calendar import meetup_event, new_calendar, skipped_by_meetup
from lounge.meetups.models import Rsvp
from lounge.meetups.permissions import meetups_visible_to

# Meetups that ended more than this long ago drop out of the feed.
KEEP_PAST = timedelta(days=30)


def feed_for(user, *, site_url):
    # Calendar apps fetch the feed without the person's session: speak their chosen language.
    profile = getattr(user, "profile", None)
    language = getattr(profile, "interface_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return _feed(user, site_url=site_url)


def _feed(user, *, site_url):
    now = timezone.now()
    calendar = new_calendar(translation.gettext("Commons: meetups and study groups"))
    answered = Rsvp.objects.filter(user=user).exclude(status=Rsvp.Status.CANT)
    meetups = list(
        meetups_visible_to(user)
        .filter(last_starts_at__gte=now - KEEP_PAST, occurrences__rsvps__in=answered)
        .distinct()
    )
    skipped = skipped_by_meetup(meetups)
    for meetup in meetups:
        calendar.add_component(meetup_event(meetup, skipped.get(meetup.pk, []), site_url=site_url))
    groups = StudyGroup.objects.filter(
        memberships__user=user, archived_at__isnull=True
    ).prefetch_related("meeting_slots")
    for group in groups:
        for event in group_events(group, now):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
